import { listItemShape, type ValueShape } from '../../codegen-api/shape.js';
import type { PrimitiveContent } from '../../primitives/content.js';
import { DecodingError } from '../errors.js';
import type { XmlElement } from './element.js';
import {
  isAnyShape,
  isResourceType,
  isScalarShape,
  M2M_NAMESPACE,
  own,
  resourceInWrapper,
  rootShape,
  structureOf,
  wrapperKeyForElement,
  type Structure,
} from './shapes.js';

// XmlElement tree → the object the JSON codec would give, typed by the shapes table: numbers,
// booleans and lists come back as such, whatever the number of list items. Element order is free.

const fail = (path: string, reason: string) => new DecodingError('xml', `${path}: ${reason}`);

/** Defines rather than assigns, so that no element name can reach a prototype. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Text types whose spaces are data; for the others (numbers, lists, complex types) XML collapses them. */
const keepsSpaces = (shape: ValueShape) => shape === 's' || isAnyShape(shape);

/** An empty element, or `xsi:nil`: null (TS-0004 §8.3.1). */
function isNull(element: XmlElement, shape: ValueShape): boolean {
  if (element.nil) return true;
  if (element.children.length > 0 || Object.keys(element.attributes).length > 0) return false;
  return keepsSpaces(shape) ? element.text === '' : element.text.trim() === '';
}

function decodeScalar(shape: ValueShape, text: string, path: string): unknown {
  const trimmed = text.trim();
  switch (shape) {
    case 'n':
      if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed) && Number.isFinite(Number(trimmed)))
        return Number(trimmed);
      throw fail(path, `expected a finite number, got ${JSON.stringify(text)}`);
    case 'b':
      if (trimmed === 'true' || trimmed === '1') return true;
      if (trimmed === 'false' || trimmed === '0') return false;
      throw fail(path, `expected true or false, got ${JSON.stringify(text)}`);
    case 'sn':
      // A timestamp or duration string, or an integer (relative milliseconds): digits are the integer.
      return /^-?\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed)) ? Number(trimmed) : trimmed;
    default:
      return text;
  }
}

function scalarOf(element: XmlElement, shape: ValueShape, path: string): unknown {
  const [first] = element.children;
  if (first !== undefined) throw fail(path, `expected a simple value, found element <${first.name}>`);
  return decodeScalar(shape, element.text, path);
}

function groupByName(children: readonly XmlElement[]): Map<string, XmlElement[]> {
  const groups = new Map<string, XmlElement[]>();
  for (const child of children) {
    const group = groups.get(child.name);
    if (group) group.push(child);
    else groups.set(child.name, [child]);
  }
  return groups;
}

/** The value of a member given by one or more elements of the same name. */
function decodeGroup(elements: readonly XmlElement[], shape: ValueShape, path: string, repeated: boolean): unknown {
  const item = listItemShape(shape);
  if (item === undefined) {
    const [element] = elements;
    if (element === undefined || elements.length > 1)
      throw fail(path, `appears ${elements.length} times but holds one value`);
    return decodeSingle(element, shape, path);
  }
  const xsList = isScalarShape(item) && !isAnyShape(item) && !repeated;
  if (elements.length === 1 && elements[0] !== undefined && isNull(elements[0], xsList ? 'n' : item)) return null;
  // A sender that repeats an xs:list element instead of joining the items is read as well.
  if (xsList)
    return elements.flatMap((element) =>
      String(scalarOf(element, 's', path))
        .split(/\s+/)
        .filter((token) => token !== '')
        .map((token) => decodeScalar(item, token, path)),
    );
  return elements.map((element, index) => decodeSingle(element, item, `${path}[${index}]`));
}

function decodeSingle(element: XmlElement, shape: ValueShape, path: string): unknown {
  const structure = structureOf(shape);
  if (structure !== undefined) return decodeStructure(element, structure, path, false);
  if (isNull(element, shape)) return null;
  if (isAnyShape(shape)) return element.children.length > 0 ? decodeUnknown(element, path) : element.text;
  if (isScalarShape(shape)) return scalarOf(element, shape, path);
  return decodeUnknown(element, path);
}

