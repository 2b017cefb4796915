import { Operation } from '../../generated/enums/operation.gen.js';
import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import type { Client } from '../client/Client.js';
import { AbortError, isResponseError, TimeoutError } from '../errors/index.js';
import type { PrimitiveContent } from '../primitives/content.js';
import type { RequestPrimitive } from '../primitives/request.js';
import { notificationsIn } from './notification.js';
import type { NotificationAnswer } from './receiver.js';
import type { NotificationRouter } from './router.js';

// Long polling of a <pollingChannel> (TS-0001 §10.2.5.x, digest §12.6): RETRIEVE of
// `<pch>/pcu` is held by the CSE until a request for the AE is queued (answered 2000 with the
// request primitive, `m2m:rqp`, or several in `m2m:agrp` with requestAggregation) or the request
// expires (4008). Each polled request is handled and answered by a NOTIFY of `m2m:rsp` to the
// same `pcu`. The loop runs in the background until stopped. It only sends requests through the
// Client, so it runs in browsers too.

/** Options of PollingChannelPoller: the pcu address, the long-poll timeout, the pause after errors. */
export interface PollingOptions {
  /**
   * How long the CSE may hold one poll, in milliseconds: sent as a relative request expiration
   * (X-M2M-RET). Keep it below the client's timeout. Default 10 000.
   */
  readonly holdMs?: number;
  /** First pause after a failed poll; doubles up to 30 s while failures go on. Default 1000. */
  readonly retryDelayMs?: number;
  /** Called with failed polls and failed answers; the loop goes on (except when the channel is gone). */
  readonly onError?: (error: unknown) => void;
  /** Called when the loop ends because the channel is gone (4004) or may not be polled (4103). */
  readonly onStop?: (reason: unknown) => void;
}

/** The request primitives in a pcu response: one `m2m:rqp`, a list, or `m2m:agrp` (aggregated). */
export function polledRequests(content: PrimitiveContent | undefined): RequestPrimitive[] {
  if (!content) return [];
  const list: unknown[] = [];
  const add = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(add);
    else if (value !== null && typeof value === 'object') {
      const nested = (value as Record<string, unknown>)['m2m:rqp'];
      if (nested !== undefined) add(nested);
      else list.push(value);
    }
  };
  add(content['m2m:rqp']);
  add(content['m2m:agrp']);
  return list.filter(
    (r): r is RequestPrimitive =>
      typeof (r as RequestPrimitive).op === 'number' && typeof (r as RequestPrimitive).rqi === 'string',
  );
}

function answerOf(answer: NotificationAnswer): { rsc: number; debug?: string } {
  if (typeof answer === 'number') return { rsc: answer };
  if (answer) return answer.debug === undefined ? { rsc: answer.rsc } : { rsc: answer.rsc, debug: answer.debug };
  return { rsc: ResponseStatusCode.OK };
}

/**
 * Handles one request the CSE sent the AE (polled, or over MQTT or WebSocket): NOTIFYs go to the
 * router, anything else is refused. `via` says how it came, for the refusal.
 */
export function answerPolledRequest(
  router: NotificationRouter,
  request: RequestPrimitive,
  via = 'its polling channel',
): { rsc: number; debug?: string } {
  if (request.op !== Operation.Notify) {
    return {
      rsc: ResponseStatusCode.OperationNotAllowed,
      debug: `this AE receives only notifications through ${via}, not operation ${request.op}`,
    };
  }
  try {
    let result: { rsc: number; debug?: string } = { rsc: ResponseStatusCode.OK };
    for (const notification of notificationsIn(request)) {
      const answer = answerOf(router.handle(notification));
      if (answer.rsc !== ResponseStatusCode.OK) result = answer;
    }
    return result;
  } catch (error) {
    return { rsc: ResponseStatusCode.BadRequest, debug: error instanceof Error ? error.message : String(error) };
  }
}

/** The background long-polling loop of one polling channel. */
export class PollingChannelPoller {
  readonly #client: Client;
  readonly #pcu: string;
  readonly #router: NotificationRouter;
  readonly #options: PollingOptions;
  #controller: AbortController | undefined;
  #loop: Promise<void> | undefined;

  /**
   * @param client speaks as the AE that owns the channel (only it may poll)
   * @param pcu the address of `<pch>/pcu`
   */
  constructor(client: Client, pcu: string, router: NotificationRouter, options: PollingOptions = {}) {
    this.#client = client;
    this.#pcu = pcu;
    this.#router = router;
    this.#options = options;
  }

  get running(): boolean {
    return this.#loop !== undefined;
  }

  /** Starts the loop (again, after a stop); does nothing while it runs. */
  start(): void {
    if (this.#loop) return;
    const controller = new AbortController();
    this.#controller = controller;
    this.#loop = this.#run(controller.signal).finally(() => {
      if (this.#controller === controller) {
        this.#controller = undefined;
        this.#loop = undefined;
      }
    });
  }

  /** Stops the loop, aborting the poll in flight; resolves when it has ended. */
  async stop(): Promise<void> {
    const loop = this.#loop;
    this.#controller?.abort();
    await loop;
  }

  async #run(signal: AbortSignal): Promise<void> {
    const base = this.#options.retryDelayMs ?? 1000;
    let delay = base;
    while (!signal.aborted) {
      let requests: RequestPrimitive[];
      try {
        const poll = this.#client.buildRequest(Operation.Retrieve, this.#pcu, {
          requestExpiration: this.#options.holdMs ?? 10_000,
        });
        const response = await this.#client.send(poll, { retry: false, signal });
        requests = polledRequests(response.pc);
        delay = base;
      } catch (error) {
        if (signal.aborted || error instanceof AbortError) return;
        // Nothing was queued while the CSE held the poll: poll again.
        if (isResponseError(error, ResponseStatusCode.RequestTimeout) || error instanceof TimeoutError) continue;
        if (
          isResponseError(error, ResponseStatusCode.NotFound) ||
          isResponseError(error, ResponseStatusCode.OriginatorHasNoPrivilege)
        ) {
          this.#options.onStop?.(error);
          return;
        }
        this.#options.onError?.(error);
        await pause(delay, signal);
        delay = Math.min(delay * 2, 30_000);
        continue;
      }
      for (const request of requests) await this.#answer(request, signal);
    }
  }

  async #answer(request: RequestPrimitive, signal: AbortSignal): Promise<void> {
    const { rsc, debug } = answerPolledRequest(this.#router, request);
    const rsp = {
      rsc,
      rqi: request.rqi,
      rvi: request.rvi ?? this.#client.releaseVersion,
      fr: this.#client.originator,
      ...(request.fr ? { to: request.fr } : {}),
      ...(debug === undefined ? {} : { pc: { 'm2m:dbg': debug } }),
    };
    try {
      await this.#client.send(this.#client.buildRequest(Operation.Notify, this.#pcu, {}, { pc: { 'm2m:rsp': rsp } }), {
        retry: false,
        signal,
      });
    } catch (error) {
      if (!signal.aborted) this.#options.onError?.(error);
    }
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
