import type { HeaderRecord } from './headers.js';
import {
  BodyTooLargeError,
  concatChunks,
  type HttpSender,
  WireAbortError,
  type WireOptions,
  type WireRequest,
  type WireResponse,
  WireTimeoutError,
} from './wire.js';

// The sender for browsers, Deno, Bun and a fetch the user passes (a test double, undici's fetch
// with a proxy dispatcher). Plain fetch rather than ky: the client does its own retries, timeouts
// and error mapping, so ky only added a Request, a clone and an AbortController per request.
// Redirects are never followed (`redirect: 'manual'`); the body is read chunk by chunk and
// dropped as soon as it passes the limit (fetch has already undone any Content-Encoding).

export class FetchSender implements HttpSender {
  readonly #fetch: typeof globalThis.fetch;
  readonly #origin: string;

  constructor(origin: string, fetchFunction: typeof globalThis.fetch) {
    this.#origin = origin;
    this.#fetch = fetchFunction;
  }

  async send(request: WireRequest, options: WireOptions): Promise<WireResponse> {
    const { signal, timeoutMs } = options;
    if (signal?.aborted) throw new WireAbortError('aborted', { cause: signal.reason });
    // One controller for the deadline and the caller's signal; none when neither is set.
    let controller: AbortController | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    const onAbort = () => controller?.abort(signal?.reason);
    if (timeoutMs !== false || signal) {
      controller = new AbortController();
      if (timeoutMs !== false)
        timer = setTimeout(() => {
          timedOut = true;
          controller?.abort();
        }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
    }
    const failure = (cause: unknown): Error => {
      if (timedOut) return new WireTimeoutError(`no response within ${timeoutMs} ms`, { cause });
      if (signal?.aborted) return new WireAbortError('aborted', { cause: signal.reason });
      return cause as Error;
    };
    try {
      let response: Response;
      try {
        response = await this.#fetch(`${this.#origin}${request.path}`, {
          method: request.method,
          headers: request.headers,
          ...(request.body === undefined ? {} : { body: request.body as BodyInit }),
          redirect: 'manual',
          ...(controller ? { signal: controller.signal } : {}),
        });
      } catch (cause) {
        throw failure(cause);
      }
      if (response.type === 'opaqueredirect') {
        await response.body?.cancel().catch(() => undefined);
        return { status: response.status, headers: {}, body: new Uint8Array(0), opaqueRedirect: true };
      }
      const headers: HeaderRecord = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      let body: Uint8Array;
      try {
        body = await readBody(response, headers, options.maxResponseBytes);
      } catch (cause) {
        throw cause instanceof BodyTooLargeError ? cause : failure(cause);
      }
      return { status: response.status, headers, body, type: response.type };
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

async function readBody(response: Response, headers: HeaderRecord, limit: number): Promise<Uint8Array> {
  const declared = headers['content-length'];
  const encoded = headers['content-encoding'] !== undefined && headers['content-encoding'] !== 'identity';
  if (declared !== undefined && !encoded) {
    // The length is the decoded length: refuse at once, or read in one go when it fits.
    if (Number(declared) > limit) {
      await response.body?.cancel().catch(() => undefined);
      throw new BodyTooLargeError(response.status, limit);
    }
    return new Uint8Array(await response.arrayBuffer());
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(response.status, limit);
    }
    chunks.push(value);
  }
  return chunks.length === 0 ? new Uint8Array(0) : concatChunks(chunks, size);
}
