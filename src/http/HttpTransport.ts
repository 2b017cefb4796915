import type { ContentCodec, Encoding } from '../encoding/codec.js';
import { jsonCodec } from '../encoding/json.js';
import { loadCodec } from '../encoding/load.js';
import {
  AbortError,
  MalformedResponseError,
  NetworkError,
  RedirectError,
  requestContext,
  ResponseTooLargeError,
  TimeoutError,
} from '../errors/index.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { TlsOptions } from '../transport/tls.js';
import type { SendOptions, Transport, TransportResult } from '../transport/transport.js';
import { httpToResponse, requestToHttp, ResponseFormatError, type HttpBindingOptions } from './client-binding.js';
import { corsFailure, unexposedHeadersAdvice } from './cors.js';
import { authorization, type HttpAuth, separateUrlCredentials } from './credentials.js';
import { defaultSender } from './default-sender.js';
import { FetchSender } from './fetch-sender.js';
import type { HeaderRecord } from './headers.js';
import {
  BodyTooLargeError,
  ContentEncodingError,
  type HttpSender,
  WireAbortError,
  type WireResponse,
  WireTimeoutError,
} from './wire.js';

export type { HttpAuth } from './credentials.js';

/** Largest decoded response body accepted unless `maxResponseBytes` says otherwise: 16 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Options of HttpTransport: where, in which encoding, with which headers, credentials, TLS and limits. */
export interface HttpTransportOptions {
  /**
   * The CSE's HTTP root, e.g. `http://127.0.0.1:8080` (a path such as `/onem2m` is kept).
   * Credentials in it (`http://user:password@host`) are moved into `auth`.
   */
  readonly baseUrl: string;
  /** The encoding of requests (and the one asked for in Accept); loaded on first use. Default json. */
  readonly encoding?: Encoding;
  /** A codec object instead of `encoding`, e.g. your own. */
  readonly codec?: ContentCodec;
  /** Milliseconds for the whole exchange before it fails with TimeoutError; false for none. Default 30 000. */
  readonly timeoutMs?: number | false;
  /** Headers added to every request (they never replace the X-M2M-* ones the binding sets). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly auth?: HttpAuth;
  /** TLS settings (private CA, client certificate for mutual TLS) of the Node transport. */
  readonly tls?: TlsOptions;
  /**
   * Largest response body accepted, counted after decompression while it streams in; a larger
   * one fails with ResponseTooLargeError. Default 16 MiB.
   */
  readonly maxResponseBytes?: number;
  /**
   * Send through this fetch instead of the runtime's default (undici's Pool in Node, the global
   * fetch elsewhere): undici's fetch with a proxy dispatcher, a test double, a polyfill.
   */
  readonly fetch?: typeof globalThis.fetch;
  /** How requests are written where the CSE departs from TS-0009 (from its profile). */
  readonly binding?: HttpBindingOptions;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const REDACTED = '[redacted]';
const EMPTY_HEADERS: HeaderRecord = {};

/**
 * The oneM2M HTTP binding (TS-0009): request primitives become HTTP requests and responses become
 * response primitives. Bytes move through an HttpSender: undici in Node, fetch in browsers and
 * other runtimes, or the fetch passed in. Redirects are never followed, response bodies are
 * bounded, and credentials are kept out of `inspect`, JSON and messages.
 */
export class HttpTransport implements Transport {
  /** Origin and base path, without credentials, e.g. `http://127.0.0.1:8080`. */
  readonly endpoint: string;
  readonly #basePath: string;
  readonly #sender: HttpSender;
  readonly #headers: HeaderRecord;
  readonly #hasAuth: boolean;
  readonly #timeoutMs: number | false;
  readonly #maxResponseBytes: number;
  readonly #binding: HttpBindingOptions;
  #codec: ContentCodec | undefined;
  readonly #codecLoading: Promise<ContentCodec>;

