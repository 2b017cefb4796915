/** A create or update rule from the spec's attribute tables: mandatory, optional or not permitted. */
export type Rule = 'M' | 'O' | 'NP';

/** Access mode: read only (set by the CSE), write once (set at create) or read-write (updatable). */
export type Mode = 'RO' | 'RW' | 'WO';

/** TS-0004 cardinality; `(L)` marks a list, `nullable` an attribute an update may reset with null. */
export type Cardinality = '1' | '1 (nullable)' | '0..1' | '1 (L)' | '1 (L, non-empty)' | '0..1 (L)';

/** The operations a request is allowed to perform on a resource type. */
export type ResourceOperation = 'create' | 'update' | 'delete';

/** What the schemas say about one attribute of a resource type. */
export interface AttributeDescriptor {
  readonly longName: string;
  readonly mode: Mode;
  readonly create: Rule;
  readonly update: Rule;
  readonly cardinality: Cardinality;
  /** The oneM2M data type, e.g. `nonNegInteger`, `list<ID>` or `m2m:batchNotify`. */
  readonly dataType: string;
}

/** The runtime description of a resource type, generated from its schema. */
export interface ResourceDescriptor {
  /** The TypeScript name of the resource interface, e.g. `Container`. */
  readonly name: string;
  /** The `ty` number. mgmtObj specialisations share 13 and differ in `mgd`. */
  readonly ty: number;
  readonly mgd?: number;
  /** The JSON root key, e.g. `m2m:cnt`. */
  readonly typeName: string;
  readonly longName: string;
  readonly shortName: string;
  /** The schema file the descriptor was generated from, relative to the package root. */
  readonly schema: string;
  readonly operations: Readonly<Record<ResourceOperation, boolean>>;
  readonly parentTypes: readonly string[];
  readonly childTypes: readonly string[];
  readonly attributes: Readonly<Record<string, AttributeDescriptor>>;
}

/** Marks a generated descriptor literal; kept as a function so bundlers can drop unused ones. */
export function defineResource<const D extends ResourceDescriptor>(descriptor: D): D {
  return descriptor;
}
