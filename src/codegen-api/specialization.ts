import type { AttributeDescriptor, ResourceDescriptor } from './descriptor.js';

/** What a specialisation models: an SDT device, sub-device, module class or action, or an interworking type. */
export type SdtType = 'device' | 'subDevice' | 'moduleClass' | 'action' | 'interworking';

/**
 * What a generated specialisation module states about itself. Everything else (ty, operations,
 * the base attributes) comes from the descriptor of the type it specialises.
 */
export interface SpecializationDefinition {
  readonly name: string;
  /** The specialisation's root name, e.g. `cod:binSh`. */
  readonly typeName: string;
  readonly longName: string;
  readonly schema: string;
  /** The containerDefinition every resource of it carries; absent where the template leaves it open. */
  readonly cnd?: string;
  readonly sdtType: SdtType;
  readonly domain?: string;
  readonly parentTypes: readonly string[];
  readonly childTypes: readonly string[];
  /** Specialisations a resource of this one holds in the template (a device's module classes). */
  readonly childSpecializations: readonly string[];
  /** The root name of its <flexContainerInstance> history entries (e.g. `cod:binShInst`). */
  readonly instanceTypeName?: string;
  /** For an instance variant: the specialisation whose history it records. */
  readonly instanceOf?: string;
  /** The custom attributes only. */
  readonly attributes: Readonly<Record<string, AttributeDescriptor>>;
}

/**
 * The runtime description of a flexContainer specialisation (or of its instance variant), typed
 * by its root name only: the attribute tables are data, and their literal types would make each
 * declaration as large as the flexContainer descriptor.
 */
export interface SpecializationDescriptor<N extends string = string>
  extends ResourceDescriptor,
    Omit<SpecializationDefinition, 'attributes' | 'typeName'> {
  readonly typeName: N;
  /** The type name of the resource type it specialises, e.g. `m2m:fcnt`. */
  readonly specializationOf: string;
  /** Short names of the attributes it adds to its base type. */
  readonly customAttributes: readonly string[];
}

/** Whether a descriptor describes a specialisation rather than a resource type of the schemas. */
export function isSpecialization(descriptor: ResourceDescriptor): descriptor is SpecializationDescriptor {
  return 'specializationOf' in descriptor;
}

/**
 * Builds a specialisation's descriptor from its base type's: the base's ty, operations and
 * attributes, plus what the specialisation defines. A function so bundlers can drop unused ones.
 */
export function defineSpecialization<N extends string>(
  base: ResourceDescriptor,
  specialization: SpecializationDefinition & { readonly typeName: N },
): SpecializationDescriptor<N> {
  return {
    ...base,
    ...specialization,
    specializationOf: base.typeName,
    customAttributes: Object.keys(specialization.attributes),
    attributes: { ...base.attributes, ...specialization.attributes },
  };
}

/** What a generated module states about a specialisation's instance variant; the rest is derived. */
export interface InstanceDefinition<N extends string = string> {
  readonly name: string;
  readonly typeName: N;
  readonly longName: string;
}

/**
 * Builds the descriptor of a specialisation's <flexContainerInstance> variant (`cod:binShInst`):
 * the base instance type's attributes plus the specialisation's custom ones, which the CSE copies
 * into each history entry (so they are read-only there), and the specialisation as its only parent.
 */
export function defineInstanceOf<N extends string>(
  base: ResourceDescriptor,
  specialization: SpecializationDescriptor,
  instance: InstanceDefinition<N>,
): SpecializationDescriptor<N> {
  const custom: Record<string, AttributeDescriptor> = {};
  for (const name of specialization.customAttributes) {
    const attribute = specialization.attributes[name] as AttributeDescriptor;
    custom[name] = { ...attribute, mode: 'RO', create: 'NP', update: 'NP' };
  }
  return {
    ...base,
    ...instance,
    schema: specialization.schema,
    sdtType: specialization.sdtType,
    ...(specialization.domain === undefined ? {} : { domain: specialization.domain }),
    parentTypes: [specialization.typeName],
    childSpecializations: [],
    instanceOf: specialization.typeName,
    specializationOf: base.typeName,
    customAttributes: specialization.customAttributes,
    attributes: { ...base.attributes, ...custom },
  };
}
