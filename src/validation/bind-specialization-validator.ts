import type { AttributeDescriptor } from '../codegen-api/descriptor.js';
import type { SpecializationDescriptor } from '../codegen-api/specialization.js';
import { bindValidator, type RawValidator, type Validator } from './bind-validator.js';
import type { RawError } from './explain.js';
import type { ValidationOperation } from './issue.js';

// A specialisation's validator is its base type's generated validator for the base attributes
// plus one compiled check per custom attribute's data type (generated/flexcontainers/validators/
// data-types.gen.ts), applied with the create/update rules and cardinalities of its descriptor.
// This keeps each specialisation's validator module a few lines instead of a copy of the whole
// flexContainer validator; the errors are explained with the specialisation's own descriptor.

/** The compiled check of each data type the specialisations' custom attributes use. */
export type DataTypeChecks = Readonly<Record<string, RawValidator>>;

interface CheckOptions {
  readonly instancePath: string;
}

type Check = (data: unknown, options: CheckOptions) => boolean;

const pointer = (name: string) => `/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;

/** The rule that decides whether an attribute may or must appear in this operation. */
function ruleFor(attribute: AttributeDescriptor, operation: ValidationOperation): 'M' | 'O' | 'NP' {
  if (operation === 'create') return attribute.create;
  if (operation === 'update') return attribute.update;
  // A CSE fills in no custom attribute the creator left out, so only a mandatory one is always there.
  return attribute.create === 'M' ? 'M' : 'O';
}

/** Whether an update may send null to remove the attribute (TS-0004: only optional values). */
function mayReset(attribute: AttributeDescriptor, operation: ValidationOperation): boolean {
  return (
    operation === 'update' && (attribute.cardinality.startsWith('0..1') || attribute.cardinality === '1 (nullable)')
  );
}

function customErrors(
  descriptor: SpecializationDescriptor,
  operation: ValidationOperation,
  data: Readonly<Record<string, unknown>>,
  checks: DataTypeChecks,
): RawError[] {
  const errors: RawError[] = [];
  if (descriptor.cnd !== undefined && operation !== 'update' && data['cnd'] !== undefined) {
    if (data['cnd'] !== descriptor.cnd)
      errors.push({
        keyword: 'const',
        instancePath: '/cnd',
        params: { allowedValue: descriptor.cnd },
        message: 'must be equal to constant',
      });
  }
  for (const name of descriptor.customAttributes) {
    const attribute = descriptor.attributes[name] as AttributeDescriptor;
    const rule = ruleFor(attribute, operation);
    const value = data[name];
    if (value === undefined) {
      if (rule === 'M') errors.push({ keyword: 'required', instancePath: '', params: { missingProperty: name } });
      continue;
    }
    if (rule === 'NP') {
      errors.push({ keyword: 'additionalProperties', instancePath: '', params: { additionalProperty: name } });
      continue;
    }
    if (value === null) {
      if (!mayReset(attribute, operation))
        errors.push({
          keyword: 'type',
          instancePath: pointer(name),
          params: { type: attribute.dataType },
          message: `must not be null (cardinality ${attribute.cardinality})`,
        });
      continue;
    }
    const check = checks[attribute.dataType];
    if (!check) throw new Error(`no data type check for ${attribute.dataType}; run npm run generate`);
    if (!(check as unknown as Check)(value, { instancePath: pointer(name) })) errors.push(...(check.errors ?? []));
  }
  return errors;
}

/**
 * The validator of a specialisation for the operation of `base` (its base type's generated
 * validator for the same operation), checking the base attributes with `base` and the custom
 * attributes with `checks`, and reporting every issue against the specialisation.
 */
export function bindSpecializationValidator<T>(
  descriptor: SpecializationDescriptor,
  base: Validator<unknown>,
  checks: DataTypeChecks,
): Validator<T> {
  const operation = base.operation;
  const custom = new Set(descriptor.customAttributes);
  const raw: RawValidator = (data: unknown): boolean => {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      const ok = base.raw(data);
      raw.errors = base.raw.errors ?? null;
      return ok;
    }
    // A null-prototype object keeps a hostile `__proto__` key an ordinary (unknown) attribute.
    const baseAttributes: Record<string, unknown> = Object.create(null);
    for (const [name, value] of Object.entries(data)) if (!custom.has(name)) baseAttributes[name] = value;
    const errors: RawError[] = [];
    if (!base.raw(baseAttributes)) errors.push(...(base.raw.errors ?? []));
    errors.push(...customErrors(descriptor, operation, data as Record<string, unknown>, checks));
    raw.errors = errors.length === 0 ? null : errors;
    return errors.length === 0;
  };
  return bindValidator<T>(descriptor, operation, raw);
}
