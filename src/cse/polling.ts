import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';

/** Requests kept per AE before the oldest are dropped (an AE that never polls must not exhaust memory). */
const MAX_QUEUED = 1000;
/** Responses (NOTIFY of `m2m:rsp` to a pcu) kept for inspection. */
const MAX_RESPONSES = 1000;

type Waiter = (request: RequestPrimitive | undefined) => void;

/**
 * The request queues of polling channels (TS-0001 §10.2.5.x, digest §12.6): requests for an AE
 * that is not request-reachable (rr=false) wait here, keyed by the AE's resource ID, until the AE
 * retrieves its `<pollingChannel>/pcu`. A retrieve that finds the queue empty waits (long
 * polling) for the next request. Queues live in memory: they do not survive a restart.
 */
export class PollingQueues {
  readonly #queues = new Map<string, RequestPrimitive[]>();
  readonly #waiters = new Map<string, Waiter[]>();
  readonly #responses = new Map<string, ResponsePrimitive>();
  #closed = false;

  constructor(private readonly log: (message: string) => void) {}

  /** Queues a request for the AE, or hands it to a waiting poll at once. */
  enqueue(aeRi: string, request: RequestPrimitive): void {
    const waiter = this.#waiters.get(aeRi)?.shift();
    if (waiter) {
      waiter(request);
      return;
    }
    const queue = this.#queues.get(aeRi) ?? [];
    queue.push(request);
    if (queue.length > MAX_QUEUED) {
      const dropped = queue.shift();
      this.log(
        `polling channel of ${aeRi}: more than ${MAX_QUEUED} requests waiting; dropped the oldest (${dropped?.rqi})`,
      );
    }
    this.#queues.set(aeRi, queue);
  }

  /** The number of requests waiting for the AE. */
  size(aeRi: string): number {
    return this.#queues.get(aeRi)?.length ?? 0;
  }

  /**
   * The oldest request for the AE, waiting up to `timeoutMs` for one to arrive; undefined when
   * none arrived in time, or when the channel was removed or the CSE closed meanwhile.
   */
  take(aeRi: string, timeoutMs: number, signal?: AbortSignal): Promise<RequestPrimitive | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    const queue = this.#queues.get(aeRi);
    const first = queue?.shift();
    if (queue && queue.length === 0) this.#queues.delete(aeRi);
    if (first || this.#closed) return Promise.resolve(first);
    return new Promise((resolve) => {
      const waiters = this.#waiters.get(aeRi) ?? [];
      const abandon = () => waiter(undefined);
      const waiter: Waiter = (request) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abandon);
        const list = this.#waiters.get(aeRi);
        const index = list?.indexOf(waiter) ?? -1;
        if (list && index >= 0) list.splice(index, 1);
        if (list?.length === 0) this.#waiters.delete(aeRi);
        resolve(request);
      };
      const timer = setTimeout(() => waiter(undefined), Math.max(0, timeoutMs));
      timer.unref();
      signal?.addEventListener('abort', abandon, { once: true });
      waiters.push(waiter);
      this.#waiters.set(aeRi, waiters);
    });
  }

  /** Removes and returns every request queued for the AE now, oldest first. */
  drain(aeRi: string): RequestPrimitive[] {
    const queue = this.#queues.get(aeRi) ?? [];
    this.#queues.delete(aeRi);
    return queue;
  }

  /** Records the response an AE sent back through its pcu (NOTIFY with `m2m:rsp`). */
  recordResponse(response: ResponsePrimitive): void {
    this.#responses.set(response.rqi, response);
    if (this.#responses.size > MAX_RESPONSES) {
      const oldest = this.#responses.keys().next().value;
      if (oldest !== undefined) this.#responses.delete(oldest);
    }
  }

  /** The response an AE sent back for the request `rqi`, if it did. */
  responseTo(rqi: string): ResponsePrimitive | undefined {
    return this.#responses.get(rqi);
  }

  /** Forgets the AE's queue (its polling channel or the AE itself was deleted); waiting polls end empty. */
  drop(aeRi: string): void {
    this.#queues.delete(aeRi);
    for (const waiter of [...(this.#waiters.get(aeRi) ?? [])]) waiter(undefined);
  }

  /** Ends every waiting poll (the CSE is closing). */
  close(): void {
    this.#closed = true;
    for (const aeRi of [...this.#waiters.keys()])
      for (const waiter of [...(this.#waiters.get(aeRi) ?? [])]) waiter(undefined);
  }
}