  constructor(options: HttpTransportOptions) {
    if ('ky' in options)
      throw new TypeError(
        'the ky option is gone: the HTTP transport no longer uses ky; wrap `fetch` or the transport to log or sign requests',
      );
    const { url, auth } = separateUrlCredentials(options.baseUrl, options.auth);
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.endpoint = `${url.origin}${this.#basePath}`;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#binding = options.binding ?? {};
    if (!(this.#maxResponseBytes > 0))
      throw new TypeError(`maxResponseBytes ${options.maxResponseBytes} must be a positive number of bytes`);
    const headers: HeaderRecord = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    if (auth) headers['authorization'] = authorization(auth);
    this.#headers = Object.keys(headers).length === 0 ? EMPTY_HEADERS : headers;
    this.#hasAuth = auth !== undefined || 'authorization' in headers;
    if (options.tls && url.protocol !== 'https:')
      throw new TypeError(`the tls option needs an https: url, not ${this.endpoint}`);
    if (options.fetch) {
      if (options.tls)
        throw new TypeError(
          'the tls option does not apply to a custom fetch: set TLS up in that fetch (e.g. undici’s fetch with an Agent whose connect options hold ca, cert and key), or leave fetch out to use the built-in transport',
        );
      this.#sender = new FetchSender(url.origin, options.fetch);
    } else
      this.#sender = defaultSender({
        origin: url.origin,
        tls: options.tls,
        connectTimeoutMs: this.#timeoutMs === false ? undefined : this.#timeoutMs,
      });
    this.#codecLoading = options.codec ? Promise.resolve(options.codec) : loadCodec(options.encoding ?? 'json');
    this.#codecLoading.then(
      (codec) => {
        this.#codec = codec;
      },
      // A failed load surfaces on the first send; do not let it count as unhandled before then.
      () => undefined,
    );
  }

  async send(request: RequestPrimitive, options: SendOptions = {}): Promise<TransportResult> {
    // Encoding and address problems are the caller's (the error names the attribute); they are thrown as they are.
    const codec = this.#codec ?? (await this.#codecLoading);
    const message = requestToHttp(request, codec, codec, this.#binding);
    const headers = this.#headers === EMPTY_HEADERS ? message.headers : { ...this.#headers, ...message.headers };
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    let wire: WireResponse;
    try {
      wire = await this.#sender.send(
        {
          method: message.method,
          path: `${this.#basePath}${message.path}${message.query ? `?${message.query}` : ''}`,
          headers,
          ...(message.body === undefined ? {} : { body: message.body }),
        },
        { signal: options.signal, timeoutMs, maxResponseBytes: this.#maxResponseBytes },
      );
    } catch (cause) {
      throw this.#failure(cause, request, options.signal, timeoutMs);
    }
    const { status } = wire;
    if (wire.opaqueRedirect || (status >= 300 && status < 400 && status !== 304))
      throw new RedirectError(requestContext(request, this.endpoint), status, wire.headers['location']);
    try {
      // CSEs often answer errors in JSON whatever was asked, so JSON is always read.
      const decoders = codec === jsonCodec ? JSON_ONLY : [codec, jsonCodec];
      return { response: httpToResponse(wire, request, decoders), status };
    } catch (cause) {
      if (cause instanceof ResponseFormatError) {
        // In a browser, a CSE that allows the page's origin but hides X-M2M-* looks like a missing RSC.
        const advice = cause.reason === 'missing-rsc' ? unexposedHeadersAdvice(this.endpoint, wire.type) : undefined;
        const detail = advice ? `${cause.detail}; ${advice}` : cause.detail;
        throw new MalformedResponseError(requestContext(request, this.endpoint), cause.reason, status, detail, {
          cause,
        });
      }
      throw cause;
    }
  }

  /** Closes kept-alive connections (they also close by themselves when idle). */
  async close(): Promise<void> {
    await this.#sender.close?.();
  }

  #failure(cause: unknown, request: RequestPrimitive, signal: AbortSignal | undefined, timeoutMs: number | false) {
    const context = requestContext(request, this.endpoint);
    if (signal?.aborted || cause instanceof WireAbortError) return new AbortError(context, signal?.reason);
    if (cause instanceof WireTimeoutError || isUndiciTimeout(cause))
      return new TimeoutError(context, timeoutMs === false ? 0 : timeoutMs);
    if (cause instanceof BodyTooLargeError) return new ResponseTooLargeError(context, cause.limitBytes, cause.status);
    if (cause instanceof ContentEncodingError)
      return new MalformedResponseError(context, 'body', cause.status, cause.message, { cause });
    return corsFailure(context, cause) ?? new NetworkError(context, cause);
  }

  /** What inspect and JSON show: the settings, never a credential. */
  toJSON(): Record<string, unknown> {
    return {
      endpoint: this.endpoint,
      timeoutMs: this.#timeoutMs,
      maxResponseBytes: this.#maxResponseBytes,
      headers: Object.keys(this.#headers).filter((name) => name !== 'authorization'),
      ...(this.#hasAuth ? { auth: REDACTED } : {}),
    };
  }

  /** What `util.inspect` shows: the same as toJSON, never a credential. */
  [INSPECT](): string {
    return `HttpTransport ${JSON.stringify(this.toJSON())}`;
  }
}

const JSON_ONLY: readonly ContentCodec[] = [jsonCodec];

/** undici's own timeouts (connect, headers, body), should they fire before the transport's deadline. */
function isUndiciTimeout(cause: unknown): boolean {
  const code = (cause as { code?: unknown } | null)?.code;
  return code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
}
