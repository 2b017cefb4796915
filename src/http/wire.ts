import type { HeaderRecord } from './headers.js';

// The lowest layer of the HTTP binding: an HTTP exchange with one origin, knowing nothing of
// oneM2M. HttpTransport turns request primitives into WireRequests and WireResponses back into
// response primitives; an HttpSender moves the bytes. Two senders exist: undici's dispatcher
// (the Node default, src/http/undici-sender.ts) and fetch (browsers, Deno, Bun, a custom fetch).

/** An HTTP request to the sender's origin. */
export interface WireRequest {
  readonly method: string;
  /** Path and query, percent-encoded, starting with `/` (the base URL's path included). */
  readonly path: string;
  /** Lower-case names. */
  readonly headers: HeaderRecord;
  readonly body?: Uint8Array;
}

/** An HTTP response whose body was read whole, within the size limit. */
export interface WireResponse {
  readonly status: number;
  /** Lower-case names; repeated fields joined with `, `. */
  readonly headers: HeaderRecord;
  /** The body after any Content-Encoding was undone. */
  readonly body: Uint8Array;
  /** A redirect the runtime did not let us see (a browser's `opaqueredirect`): no status, no Location. */
  readonly opaqueRedirect?: boolean;
  /** The fetch Response's type where there is one (`cors` for a cross-origin answer in a browser). */
  readonly type?: string;
}

export interface WireOptions {
  readonly signal?: AbortSignal | undefined;
  /** The whole exchange (connection, headers and body) must finish within this; false for no limit. */
  readonly timeoutMs: number | false;
  /** Most bytes of decoded body accepted; more ends the exchange with BodyTooLargeError. */
  readonly maxResponseBytes: number;
}

/** Moves one HTTP exchange; rejects with the classes below, or with the underlying network error. */
export interface HttpSender {
  send(request: WireRequest, options: WireOptions): Promise<WireResponse>;
  /** Closes kept-alive connections; later sends open new ones. */
  close?(): Promise<void>;
}

/** The exchange did not finish within `timeoutMs`. */
export class WireTimeoutError extends Error {
  override readonly name = 'WireTimeoutError';
}

/** The caller's signal aborted the exchange. */
export class WireAbortError extends Error {
  override readonly name = 'WireAbortError';
}

/** The decoded body would exceed `maxResponseBytes` (known from Content-Length, or counted while reading). */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(
    readonly status: number,
    readonly limitBytes: number,
  ) {
    super(`the response body exceeds ${limitBytes} bytes`);
  }
}

/** A Content-Encoding the sender cannot undo, or a body that does not decompress. */
export class ContentEncodingError extends Error {
  override readonly name = 'ContentEncodingError';
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Concatenates body chunks; one chunk is returned as it is. */
export function concatChunks(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}
