/** Which rule a payload broke. */
export type ValidationRule =
  /** A create carried an attribute whose create rule is NP. */
  | 'create-not-permitted'
  /** A create lacked an attribute whose create rule is M. */
  | 'create-mandatory'
  /** An update carried an attribute whose update rule is NP. */
  | 'update-not-permitted'
  /** An update lacked an attribute whose update rule is M. */
  | 'update-mandatory'
  /** A full resource lacked an attribute of cardinality 1. */
  | 'resource-mandatory'
  /** The value does not have the attribute's data type (type, range, pattern, enumeration, list size). */
  | 'data-type'
  /** The attribute is not defined for this resource type at all. */
  | 'unknown-attribute'
  /** The operation itself is not allowed for this resource type (e.g. updating a contentInstance). */
  | 'operation-not-permitted'
  /** The payload is not a JSON object. */
  | 'not-an-object';

/** What the payload was checked as. */
export type ValidationOperation = 'create' | 'update' | 'resource';

/** One problem found in a payload, with enough context to fix it. */
export interface ValidationIssue {
  /** The resource type's TypeScript name, e.g. `Container`. */
  readonly resourceType: string;
  /** The JSON root key, e.g. `m2m:cnt`. */
  readonly typeName: string;
  readonly operation: ValidationOperation;
  readonly rule: ValidationRule;
  /** The attribute's short name (the JSON key), when the issue concerns one. */
  readonly attribute?: string;
  /** The attribute's long name, when the schema defines the attribute. */
  readonly longName?: string;
  /** JSON pointer to the offending value inside the resource object, e.g. `/enc/net/0`. */
  readonly pointer: string;
  /** A sentence naming the attribute, the rule and the fix. */
  readonly message: string;
}

/** The outcome of validating a payload. */
export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T; readonly issues: readonly [] }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };
