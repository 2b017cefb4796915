import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { type Dispatcher, Pool } from 'undici';
import type { TlsOptions } from '../transport/tls.js';
import type { HeaderRecord } from './headers.js';
import {
  BodyTooLargeError,
  ContentEncodingError,
  concatChunks,
  type HttpSender,
  WireAbortError,
  type WireOptions,
  type WireRequest,
  type WireResponse,
  WireTimeoutError,
} from './wire.js';

// The Node default: undici's dispatcher API on a keep-alive Pool for the transport's origin.
// One handler object per exchange receives the response as it arrives: no stream, no Request or
// Response object, and one timer for the whole deadline. Loaded on first use (undici takes
// ~100 ms to import), and replaced by an empty module in browser bundles (package.json "browser").

export interface UndiciSenderOptions {
  /** `http://host:port` or `https://host:port`. */
  readonly origin: string;
  readonly tls?: TlsOptions | undefined;
  /** Limit for opening a connection; undici's default (10 s) when undefined. */
  readonly connectTimeoutMs?: number | undefined;
}

export class UndiciSender implements HttpSender {
  readonly #options: UndiciSenderOptions;
  #pool: Pool | undefined;

  constructor(options: UndiciSenderOptions) {
    this.#options = options;
  }

  #openPool(): Pool {
    const { origin, tls, connectTimeoutMs } = this.#options;
    this.#pool = new Pool(origin, {
      ...(tls ? { connect: { ...tls } as NonNullable<Pool.Options['connect']> } : {}),
      ...(connectTimeoutMs === undefined ? {} : { connectTimeout: connectTimeoutMs }),
    });
    return this.#pool;
  }

  send(request: WireRequest, options: WireOptions): Promise<WireResponse> {
    return new Promise<WireResponse>((resolve, reject) => {
      const exchange = new Exchange(resolve, reject, options);
      if (exchange.settled) return;
      const limit = options.timeoutMs === false ? 0 : options.timeoutMs;
      (this.#pool ?? this.#openPool()).dispatch(
        {
          path: request.path,
          method: request.method as Dispatcher.HttpMethod,
          headers: request.headers,
          body: request.body ?? null,
          headersTimeout: limit,
          bodyTimeout: limit,
        },
        exchange,
      );
    });
  }

  /** Closes the pool's connections; the next send opens a new pool. */
  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.close();
  }
}

/** One request and its response, as undici reports them. */
class Exchange implements Dispatcher.DispatchHandler {
  settled = false;
  #controller: Dispatcher.DispatchController | undefined;
  #reason: Error | undefined;
  #status = 0;
  #headers: HeaderRecord = {};
  #chunks: Uint8Array[] = [];
  #size = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #resolve: (response: WireResponse) => void;
  readonly #reject: (error: Error) => void;
  readonly #options: WireOptions;
  readonly #onAbort: (() => void) | undefined;

  constructor(resolve: (response: WireResponse) => void, reject: (error: Error) => void, options: WireOptions) {
    this.#resolve = resolve;
    this.#reject = reject;
    this.#options = options;
    const { signal, timeoutMs } = options;
    if (signal) {
      if (signal.aborted) {
        this.#fail(new WireAbortError('aborted', { cause: signal.reason }));
        return;
      }
      this.#onAbort = () => this.#fail(new WireAbortError('aborted', { cause: signal.reason }));
      signal.addEventListener('abort', this.#onAbort, { once: true });
    }
    if (timeoutMs !== false)
      this.#timer = setTimeout(() => this.#fail(new WireTimeoutError(`no response within ${timeoutMs} ms`)), timeoutMs);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    // Failed (timed out, aborted) before undici had a connection for it.
    if (this.#reason) controller.abort(this.#reason);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    status: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (status < 200) return; // 1xx: the real response follows
    this.#status = status;
    const record = this.#headers;
    for (const name in headers) {
      const value = headers[name];
      if (value !== undefined) record[name] = typeof value === 'string' ? value : value.join(', ');
    }
    const length = record['content-length'];
    if (length !== undefined && Number(length) > this.#options.maxResponseBytes)
      this.#fail(new BodyTooLargeError(status, this.#options.maxResponseBytes), controller);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.#size += chunk.length;
    if (this.#size > this.#options.maxResponseBytes)
      this.#fail(new BodyTooLargeError(this.#status, this.#options.maxResponseBytes), controller);
    else this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.#finish();
    let body = this.#chunks.length === 0 ? EMPTY : concatChunks(this.#chunks, this.#size);
    const coding = this.#headers['content-encoding'];
    if (coding !== undefined) {
      try {
        body = decompress(body, coding, this.#status, this.#options.maxResponseBytes);
      } catch (error) {
        this.#reject(error as Error);
        return;
      }
    }
    this.#resolve({ status: this.#status, headers: this.#headers, body });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#fail(error);
  }

  #fail(error: Error, controller = this.#controller): void {
    if (this.settled) return;
    this.#finish();
    this.#reason = error;
    this.#reject(error);
    controller?.abort(error);
  }

  #finish(): void {
    this.settled = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#onAbort) this.#options.signal?.removeEventListener('abort', this.#onAbort);
  }
}

const EMPTY = new Uint8Array(0);

/** Undoes a Content-Encoding (a server may compress although nobody asked), bounded by `limit`. */
function decompress(body: Uint8Array, header: string, status: number, limit: number): Uint8Array {
  const codings = header
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  let result = body;
  for (const coding of codings.reverse()) {
    const options = { maxOutputLength: limit };
    try {
      if (coding === 'gzip' || coding === 'x-gzip') result = gunzipSync(result, options);
      else if (coding === 'br') result = brotliDecompressSync(result, options);
      else if (coding === 'deflate') {
        // RFC 9110's deflate is zlib-wrapped; some servers send it raw.
        try {
          result = inflateSync(result, options);
        } catch (error) {
          if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw error;
          result = inflateRawSync(result, options);
        }
      } else
        throw new ContentEncodingError(
          status,
          `Content-Encoding ${coding} is not one the client decodes (gzip, deflate, br)`,
        );
    } catch (error) {
      if (error instanceof ContentEncodingError) throw error;
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new BodyTooLargeError(status, limit);
      throw new ContentEncodingError(status, `the ${coding} body does not decompress: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  return result;
}
