import { AbortError, requestContext, TimeoutError, type Onem2mError } from '../errors/index.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';

// Requests sent on a connection that carries many at once (MQTT, WebSocket), waiting for their
// responses, which are matched by request identifier (rqi). Each waits with one timer for the
// whole exchange (connecting included) and honours the caller's signal; whatever ends it first
// removes it, so a late response is ignored.

interface Waiting {
  readonly request: RequestPrimitive;
  readonly resolve: (response: ResponsePrimitive) => void;
  readonly reject: (error: Error) => void;
  /** Set once the request is on the wire: a lost connection then fails it. */
  sent: boolean;
  /** Binding data (an MQTT message id) that must be dropped with it. */
  tag: unknown;
}

export interface WaitOptions {
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs: number | false;
}

/** The responses a connection waits for, by rqi. */
export class PendingRequests {
  readonly #waiting = new Map<string, Waiting>();
  readonly #endpoint: string;
  /** Called with a request's tag when it ends without a response (to forget an unacknowledged publish). */
  readonly #dropped: ((tag: unknown) => void) | undefined;

  constructor(endpoint: string, dropped?: (tag: unknown) => void) {
    this.#endpoint = endpoint;
    this.#dropped = dropped;
  }

  get size(): number {
    return this.#waiting.size;
  }

  /** Whether this very request (not another one with its rqi) is still waiting. */
  waits(request: RequestPrimitive): boolean {
    return this.#waiting.get(request.rqi)?.request === request;
  }

  /**
   * Starts waiting for the response to `request` (before it is sent, so the deadline covers
   * connecting). Rejects with TimeoutError or AbortError; `fail` and `failAll` reject otherwise.
   */
  expect(request: RequestPrimitive, options: WaitOptions): Promise<ResponsePrimitive> {
    const context = requestContext(request, this.#endpoint);
    if (this.#waiting.has(request.rqi))
      return Promise.reject(
        new TypeError(
          `request identifier ${JSON.stringify(request.rqi)} is already waiting for a response on ${this.#endpoint}; responses are matched by rqi, so each request in flight needs its own`,
        ),
      );
    const { signal, timeoutMs } = options;
    if (signal?.aborted) return Promise.reject(new AbortError(context, signal.reason));
    return new Promise<ResponsePrimitive>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = (): void => end(new AbortError(context, signal?.reason));
      const end = (outcome: ResponsePrimitive | Error): void => {
        if (this.#waiting.get(request.rqi) !== entry) return;
        this.#waiting.delete(request.rqi);
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (outcome instanceof Error) {
          if (entry.tag !== undefined) this.#dropped?.(entry.tag);
          reject(outcome);
        } else resolve(outcome);
      };
      const entry: Waiting = { request, resolve: end, reject: end, sent: false, tag: undefined };
      this.#waiting.set(request.rqi, entry);
      if (timeoutMs !== false) timer = setTimeout(() => end(new TimeoutError(context, timeoutMs)), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Notes that the request is on the wire, with the binding's tag for it. */
  sent(request: RequestPrimitive, tag?: unknown): void {
    const entry = this.#waiting.get(request.rqi);
    if (entry?.request !== request) return;
    entry.sent = true;
    entry.tag = tag;
  }

  /** The request waiting for this response gets it; false when none waits (late, or someone else's). */
  settle(response: ResponsePrimitive): boolean {
    const entry = this.#waiting.get(response.rqi);
    if (!entry) return false;
    entry.tag = undefined;
    entry.resolve(response);
    return true;
  }

  /** Rejects one waiting request: this very one, or (given an rqi) whichever waits under it. */
  fail(which: RequestPrimitive | string, error: (request: RequestPrimitive) => Onem2mError | Error): void {
    const entry = this.#waiting.get(typeof which === 'string' ? which : which.rqi);
    if (entry && (typeof which === 'string' || entry.request === which)) entry.reject(error(entry.request));
  }

  /** Rejects the waiting requests (those already sent, or all), e.g. when the connection is lost. */
  failAll(error: (request: RequestPrimitive) => Onem2mError | Error, which: 'sent' | 'all' = 'all'): void {
    for (const entry of [...this.#waiting.values()])
      if (which === 'all' || entry.sent) entry.reject(error(entry.request));
  }
}
