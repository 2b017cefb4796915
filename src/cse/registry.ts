import { specializationDescriptors } from '../../generated/flexcontainers/descriptors.gen.js';
import { dataTypeChecks } from '../../generated/flexcontainers/validators/data-types.gen.js';
import * as validators from '../../generated/validators/index.gen.js';
import type { ResourceDescriptor } from '../codegen-api/descriptor.js';
import { isSpecialization } from '../codegen-api/specialization.js';
import { bindSpecializationValidator } from '../validation/bind-specialization-validator.js';
import type { Validator } from '../validation/bind-validator.js';

/** What the CSE knows about one resource type: its generated descriptor and validators. */
export interface ResourceTypeInfo {
  readonly descriptor: ResourceDescriptor;
  /** Checks a complete resource (what the CSE stores and returns). */
  readonly validate: Validator<unknown>;
  readonly validateCreate: Validator<unknown>;
  readonly validateUpdate: Validator<unknown>;
}

/** The resource types of the schemas, by `m2m:xxx` type name and by `ty`. */
export interface ResourceTypeRegistry {
  /** Every type, ordered by ty then mgd as the generator emits them. */
  readonly all: readonly ResourceTypeInfo[];
  byTypeName(typeName: string): ResourceTypeInfo | undefined;
  /** The types with this `ty`; several for mgmtObj (13), which differ in `mgd`, and flexContainer (28), whose specialisations differ in root name. */
  byTy(ty: number): readonly ResourceTypeInfo[];
}

/**
 * Whether a resource of type `child` may be created under one of type `parent`: the parent lists
 * the child's root name, or (for a flexContainer specialisation) the type it specialises.
 */
export function mayHoldChild(parent: ResourceTypeInfo, child: ResourceTypeInfo): boolean {
  const { childTypes } = parent.descriptor;
  const { descriptor } = child;
  return (
    childTypes.includes(descriptor.typeName) ||
    (isSpecialization(descriptor) && childTypes.includes(descriptor.specializationOf))
  );
}

function isValidator(value: unknown): value is Validator<unknown> {
  return typeof value === 'function' && 'descriptor' in value && 'operation' in value;
}

/**
 * Builds the registry from the generated validators, each carrying its descriptor and operation,
 * then adds the flexContainer specialisations from their descriptors: their validators are their
 * base type's with the custom attributes' checks, bound here as the generated ones are (one module
 * to load instead of hundreds). Nothing here names a resource type.
 */
export function createResourceTypeRegistry(): ResourceTypeRegistry {
  const parts = new Map<
    string,
    {
      descriptor: ResourceDescriptor;
      validate?: Validator<unknown>;
      validateCreate?: Validator<unknown>;
      validateUpdate?: Validator<unknown>;
    }
  >();
  for (const value of Object.values(validators as Record<string, unknown>)) {
    if (!isValidator(value)) continue;
    const entry = parts.get(value.descriptor.typeName) ?? { descriptor: value.descriptor };
    if (value.operation === 'create') entry.validateCreate = value;
    else if (value.operation === 'update') entry.validateUpdate = value;
    else entry.validate = value;
    parts.set(value.descriptor.typeName, entry);
  }
  const all: ResourceTypeInfo[] = [];
  for (const entry of parts.values()) {
    const { descriptor, validate, validateCreate, validateUpdate } = entry;
    if (!validate || !validateCreate || !validateUpdate)
      throw new Error(`generated validators for ${descriptor.typeName} are incomplete`);
    all.push({ descriptor, validate, validateCreate, validateUpdate });
  }
  const bases = new Map(all.map((info) => [info.descriptor.typeName, info]));
  for (const descriptor of specializationDescriptors) {
    const base = bases.get(descriptor.specializationOf);
    if (!base)
      throw new Error(`${descriptor.typeName} specialises ${descriptor.specializationOf}, which has no validators`);
    all.push({
      descriptor,
      validate: bindSpecializationValidator(descriptor, base.validate, dataTypeChecks),
      validateCreate: bindSpecializationValidator(descriptor, base.validateCreate, dataTypeChecks),
      validateUpdate: bindSpecializationValidator(descriptor, base.validateUpdate, dataTypeChecks),
    });
  }
  // Stable: a specialisation comes after the type it specialises, so byTy(28)[0] is flexContainer.
  all.sort((a, b) => a.descriptor.ty - b.descriptor.ty || (a.descriptor.mgd ?? 0) - (b.descriptor.mgd ?? 0));
  const byName = new Map(all.map((info) => [info.descriptor.typeName, info]));
  const byTy = new Map<number, ResourceTypeInfo[]>();
  for (const info of all) byTy.set(info.descriptor.ty, [...(byTy.get(info.descriptor.ty) ?? []), info]);
  return {
    all,
    byTypeName: (typeName) => byName.get(typeName),
    byTy: (ty) => byTy.get(ty) ?? [],
  };
}
