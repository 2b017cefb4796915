import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';

/**
 * A request the CSE refuses: the response status code to answer with and a sentence for
 * `m2m:dbg`. Thrown anywhere inside request handling; the dispatcher turns it into a response.
 */
export class CseError extends Error {
  override readonly name = 'CseError';
  constructor(
    readonly rsc: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True for a CseError, also across duplicated module copies. */
export function isCseError(error: unknown): error is CseError {
  return (
    error instanceof CseError ||
    (error instanceof Error && error.name === 'CseError' && typeof (error as CseError).rsc === 'number')
  );
}

export const badRequest = (message: string): CseError => new CseError(ResponseStatusCode.BadRequest, message);
export const notFound = (message: string): CseError => new CseError(ResponseStatusCode.NotFound, message);
export const operationNotAllowed = (message: string): CseError =>
  new CseError(ResponseStatusCode.OperationNotAllowed, message);
export const noPrivilege = (message: string): CseError =>
  new CseError(ResponseStatusCode.OriginatorHasNoPrivilege, message);
export const conflict = (message: string): CseError => new CseError(ResponseStatusCode.Conflict, message);
