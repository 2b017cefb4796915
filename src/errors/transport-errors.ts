import { Onem2mError, type RequestContext } from './Onem2mError.js';

/** No response arrived: connection refused, reset, DNS failure, TLS failure. */
export class NetworkError extends Onem2mError {
  override readonly name: string = 'NetworkError';
  /** @param advice what to check, appended to the message */
  constructor(context: RequestContext, cause: unknown, advice?: string) {
    super(context, `no response from ${context.endpoint}: ${describeCause(cause)}${advice ? `. ${advice}` : ''}`, {
      cause,
    });
  }
}

/** No response within the configured time. */
export class TimeoutError extends Onem2mError {
  override readonly name = 'TimeoutError';
  constructor(
    context: RequestContext,
    readonly timeoutMs: number,
    /** What did not finish in time; the default is the response to the request. */
    what = `no response within ${timeoutMs} ms; raise the client's timeoutMs option if the CSE is slow`,
  ) {
    super(context, what);
  }
}

/** The request was aborted by the caller's AbortSignal. */
export class AbortError extends Onem2mError {
  override readonly name = 'AbortError';
  constructor(context: RequestContext, cause?: unknown) {
    super(context, 'aborted by the caller', { cause });
  }
}

/**
 * The server answered with an HTTP redirect (301, 302, 303, 307, 308). oneM2M has no redirects,
 * so the client does not follow one: following would send the originator and every header to
 * another host, and would turn an UPDATE or DELETE into a GET after 303.
 */
export class RedirectError extends Onem2mError {
  override readonly name = 'RedirectError';
  constructor(
    context: RequestContext,
    readonly status: number,
    /** The Location header as sent, or undefined when there was none (or a browser hid it). */
    readonly location: string | undefined,
  ) {
    super(
      context,
      `HTTP ${status} redirect to ${location === undefined ? 'an unknown location' : location}, not followed (oneM2M has no redirects; point the client's url at the CSE itself)`,
    );
  }
}

/** The response body, decoded (after any Content-Encoding), is larger than the client accepts. */
export class ResponseTooLargeError extends Onem2mError {
  override readonly name = 'ResponseTooLargeError';
  constructor(
    context: RequestContext,
    readonly limitBytes: number,
    readonly status: number | undefined,
  ) {
    super(
      context,
      `the response body exceeds ${limitBytes} bytes; raise the client's maxResponseBytes option if this CSE sends larger answers`,
    );
  }
}

/** What was wrong with a response that is not a valid oneM2M response. */
export type MalformedReason = 'missing-rsc' | 'invalid-rsc' | 'content-type' | 'body' | 'request-id';

/** A response arrived but is not a oneM2M response: no or bad X-M2M-RSC, unknown content type, broken body. */
export class MalformedResponseError extends Onem2mError {
  override readonly name = 'MalformedResponseError';
  constructor(
    context: RequestContext,
    readonly reason: MalformedReason,
    readonly status: number | undefined,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(context, `malformed response${status === undefined ? '' : ` (HTTP ${status})`}: ${detail}`, options);
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as Error & { cause?: unknown }).cause;
    const code =
      inner && typeof inner === 'object' && 'code' in inner ? ` [${String((inner as { code: unknown }).code)}]` : '';
    const innerMessage = inner instanceof Error && inner.message !== cause.message ? ` (${inner.message})` : '';
    return `${cause.message}${innerMessage}${code}`;
  }
  return String(cause);
}

/** A valid response whose content is not what the request asked for (e.g. an m2m:ae for a container retrieve). */
export class UnexpectedContentError extends Onem2mError {
  override readonly name = 'UnexpectedContentError';
  constructor(
    context: RequestContext,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(context, `expected ${expected} in the response, got ${actual}`);
  }
}
