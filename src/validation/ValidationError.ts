import type { ValidationIssue } from './issue.js';

/**
 * Thrown when a payload breaks the schema of its resource type. Deliberately not a oneM2M
 * response error: nothing was sent, the problem is in the caller's data.
 */
export class ValidationError extends Error {
  override name = 'ValidationError';
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    const first = issues[0]?.message ?? 'invalid payload';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
    super(first + more);
    this.issues = issues;
  }
}

/** True for a ValidationError, also across realms and duplicated package copies. */
export function isValidationError(error: unknown): error is ValidationError {
  return error instanceof ValidationError || (error instanceof Error && error.name === 'ValidationError');
}
