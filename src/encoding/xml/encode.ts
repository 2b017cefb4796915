import { listItemShape, type ValueShape } from '../../codegen-api/shape.js';
import type { PrimitiveContent } from '../../primitives/content.js';
import { EncodingError } from '../errors.js';
import { childPointer } from '../pointer.js';
import { MAX_DEPTH, xmlElement, type XmlElement } from './element.js';
import {
  isAnyShape,
  isResourceType,
  isScalarShape,
  NAMESPACES,
  own,
  resourceInWrapper,
  rootShape,
  structureOf,
  type Structure,
} from './shapes.js';

// JavaScript value → XmlElement tree, typed by the shapes table. Whatever XML could not give back
// unchanged is refused with the JSON pointer of the value, never written altered.

interface At {
  readonly pointer: string;
  readonly depth: number;
}

const fail = (at: At, reason: string) => new EncodingError('xml', at.pointer, reason);

function child(at: At, key: string | number): At {
  // Also stops a cyclic object, which would otherwise recurse until the stack overflows.
  if (at.depth >= MAX_DEPTH - 1)
    throw fail(at, `nested deeper than ${MAX_DEPTH} levels (or the value contains a cycle)`);
  return { pointer: childPointer(at.pointer, key), depth: at.depth + 1 };
}

const OTHER_ENCODINGS = 'or use the json/cbor encoding';
const EMPTY = `is written as an empty element, which oneM2M XML reads as null (TS-0004 §8.3.1); omit the attribute, send null to delete it, ${OTHER_ENCODINGS}`;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'binary data';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  return `a value of type ${typeof value}`;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array);

// XML 1.0 §2.2: these cannot appear in a document at all, not even as character references.
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function xmlText(text: string, at: At): string {
  const bad = NOT_XML.exec(text);
  if (bad)
    throw fail(
      at,
      `character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} cannot be written in XML 1.0; remove it ${OTHER_ENCODINGS}`,
    );
  return text;
}

/** Binary data travels as base64, as in the JSON codec (TS-0004 §8.4 has no binary type). */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function stringText(value: unknown, at: At): string | undefined {
  if (typeof value === 'string') return xmlText(value, at);
  if (value instanceof Uint8Array) return base64(value);
  return undefined;
}

/** The text of a simple value; the JavaScript type must be the one decoding gives back. */
function scalarText(shape: ValueShape, value: unknown, at: At): string {
  switch (shape) {
    case 'n':
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      throw fail(at, `expected a finite number, got ${describe(value)}`);
    case 'b':
      if (typeof value === 'boolean') return String(value);
      throw fail(at, `expected true or false, got ${describe(value)}`);
    case 'sn':
      if (typeof value === 'number') {
        if (Number.isSafeInteger(value)) return String(value);
        throw fail(at, `${value} is not an integer; this attribute holds a timestamp/duration string or an integer`);
      }
      if (typeof value === 'string') {
        if (/^\s*-?\d+\s*$/.test(value))
          throw fail(at, `${describe(value)} would be read back as the number ${value.trim()}; send it as a number`);
        if (value.trim() !== value)
          throw fail(at, `${describe(value)} has leading or trailing whitespace, which XML drops for this type`);
        return xmlText(value, at);
      }
      throw fail(at, `expected a timestamp/duration string or an integer, got ${describe(value)}`);
    case 'a':
    case 'o': {
      const text = stringText(value, at);
      if (text !== undefined) return text;
      throw fail(
        at,
        `${describe(value)} in an attribute of type any cannot be written so that XML reads it back unchanged (XML has text only); send a string (e.g. JSON.stringify) ${OTHER_ENCODINGS}`,
      );
    }
    default: {
      const text = stringText(value, at);
      if (text !== undefined) return text;
      throw fail(at, `expected a string, got ${describe(value)} (XML would read it back as a string)`);
    }
  }
}

function leaf(name: string, text: string, at: At): XmlElement {
  // The CSEBase's parentID is "" (it has no parent); pi is never null, so the empty element is unambiguous.
  if (text === '' && name === 'pi') return xmlElement(name);
  if (text === '') throw fail(at, `an empty string ${EMPTY}`);
  return xmlElement(name, { text });
}

const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?$/;

function checkName(name: string, at: At): void {
  if (!XML_NAME.test(name))
    throw fail(at, `${JSON.stringify(name)} is not a valid XML element name; rename it ${OTHER_ENCODINGS}`);
  // fast-xml-parser refuses these names outright (prototype pollution guard), so they could not be read back.
  if (RESERVED_NAMES.has(name))
    throw fail(at, `the name ${name} cannot be read back by the XML parser; rename it ${OTHER_ENCODINGS}`);
  const colon = name.indexOf(':');
  if (colon > 0 && own(NAMESPACES, name.slice(0, colon)) === undefined)
    throw fail(
      at,
      `namespace prefix ${name.slice(0, colon)} is unknown to the XML codec (known: ${Object.keys(NAMESPACES).join(', ')})`,
    );
}

