import type { ResponsePrimitive } from '../primitives/response.js';
import type { Listening, ReceivingTransport } from '../transport/transport.js';
import type { NotificationEndpoint } from './endpoint.js';
import { answerPolledRequest } from './polling.js';
import { NotificationRouter } from './router.js';

// Notifications over the binding the client already speaks (TS-0010: the AE's request topic;
// TS-0020: requests from the CSE on the open connection), so an AE connected over MQTT or
// WebSocket needs no HTTP receiver. Subscriptions name the AE-ID as notification target and the
// AE carries the binding's poa (`mqtt://broker:port`, `ws://default`), where the CSE sends them.
// One endpoint per transport and AE, made when a session first needs it; browser-safe.

/** A notification endpoint on the client's own MQTT or WebSocket connection, for one AE. */
export class BindingNotificationEndpoint implements NotificationEndpoint {
  /** The AE-ID: what subscriptions name in nu. */
  readonly notificationUri: string;
  /** The pointOfAccess the AE must have for the CSE to reach it over the binding. */
  readonly poa: string;
  readonly router: NotificationRouter;
  readonly onError: (error: unknown) => void;
  readonly #transport: ReceivingTransport;
  #listening: Promise<Listening> | undefined;
  #current: Listening | undefined;

  constructor(transport: ReceivingTransport, aeId: string, onError?: (error: unknown) => void) {
    this.#transport = transport;
    this.notificationUri = aeId;
    this.poa = transport.notificationPoa;
    this.onError = onError ?? ((error) => console.error(`notifications for ${aeId}:`, error));
    this.router = new NotificationRouter({ onError: this.onError });
  }

  /** Starts receiving the requests the CSE sends to the AE (once; again after a failure). */
  prepare(): Promise<void> {
    // The transport was closed (and may reconnect): listen again.
    if (this.#current && !this.#current.active) {
      this.#listening = undefined;
      this.#current = undefined;
    }
    if (!this.#listening) {
      const listening = this.#transport.listen(this.notificationUri, (request): ResponsePrimitive => {
        const { rsc, debug } = answerPolledRequest(this.router, request, 'this connection');
        return {
          rsc,
          rqi: request.rqi,
          ...(request.rvi ? { rvi: request.rvi } : {}),
          fr: this.notificationUri,
          ...(request.fr ? { to: request.fr } : {}),
          ...(debug === undefined ? {} : { pc: { 'm2m:dbg': debug } }),
        };
      });
      this.#listening = listening;
      listening.then(
        (current) => {
          if (this.#listening === listening) this.#current = current;
        },
        () => {
          if (this.#listening === listening) this.#listening = undefined;
        },
      );
    }
    return this.#listening.then(() => undefined);
  }

  /** Stops receiving (the transport's close() does too). */
  async close(): Promise<void> {
    const listening = this.#listening;
    this.#listening = undefined;
    this.#current = undefined;
    await (await listening?.catch(() => undefined))?.close();
  }
}

const endpoints = new WeakMap<ReceivingTransport, Map<string, BindingNotificationEndpoint>>();

/** The endpoint of `aeId` on `transport` (one per pair, shared by every session on the transport). */
export function bindingEndpoint(transport: ReceivingTransport, aeId: string): BindingNotificationEndpoint {
  let byAe = endpoints.get(transport);
  if (!byAe) {
    byAe = new Map();
    endpoints.set(transport, byAe);
  }
  let endpoint = byAe.get(aeId);
  if (!endpoint) {
    endpoint = new BindingNotificationEndpoint(transport, aeId);
    byAe.set(aeId, endpoint);
  }
  return endpoint;
}
