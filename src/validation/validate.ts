import { specializationDescriptors } from '../../generated/flexcontainers/descriptors.gen.js';
import { dataTypeChecks } from '../../generated/flexcontainers/validators/data-types.gen.js';
import { resourceTypeTable } from '../../generated/registry.gen.js';
import * as validators from '../../generated/validators/index.gen.js';
import type { SpecializationDescriptor } from '../codegen-api/specialization.js';
import type { Validator } from './bind-validator.js';
import { bindSpecializationValidator } from './bind-specialization-validator.js';
import type { ValidationIssue, ValidationOperation } from './issue.js';

// Validation of whole payloads as users keep them in files: `{ "m2m:cnt": { ... } }`, the type
// taken from the root key (or given), checked as a create, an update or a full resource.

/** A resource type of the schemas, or a flexContainer specialisation (validated as its base type plus its custom attributes). */
type TableEntry = (typeof resourceTypeTable)[number] | SpecializationDescriptor;

/** A payload problem that is not about one attribute: no root key, unknown type, wrong shape. */
export interface PayloadIssue {
  readonly rule: 'no-root' | 'unknown-type' | 'not-an-object' | 'type-mismatch';
  readonly pointer: string;
  readonly message: string;
}

/** The result of `validate(payload)`: ok, the type and operation checked, and every issue. */
export interface PayloadValidation {
  readonly ok: boolean;
  /** The resource type the payload was checked as, when it could be determined. */
  readonly typeName: string | undefined;
  readonly operation: ValidationOperation;
  /** Attribute issues carry pointers from the payload root, e.g. `/m2m:cnt/cni`. */
  readonly issues: readonly (ValidationIssue | PayloadIssue)[];
}

/** Options of `validate`: the operation to check for, and the type when the payload has no `m2m:` root key. */
export interface ValidateOptions {
  /** What the payload is: a create (default), an update, or a full resource as a CSE returns it. */
  readonly op?: ValidationOperation;
  /** The resource type, when the payload has no `m2m:` root: `cnt`, `m2m:cnt`, `container`, `Container` or `3`. */
  readonly type?: string;
}

/** The resource type or specialisation a user names in any of the usual ways, or undefined. */
export function findResourceType(name: string): TableEntry | undefined {
  const wanted = name.trim();
  const lower = wanted.toLowerCase();
  const specialization = specializationDescriptors.find(
    (d) => d.typeName === wanted || d.longName.toLowerCase() === lower || d.name.toLowerCase() === lower,
  );
  if (specialization) return specialization;
  return resourceTypeTable.find(
    (t) =>
      t.typeName === wanted ||
      t.typeName === `m2m:${lower}` ||
      t.longName.toLowerCase() === lower ||
      t.name.toLowerCase() === lower ||
      t.shortName.toLowerCase() === lower ||
      (/^\d+$/.test(wanted) && t.ty === Number(wanted) && t.mgd === undefined),
  );
}

const specializationValidators = new Map<string, Validator<unknown>>();

function validatorFor(entry: TableEntry, op: ValidationOperation): Validator<unknown> {
  if ('specializationOf' in entry) {
    // Bound as the generated flexcontainers/validators modules bind them, without loading them all.
    const key = `${entry.typeName} ${op}`;
    let validator = specializationValidators.get(key);
    if (!validator) {
      const base = resourceTypeTable.find((t) => t.typeName === entry.specializationOf);
      if (!base) throw new Error(`${entry.typeName} specialises the unknown ${entry.specializationOf}`);
      validator = bindSpecializationValidator(entry, validatorFor(base, op), dataTypeChecks);
      specializationValidators.set(key, validator);
    }
    return validator;
  }
  const suffix = op === 'create' ? 'Create' : op === 'update' ? 'Update' : '';
  const validator = (validators as unknown as Record<string, Validator<unknown> | undefined>)[
    `validate${entry.name}${suffix}`
  ];
  if (!validator) throw new Error(`no generated validator validate${entry.name}${suffix}; run npm run generate`);
  return validator;
}

const typeNames = () =>
  `${resourceTypeTable.map((t) => t.typeName.replace(/^m2m:/, '')).join(', ')}, or a flexContainer specialisation such as cod:binSh`;

/**
 * Validates a payload against the schemas. The type comes from the `m2m:xxx` root key, or from
 * `options.type` for a bare attribute object. Never throws for bad input: every problem is an issue.
 */
export function validate(payload: unknown, options: ValidateOptions = {}): PayloadValidation {
  const operation = options.op ?? 'create';
  const fail = (typeName: string | undefined, issue: PayloadIssue): PayloadValidation => ({
    ok: false,
    typeName,
    operation,
    issues: [issue],
  });
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return fail(undefined, {
      rule: 'not-an-object',
      pointer: '',
      message: `the payload must be a JSON object such as {"m2m:cnt": {...}}, not ${Array.isArray(payload) ? 'an array' : JSON.stringify(payload)}`,
    });
  }
  const keys = Object.keys(payload);
  const root = keys.length === 1 && keys[0]?.includes(':') ? keys[0] : undefined;
  const given = options.type === undefined ? undefined : findResourceType(options.type);
  if (options.type !== undefined && !given)
    return fail(undefined, {
      rule: 'unknown-type',
      pointer: '',
      message: `unknown resource type ${JSON.stringify(options.type)}; use one of ${typeNames()}`,
    });
  let entry: TableEntry | undefined;
  let body: unknown;
  let prefix = '';
  if (root !== undefined) {
    entry =
      resourceTypeTable.find((t) => t.typeName === root) ?? specializationDescriptors.find((d) => d.typeName === root);
    if (!entry)
      return fail(root, {
        rule: 'unknown-type',
        pointer: `/${root}`,
        message: `root key ${root} is neither a resource type nor a flexContainer specialisation; use one of ${typeNames()} (with the m2m: prefix)`,
      });
    if (given && given.typeName !== entry.typeName)
      return fail(root, {
        rule: 'type-mismatch',
        pointer: `/${root}`,
        message: `the payload is a ${root} but --type says ${given.typeName}`,
      });
    body = (payload as Record<string, unknown>)[root];
    prefix = `/${root}`;
  } else if (given) {
    entry = given;
    body = payload;
  } else {
    return fail(undefined, {
      rule: 'no-root',
      pointer: '',
      message: `cannot tell the resource type: wrap the attributes in a root key such as {"m2m:cnt": {...}} or give the type (--type cnt)`,
    });
  }
  const result = validatorFor(entry, operation)(body);
  const issues = result.issues.map((issue) => ({ ...issue, pointer: `${prefix}${issue.pointer}` }));
  return { ok: result.ok, typeName: entry.typeName, operation, issues };
}
