// The package root: the generated model (types, descriptors, CRUD functions, enumerations,
// tables) and the handwritten pieces it relies on. Validators are a separate entry point
// (`onem2m-client/validators`) because they are the heavy part.
export * from '../generated/index.gen.js';
export { defineResource } from './codegen-api/descriptor.js';
export type { AttributeDescriptor, Cardinality, Mode, ResourceDescriptor, ResourceOperation, Rule } from './codegen-api/descriptor.js';
export type { ResourceExecutor } from './codegen-api/executor.js';
export type { Validator } from './validation/bind-validator.js';
export type { ValidationIssue, ValidationOperation, ValidationResult, ValidationRule } from './validation/issue.js';
export { isValidationError, ValidationError } from './validation/ValidationError.js';
