import ky, { type KyInstance, type Options as KyOptions } from 'ky';
import type { ContentCodec, Encoding } from '../encoding/codec.js';
import { jsonCodec } from '../encoding/json.js';
import { loadCodec } from '../encoding/load.js';
import { corsFailure, unexposedHeadersAdvice } from './cors.js';
import { AbortError, MalformedResponseError, NetworkError, requestContext, TimeoutError } from '../errors/index.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { SendOptions, Transport, TransportResult } from '../transport/transport.js';
import { httpToResponse, requestToHttp, ResponseFormatError, type HttpBindingOptions } from './client-binding.js';
import type { HeaderRecord } from './headers.js';

/** HTTP credentials sent in the Authorization header on every request. */
export type HttpAuth =
  | { readonly basic: { readonly username: string; readonly password: string } }
  | { readonly bearer: string };

/** Options of HttpTransport: where, in which encoding, with which fetch, headers and credentials. */
export interface HttpTransportOptions {
  /** The CSE's HTTP root, e.g. `http://127.0.0.1:8080` (a path such as `/onem2m` is kept). */
  readonly baseUrl: string;
  /** The encoding of requests (and the one asked for in Accept); loaded on first use. Default json. */
  readonly encoding?: Encoding;
  /** A codec object instead of `encoding`, e.g. your own. */
  readonly codec?: ContentCodec;
  /** Milliseconds before a request fails with TimeoutError; false for none. Default 30 000. */
  readonly timeoutMs?: number | false;
  /** Headers added to every request (they never replace the X-M2M-* ones the binding sets). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly auth?: HttpAuth;
  /**
   * A fetch to use instead of the global one: undici's with a custom CA or proxy, a test double,
   * a browser polyfill. Only fetch is needed, so the same code runs in browsers.
   */
  readonly fetch?: typeof globalThis.fetch;
  /** Hooks and other ky options, for logging or signing requests. Retries are the client's job. */
  readonly ky?: Omit<KyOptions, 'retry' | 'throwHttpErrors' | 'timeout' | 'fetch' | 'prefixUrl' | 'method' | 'body'>;
  /** How requests are written where the CSE departs from TS-0009 (from its profile). */
  readonly binding?: HttpBindingOptions;
}

function authorization(auth: HttpAuth): string {
  if ('bearer' in auth) return `Bearer ${auth.bearer}`;
  const bytes = new TextEncoder().encode(`${auth.basic.username}:${auth.basic.password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/** The oneM2M HTTP binding over fetch (via ky): works in Node 20+ and in browsers. */
export class HttpTransport implements Transport {
  readonly endpoint: string;
  private readonly codec: Promise<ContentCodec>;
  private readonly http: KyInstance;
  private readonly timeoutMs: number | false;
  private readonly extraHeaders: HeaderRecord;
  private readonly binding: HttpBindingOptions;

  constructor(options: HttpTransportOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new TypeError(`baseUrl ${options.baseUrl} must be an http: or https: URL`);
    this.endpoint = url.href.replace(/\/$/, '');
    this.codec = options.codec ? Promise.resolve(options.codec) : loadCodec(options.encoding ?? 'json');
    // A failed load surfaces on the first send; do not let it count as unhandled before then.
    this.codec.catch(() => undefined);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.binding = options.binding ?? {};
    this.extraHeaders = Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    if (options.auth) this.extraHeaders['authorization'] = authorization(options.auth);
    this.http = ky.create({
      ...options.ky,
      retry: 0,
      throwHttpErrors: false,
      // ky's own timeout costs a race and a timer per request; AbortSignal.timeout is cheaper.
      timeout: false,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** Sends one request primitive over HTTP and returns the response primitive with the HTTP status. */
  async send(request: RequestPrimitive, options: SendOptions = {}): Promise<TransportResult> {
    const context = requestContext(request, this.endpoint);
    // Encoding and address problems are the caller's (the error names the attribute); they are thrown as they are.
    const codec = await this.codec;
    const message = requestToHttp(request, codec, codec, this.binding);
    const url = `${this.endpoint}${message.path}${message.query ? `?${message.query}` : ''}`;
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const timeout = timeoutMs === false ? undefined : AbortSignal.timeout(timeoutMs);
    const signal = timeout && options.signal ? AbortSignal.any([options.signal, timeout]) : (timeout ?? options.signal);
    const failure = (cause: unknown) => {
      if (options.signal?.aborted) return new AbortError(context, options.signal.reason);
      if (timeout?.aborted) return new TimeoutError(context, timeoutMs === false ? 0 : timeoutMs);
      return corsFailure(context, cause) ?? new NetworkError(context, cause);
    };
    let response: Response;
    let body: Uint8Array;
    try {
      response = await this.http(url, {
        method: message.method,
        headers: { ...this.extraHeaders, ...message.headers },
        ...(message.body === undefined ? {} : { body: message.body as BodyInit }),
        ...(signal ? { signal } : {}),
      });
      body = new Uint8Array(await response.arrayBuffer());
    } catch (cause) {
      throw failure(cause);
    }
    const headers: HeaderRecord = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    try {
      // CSEs often answer errors in JSON whatever was asked, so JSON is always read.
      const decoders = codec === jsonCodec ? [codec] : [codec, jsonCodec];
      return {
        response: httpToResponse({ status: response.status, headers, body }, request, decoders),
        status: response.status,
      };
    } catch (cause) {
      if (cause instanceof ResponseFormatError) {
        const advice =
          cause.reason === 'missing-rsc' ? unexposedHeadersAdvice(this.endpoint, response.type) : undefined;
        const detail = advice ? `${cause.detail}; ${advice}` : cause.detail;
        throw new MalformedResponseError(context, cause.reason, response.status, detail, { cause });
      }
      throw cause;
    }
  }
}
