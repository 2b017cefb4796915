// The stable contract between generated/ and the handwritten runtime. Generated files import
// only from here, so runtime changes never require regeneration.
export { defineResource } from './descriptor.js';
export type {
  AttributeDescriptor,
  Cardinality,
  Mode,
  ResourceDescriptor,
  ResourceOperation,
  Rule,
} from './descriptor.js';
export type { ResourceExecutor } from './executor.js';
export { bindValidator } from '../validation/bind-validator.js';
export type { RawValidator, Validator } from '../validation/bind-validator.js';
export { ucs2length } from './ucs2length.js';
export { defineInstanceOf, defineSpecialization, isSpecialization } from './specialization.js';
export type {
  InstanceDefinition,
  SdtType,
  SpecializationDefinition,
  SpecializationDescriptor,
} from './specialization.js';
export { bindSpecializationValidator } from '../validation/bind-specialization-validator.js';
export type { DataTypeChecks } from '../validation/bind-specialization-validator.js';
