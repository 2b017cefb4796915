import {
  describeRequest,
  MalformedResponseError,
  NetworkError,
  RedirectError,
  ResponseError,
  ResponseTooLargeError,
  TimeoutError,
  UnexpectedContentError,
} from '../errors/index.js';
import { redactUrl } from '../http/credentials.js';

/** What each exit status of `onem2m` means; scripts branch on these. */
export const ExitCode = {
  /** The command did what was asked. */
  Success: 0,
  /** `validate` found problems in a payload. */
  ValidationFailed: 1,
  /** Bad arguments or input (unreadable file, invalid JSON, unknown type). */
  Usage: 2,
  /** The CSE answered with an error status (4xxx, 5xxx, 6xxx). */
  Onem2mError: 3,
  /** No usable answer: connection refused, timeout, not a oneM2M response. */
  ConnectionError: 4,
} as const;

/** A problem with the user's arguments or input; exits with ExitCode.Usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Prints an error the way a person needs it and returns the exit status for it. */
export function reportError(error: unknown, write: (text: string) => void): number {
  // A URL with credentials in it never reaches the terminal or a CI log as it is.
  const stderr = (text: string) => write(redactUrl(text));
  if (error instanceof ResponseError) {
    const status = error.status === undefined ? '' : ` (HTTP ${error.status})`;
    stderr(
      `error: ${error.rsc} ${error.rscName}${status}${error.debug ? `: ${error.debug}` : ''} — ${describeRequest(error)}\n`,
    );
    return ExitCode.Onem2mError;
  }
  if (error instanceof MalformedResponseError || error instanceof UnexpectedContentError) {
    stderr(`not a oneM2M answer: ${error.message}\n`);
    return ExitCode.ConnectionError;
  }
  if (error instanceof RedirectError) {
    stderr(`redirected: ${error.message}\n`);
    return ExitCode.ConnectionError;
  }
  if (error instanceof ResponseTooLargeError) {
    stderr(`response too large: ${error.message}\n`);
    return ExitCode.ConnectionError;
  }
  if (error instanceof TimeoutError) {
    stderr(`timeout: ${error.message}\n`);
    return ExitCode.ConnectionError;
  }
  if (error instanceof NetworkError) {
    stderr(`connection error: ${error.message}\n`);
    return ExitCode.ConnectionError;
  }
  stderr(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  return ExitCode.Usage;
}
