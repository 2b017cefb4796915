// The `onem2m-client/validators` entry point: every generated validator, and `validate` for whole
// payloads whose type is read from their `m2m:xxx` root key. Kept apart from the root entry
// because it pulls in the validation code of every resource type. `validate` knows the flexContainer
// specialisations too; their own validators are `onem2m-client/flexcontainers/validators`.
export * from '../generated/validators/index.gen.js';
export {
  findResourceType,
  validate,
  type PayloadIssue,
  type PayloadValidation,
  type ValidateOptions,
} from './validation/validate.js';
export { isValidationError, ValidationError } from './validation/ValidationError.js';
export type { ValidationIssue, ValidationOperation, ValidationRule } from './validation/issue.js';
