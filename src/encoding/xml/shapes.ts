import { specializationNamespaces } from '../../../generated/flexcontainers/shapes.gen.js';
import { complexShapes, resourceShapes } from '../../../generated/shapes.gen.js';
import type { MemberShapes, ValueShape } from '../../codegen-api/shape.js';
import { resourceMemberShapes } from '../resource-shapes.js';
import { WRAPPER_MEMBERS, WRAPPER_ROOTS } from '../../primitives/wrappers.js';

// Where the XML codec looks up how a value is written. Everything typed comes from the generated
// shapes table; the few tables here say what the schemas cannot: which roots exist besides
// resources, and where the XSD uses XML attributes or repeated elements instead of xs:list.

export const M2M_NAMESPACE = 'http://www.onem2m.org/xml/protocols';
export const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

/**
 * Namespaces the encoder declares, by prefix. The dcfg URI (device configuration types such as
 * dcfg:datc) is an assumption: we found no XSD stating it. The decoder therefore checks only the
 * m2m namespace strictly and accepts whatever URI a body binds another declared prefix to.
 */
export const NAMESPACES: Readonly<Record<string, string>> = {
  // The flexContainer specialisations' prefixes (cod:, hod:, …), from their schemas; as assumed as dcfg's.
  ...specializationNamespaces,
  m2m: M2M_NAMESPACE,
  dcfg: 'http://www.onem2m.org/xml/dcfg',
};

/** Wrapper roots by shape, as the lookups below want them. */
const WRAPPER_ROOT_SHAPES: Readonly<Record<string, ValueShape>> = Object.fromEntries(
  Object.entries(WRAPPER_ROOTS).map(([root, { shape }]) => [root, shape]),
);

/**
 * Result content 5/6 (attributes + child references) adds `ch` to any resource; it is not an
 * attribute in the resource schemas.
 */
const RESOURCE_EXTRA_MEMBERS: MemberShapes = { ch: '[m2m:childResourceRef' };

/**
 * Complex types that the XSD defines as simple content with XML attributes (§6.3.5.24, §6.3.5.29):
 * `<ch nm="cnt1" typ="3">cse-in/ae/cnt1</ch>`. JSON puts the text under `val` (§8.4.2).
 */
const SIMPLE_CONTENT: Readonly<Record<string, string>> = { 'm2m:childResourceRef': 'val', 'm2m:mgmtLinkRef': 'val' };

/**
 * Lists whose items contain spaces (schedule entries, semantic filters) are repeated elements in
 * the XSD (maxOccurs unbounded), not one xs:list element. The shapes table writes both as `[s`;
 * until the generator tells them apart, they are named here.
 */
const REPEATED_LISTS: Readonly<Record<string, readonly string[]>> = {
  'm2m:scheduleEntries': ['sce'],
  'm2m:activityPattern': ['se'],
  'm2m:deletionContexts': ['tod'],
  accessControlContexts: ['actw'],
  'm2m:filterCriteria': ['smf'],
};

/** A record's own entry: shape tables are plain objects, and `constructor` is not a member. */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export type StructureKind = 'resource' | 'complex' | 'wrapper';

/** How an object-valued shape is laid out in XML. */
export interface Structure {
  readonly name: string;
  readonly kind: StructureKind;
  /** Typed members, in schema (alphabetical) order, which is the order the encoder writes. */
  readonly members: MemberShapes;
  /** Members written as XML attributes when their value is a scalar. */
  readonly attributes: ReadonlySet<string>;
  /** The member carried as the element's own text (simple content), if any. */
  readonly text: string | undefined;
  /** Members that are repeated elements although their items are simple values. */
  readonly repeated: ReadonlySet<string>;
}

const SCALARS = new Set(['s', 'n', 'b', 'sn', 'a', 'o']);

export function isScalarShape(shape: ValueShape): boolean {
  return SCALARS.has(shape);
}

/** `a` and `o` hold either text or typed roots (`<rep><m2m:cin>…</m2m:cin></rep>`). */
export function isAnyShape(shape: ValueShape): boolean {
  return shape === 'a' || shape === 'o';
}

const structures = new Map<string, Structure | undefined>();

function buildStructure(name: string): Structure | undefined {
  const resource = resourceMemberShapes(name);
  if (resource !== undefined) {
    return {
      name,
      kind: 'resource',
      members: { ...resource, ...RESOURCE_EXTRA_MEMBERS },
      attributes: new Set(['rn']),
      text: undefined,
      repeated: new Set(),
    };
  }
  const complex = own(complexShapes, name);
  if (complex !== undefined) {
    const text = own(SIMPLE_CONTENT, name);
    const attributes =
      text === undefined
        ? []
        : Object.keys(complex).filter((key) => key !== text && isScalarShape(own(complex, key) ?? ''));
    return {
      name,
      kind: 'complex',
      members: complex,
      attributes: new Set(attributes),
      text,
      repeated: new Set(own(REPEATED_LISTS, name) ?? []),
    };
  }
  const wrapper = own(WRAPPER_MEMBERS, name);
  if (wrapper !== undefined)
    return { name, kind: 'wrapper', members: wrapper, attributes: new Set(), text: undefined, repeated: new Set() };
  return undefined;
}

/** The layout of a resource type, complex type or wrapper root; undefined for value shapes. */
export function structureOf(shape: ValueShape): Structure | undefined {
  if (!structures.has(shape)) structures.set(shape, buildStructure(shape));
  return structures.get(shape);
}

export function isResourceType(name: string): boolean {
  return resourceMemberShapes(name) !== undefined;
}

/** The shape of a root element (`m2m:cnt`, `m2m:uril`…), or undefined when it is not a known root. */
export function rootShape(name: string): ValueShape | undefined {
  return isResourceType(name) ? name : own(WRAPPER_ROOT_SHAPES, name);
}

const resourceByLocalName = new Map(
  Object.keys(resourceShapes).map((type) => [type.slice(type.indexOf(':') + 1), type]),
);

/**
 * Inside m2m:rce the JSON member is the short type name without prefix (`{"cnt": {…}, "uri": …}`)
 * while the XSD element is the global one (`<m2m:cnt>`). Returns the resource type for a JSON key.
 */
export function resourceInWrapper(structure: Structure, key: string): string | undefined {
  return structure.name === 'm2m:rce' ? resourceByLocalName.get(key) : undefined;
}

/** The JSON key an element of m2m:rce maps to: `m2m:cnt` and `cnt` both give `cnt`. */
export function wrapperKeyForElement(structure: Structure, element: string): string {
  if (structure.name !== 'm2m:rce') return element;
  const local = isResourceType(element) ? element.slice(element.indexOf(':') + 1) : element;
  return resourceByLocalName.has(local) ? local : element;
}
