import * as validators from '../../generated/validators/index.gen.js';
import type { ResourceDescriptor } from '../codegen-api/descriptor.js';
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
  /** The types with this `ty`; several for mgmtObj (13), which differ in `mgd`. */
  byTy(ty: number): readonly ResourceTypeInfo[];
}

function isValidator(value: unknown): value is Validator<unknown> {
  return typeof value === 'function' && 'descriptor' in value && 'operation' in value;
}

/**
 * Builds the registry from the generated validators: each carries its descriptor and operation,
 * so nothing here names a resource type.
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
  for (const value of Object.values(validators)) {
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
