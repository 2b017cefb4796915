import type { ResourceDescriptor } from '../codegen-api/descriptor.js';
import { explain, operationNotPermitted, type RawError } from './explain.js';
import type { ValidationIssue, ValidationOperation, ValidationResult } from './issue.js';
import { ValidationError } from './ValidationError.js';

/** A validation function as ajv's standalone code emits it. */
export interface RawValidator {
  (data: unknown): boolean;
  errors?: readonly RawError[] | null;
}

/** Checks a payload (the object inside the `m2m:xxx` root key) for one resource type and operation. */
export interface Validator<T> {
  (value: unknown): ValidationResult<T>;
  /** Throws a {@link ValidationError} listing every issue, or returns the value typed. */
  assert(value: unknown): T;
  readonly descriptor: ResourceDescriptor;
  readonly operation: ValidationOperation;
  /** The generated check itself, for validators composed from it (flexContainer specialisations). */
  readonly raw: RawValidator;
}

/** Wraps a generated ajv function so that failures come back as issues naming attribute and rule. */
export function bindValidator<T>(
  descriptor: ResourceDescriptor,
  operation: ValidationOperation,
  raw: RawValidator,
): Validator<T> {
  const validate = (value: unknown): ValidationResult<T> => {
    const issues: ValidationIssue[] = [];
    if ((operation === 'create' || operation === 'update') && !descriptor.operations[operation]) {
      issues.push(operationNotPermitted(descriptor, operation));
    }
    if (!raw(value)) issues.push(...explain(descriptor, operation, raw.errors ?? []));
    return issues.length === 0 ? { ok: true, value: value as T, issues: [] } : { ok: false, issues };
  };
  const assert = (value: unknown): T => {
    const result = validate(value);
    if (!result.ok) throw new ValidationError(result.issues);
    return result.value;
  };
  return Object.assign(validate, { assert, descriptor, operation, raw });
}