function decodeStructure(
  element: XmlElement,
  structure: Structure,
  path: string,
  root: boolean,
): Record<string, unknown> | null {
  if (!root && structure.kind === 'complex' && isNull(element, structure.name)) return null;
  const out: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(element.attributes)) {
    const shape = own(structure.members, name);
    // An attribute the shapes type as a list or complex value is kept as its text.
    put(out, name, shape !== undefined && isScalarShape(shape) ? decodeScalar(shape, text, `${path}/@${name}`) : text);
  }
  if (structure.text !== undefined) {
    if (element.text !== '')
      put(out, structure.text, decodeScalar(own(structure.members, structure.text) ?? 'a', element.text, path));
  } else if (element.text.trim() !== '') {
    throw fail(
      path,
      `unexpected text ${JSON.stringify(element.text.trim().slice(0, 40))} in <${element.name}>, which holds elements`,
    );
  }
  for (const [name, elements] of groupByName(element.children)) {
    const key = wrapperKeyForElement(structure, name);
    const at = `${path}/${name}`;
    if (Object.hasOwn(out, key))
      throw fail(at, `${key} is given twice (as an XML attribute and an element, or under two names)`);
    const shape = own(structure.members, key);
    const wrapped = resourceInWrapper(structure, key);
    if (shape !== undefined) {
      // parentID is read-only and never reset, so its empty element is the CSEBase's empty
      // parent ID (JSON "") rather than null.
      const emptyParent =
        key === 'pi' &&
        structure.kind === 'resource' &&
        elements.length === 1 &&
        elements[0]?.text === '' &&
        elements[0].children.length === 0;
      put(out, key, emptyParent ? '' : decodeGroup(elements, shape, at, structure.repeated.has(key)));
    } else if (structure.kind === 'resource' && isResourceType(name)) {
      // Inline child resources are always a list, as in JSON, even when there is one.
      put(
        out,
        name,
        elements.map((child, index) => decodeStructure(child, structureOf(name) as Structure, `${at}[${index}]`, true)),
      );
    } else if (wrapped !== undefined) {
      const [only] = elements;
      if (only === undefined || elements.length > 1)
        throw fail(at, `appears ${elements.length} times but m2m:rce holds one resource`);
      put(out, key, decodeStructure(only, structureOf(wrapped) as Structure, at, true));
    } else {
      put(out, name, decodeUnknownGroup(elements, at));
    }
  }
  return out;
}

/** A typed root (`m2m:cnt`, `m2m:uril`…). Never null: an empty root is the empty value of its shape. */
function decodeRoot(element: XmlElement, shape: ValueShape, path: string): unknown {
  const structure = structureOf(shape);
  if (structure !== undefined) return decodeStructure(element, structure, path, true);
  if (isNull(element, shape)) return listItemShape(shape) !== undefined ? [] : '';
  return decodeGroup([element], shape, path, false);
}

function decodeUnknownGroup(elements: readonly XmlElement[], path: string): unknown {
  const [only] = elements;
  return only !== undefined && elements.length === 1
    ? decodeUnknown(only, path)
    : elements.map((element, index) => decodeUnknown(element, `${path}[${index}]`));
}

/**
 * An element the shapes do not describe: text as a string (empty: null), elements as an object
 * whose typed roots are decoded by their shape and everything else as strings. XML attributes
 * become members, and text beside them `val`, as TS-0004 §8.4.2 maps simple content to JSON.
 */
function decodeUnknown(element: XmlElement, path: string): unknown {
  if (element.nil) return null;
  const attributes = Object.entries(element.attributes);
  if (element.children.length === 0 && attributes.length === 0) return element.text === '' ? null : element.text;
  const out: Record<string, unknown> = {};
  for (const [name, text] of attributes) put(out, name, text);
  if (element.text.trim() !== '') put(out, 'val', element.text);
  for (const [name, elements] of groupByName(element.children)) {
    const at = `${path}/${name}`;
    if (Object.hasOwn(out, name)) throw fail(at, `${name} is given twice (as an XML attribute and an element)`);
    const shape = rootShape(name);
    if (shape === undefined) put(out, name, decodeUnknownGroup(elements, at));
    else
      put(
        out,
        name,
        elements.length === 1 && elements[0] !== undefined
          ? decodeRoot(elements[0], shape, at)
          : elements.map((child, index) => decodeRoot(child, shape, `${at}[${index}]`)),
      );
  }
  return out;
}

/** The primitive content `{ "m2m:xxx": value }` of a root element. */
export function elementToContent(root: XmlElement): PrimitiveContent {
  const shape = rootShape(root.name);
  if (shape !== undefined) return { [root.name]: decodeRoot(root, shape, root.name) };
  if (!root.name.startsWith('m2m:'))
    throw new DecodingError(
      'xml',
      `root element <${root.name}> is not oneM2M content; expected m2m:<type> such as <m2m:cnt xmlns:m2m="${M2M_NAMESPACE}">`,
    );
  return { [root.name]: decodeUnknown(root, root.name) };
}
