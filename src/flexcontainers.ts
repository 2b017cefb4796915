// The `onem2m-client/flexcontainers` entry: the flexContainer specialisations of the oneM2M
// smart-device templates (SDT, TS-0023) and the TS-0004 interworking ones, typed like resource
// types (BinarySwitch, BinarySwitchCreate, BinarySwitchUpdate, BinarySwitchDescriptor,
// createBinarySwitch …), and their table. Kept apart from the root entry: 270 modules that a
// program not using them should not load. Their validators are `onem2m-client/flexcontainers/validators`;
// one specialisation alone is `onem2m-client/flexcontainers/binary-switch`.
export * from '../generated/flexcontainers/index.gen.js';
export { defineInstanceOf, defineSpecialization, isSpecialization } from './codegen-api/specialization.js';
export type { SdtType, SpecializationDescriptor } from './codegen-api/specialization.js';
export type { ChildSpecializationOf, InstanceTypeOf } from './model/flex-container.js';