/** Elements for a member of a known shape: none when undefined, one or (complex lists) several. */
function encodeMember(name: string, shape: ValueShape, value: unknown, at: At, repeated: boolean): XmlElement[] {
  if (value === undefined) return [];
  if (value === null) return [xmlElement(name)];
  const item = listItemShape(shape);
  if (item === undefined) return [encodeSingle(name, shape, value, at)];
  if (!Array.isArray(value)) throw fail(at, `expected a list, got ${describe(value)}`);
  if (value.length === 0) throw fail(at, `an empty list ${EMPTY}`);
  if (isScalarShape(item) && !isAnyShape(item) && !repeated) {
    const texts = value.map((v: unknown, index) => {
      const itemAt = child(at, index);
      const text = scalarText(item, v, itemAt);
      if (text === '' || /\s/.test(text)) {
        throw fail(
          itemAt,
          `list item ${describe(v)} ${text === '' ? 'is empty' : 'contains whitespace'}, but XML writes this list as one element of whitespace-separated items (xs:list); send items without whitespace ${OTHER_ENCODINGS}`,
        );
      }
      return text;
    });
    return [xmlElement(name, { text: texts.join(' ') })];
  }
  return value.map((v: unknown, index) => {
    const itemAt = child(at, index);
    if (v === null || v === undefined)
      throw fail(itemAt, 'a list item cannot be null in XML (one empty element means the whole list is null)');
    return encodeSingle(name, item, v, itemAt);
  });
}

function encodeSingle(name: string, shape: ValueShape, value: unknown, at: At): XmlElement {
  if (isAnyShape(shape)) return encodeAny(name, value, at);
  if (isScalarShape(shape)) return leaf(name, scalarText(shape, value, at), at);
  const structure = structureOf(shape);
  if (structure !== undefined) return encodeStructure(name, structure, value, at, false);
  const [element] = encodeUnknown(name, value, at);
  return element ?? xmlElement(name);
}

/**
 * An any-typed value: text, or typed roots such as a notification's resource
 * (`<rep><m2m:cin>…</m2m:cin></rep>`) or a response's content, which decode back unchanged.
 */
function encodeAny(name: string, value: unknown, at: At): XmlElement {
  if (isPlainObject(value)) {
    const roots = Object.entries(value).flatMap(([key, v]) =>
      v === undefined ? [] : [{ key, shape: rootShape(key), value: v }],
    );
    // A resource root there is one element: a list of resources would come back as one.
    const typed = roots.every(
      ({ shape, value: v }) => shape !== undefined && (structureOf(shape) === undefined || isPlainObject(v)),
    );
    if (roots.length > 0 && typed)
      return xmlElement(name, {
        children: roots.map((root) => encodeRoot(root.key, root.shape ?? 's', root.value, child(at, root.key))),
      });
  }
  return leaf(name, scalarText('a', value, at), at);
}

function encodeStructure(name: string, structure: Structure, value: unknown, at: At, root: boolean): XmlElement {
  if (!isPlainObject(value)) throw fail(at, `expected an object (${structure.name}), got ${describe(value)}`);
  const attributes: Record<string, string> = {};
  for (const key of structure.attributes) {
    const v = value[key];
    // A null or odd-typed member falls through to an element, which decoding also accepts.
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      attributes[key] = scalarText(own(structure.members, key) ?? 's', v, child(at, key));
  }
  let text = '';
  if (structure.text !== undefined && value[structure.text] !== undefined) {
    const textAt = child(at, structure.text);
    text = scalarText(own(structure.members, structure.text) ?? 'a', value[structure.text], textAt);
    if (text === '') throw fail(textAt, `an empty string ${EMPTY}`);
  }
  const children: XmlElement[] = [];
  // Known deviation: members go out in schema (alphabetical) order, not the XSD's sequence order.
  for (const [key, shape] of Object.entries(structure.members)) {
    if (Object.hasOwn(attributes, key) || key === structure.text) continue;
    children.push(...encodeMember(key, shape, value[key], child(at, key), structure.repeated.has(key)));
  }
  for (const [key, v] of Object.entries(value)) {
    if (Object.hasOwn(structure.members, key) || v === undefined) continue;
    const keyAt = child(at, key);
    if (structure.kind === 'resource' && isResourceType(key)) {
      // Child resources returned inline (result content 4/8) repeat their global element.
      if (!Array.isArray(v)) throw fail(keyAt, `inline child resources are a list ([{…}]), got ${describe(v)}`);
      if (v.length === 0)
        throw fail(
          keyAt,
          `an empty list of child resources is written as no element at all, so it would not come back; omit it ${OTHER_ENCODINGS}`,
        );
      for (const [index, item] of (v as unknown[]).entries())
        children.push(encodeStructure(key, structureOf(key) as Structure, item, child(keyAt, index), true));
      continue;
    }
    const wrapped = resourceInWrapper(structure, key);
    if (wrapped !== undefined) {
      children.push(encodeStructure(wrapped, structureOf(wrapped) as Structure, v, keyAt, true));
      continue;
    }
    if (structure.name === 'm2m:rce' && isResourceType(key))
      throw fail(
        keyAt,
        `inside m2m:rce the resource goes under its short name without prefix (${key.slice(key.indexOf(':') + 1)})`,
      );
    children.push(...encodeUnknown(key, v, keyAt));
  }
  if (
    !root &&
    structure.kind === 'complex' &&
    children.length === 0 &&
    text === '' &&
    Object.keys(attributes).length === 0
  )
    throw fail(at, `an empty object ${EMPTY}`);
  return xmlElement(name, { attributes, children, text });
}

/**
 * A member the shapes do not know: written by its JavaScript type (lists as repeated elements,
 * objects as nested elements). Decoding cannot know the type and gives strings back.
 */
function encodeUnknown(name: string, value: unknown, at: At): XmlElement[] {
  checkName(name, at);
  if (value === undefined) return [];
  if (value === null) return [xmlElement(name)];
  if (Array.isArray(value)) return value.flatMap((item: unknown, index) => encodeUnknown(name, item, child(at, index)));
  if (typeof value === 'string' || value instanceof Uint8Array)
    return [xmlElement(name, { text: stringText(value, at) ?? '' })];
  if (typeof value === 'boolean') return [xmlElement(name, { text: String(value) })];
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw fail(at, `${value} is not a finite number`);
    return [xmlElement(name, { text: String(value) })];
  }
  if (isPlainObject(value)) {
    const children = Object.entries(value).flatMap(([key, v]) => {
      const shape = rootShape(key);
      if (shape === undefined || v === undefined) return encodeUnknown(key, v, child(at, key));
      const keyAt = child(at, key);
      return Array.isArray(v) && structureOf(shape) !== undefined
        ? v.map((item: unknown, index) => encodeRoot(key, shape, item, child(keyAt, index)))
        : [encodeRoot(key, shape, v, keyAt)];
    });
    return [xmlElement(name, { children })];
  }
  throw fail(at, `a ${typeof value} is not data`);
}

/**
 * A root element. Roots are never null, so an empty root is the empty value of its shape:
 * `<m2m:uril/>` is an empty discovery result, `<m2m:cnt/>` a container create with defaults.
 */
function encodeRoot(name: string, shape: ValueShape, value: unknown, at: At): XmlElement {
  if (value === null) throw fail(at, 'a root element cannot be null');
  const structure = structureOf(shape);
  if (structure !== undefined) return encodeStructure(name, structure, value, at, true);
  if ((Array.isArray(value) && value.length === 0) || value === '') return xmlElement(name);
  const [element] = encodeMember(name, shape, value, at, false);
  return element ?? xmlElement(name);
}

/** The root element for primitive content `{ "m2m:xxx": value }`. */
export function contentToElement(content: PrimitiveContent): XmlElement {
  const top: At = { pointer: '', depth: 0 };
  if (!isPlainObject(content))
    throw fail(top, `primitive content must be an object with one root member, got ${describe(content)}`);
  const keys = Object.keys(content).filter((key) => content[key] !== undefined);
  const [name] = keys;
  if (name === undefined || keys.length > 1)
    throw fail(
      top,
      `primitive content has ${keys.length} root members (${keys.join(', ')}); an XML document has exactly one root element`,
    );
  const at = child(top, name);
  const shape = rootShape(name);
  if (shape !== undefined) return encodeRoot(name, shape, content[name], at);
  if (!name.startsWith('m2m:'))
    throw fail(
      at,
      `root ${JSON.stringify(name)} is not oneM2M content; XML roots are m2m:<type> (a resource such as m2m:cnt, or m2m:uril, m2m:sgn, m2m:rsp…)`,
    );
  const [element, ...more] = encodeUnknown(name, content[name], at);
  if (element === undefined || more.length > 0) throw fail(at, 'an unknown root must be one object or value');
  return element;
}
