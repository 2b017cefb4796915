import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';

/** Per-request settings that a transport honours. */
export interface SendOptions {
  /** Aborts the request; the transport rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Overrides the transport's timeout for this request (a long poll, a slow operation); false for none. */
  readonly timeoutMs?: number | false;
}

/** A response primitive and, where the binding has one, its transport status (HTTP 404, CoAP 4.04). */
export interface TransportResult {
  readonly response: ResponsePrimitive;
  readonly status?: number;
}

/**
 * One binding of oneM2M to a transport protocol: it sends a request primitive and resolves to the
 * response primitive, whatever its rsc. HTTP is the first; MQTT, WebSocket and CoAP implement the
 * same contract, so the client, the object model and the generated code never depend on one.
 *
 * A transport rejects only when no response primitive was obtained, with the error classes in
 * src/errors/transport-errors.ts (network failure, timeout, malformed response…); see ARCHITECTURE.md here.
 */
export interface Transport {
  /** What the transport is talking to, for error messages, e.g. `http://127.0.0.1:8080`. */
  readonly endpoint: string;
  /** Sends one request primitive and resolves with the response primitive; rejects with an Onem2mError subclass. */
  send(request: RequestPrimitive, options?: SendOptions): Promise<TransportResult>;
  /** Releases connections (sockets, an MQTT session); optional, and the transport may reconnect later. */
  close?(): Promise<void>;
}

/**
 * Answers a request the CSE sent over the binding (a notification, a verification request):
 * the response primitive, or undefined for none (a request with rt=5, noResponse).
 */
export type RequestHandler = (
  request: RequestPrimitive,
) => ResponsePrimitive | undefined | Promise<ResponsePrimitive | undefined>;

/** A registration made by {@link ReceivingTransport.listen}; close() ends it. */
export interface Listening {
  /** False once closed, by close() or by the transport's close(). */
  readonly active: boolean;
  close(): Promise<void>;
}

/**
 * A binding over which the CSE can send requests to the client as well (MQTT: the originator's
 * request topic; WebSocket: the open connection), so that an AE needs no HTTP receiver of its own.
 */
export interface ReceivingTransport extends Transport {
  /**
   * The pointOfAccess (poa) an AE must have for the CSE to reach it over this binding, e.g.
   * `mqtt://broker:1883` (the CSE publishes to the AE's request topic there).
   */
  readonly notificationPoa: string;
  /** Receives the requests the CSE sends to `originator` (an AE-ID) until the returned registration is closed. */
  listen(originator: string, handler: RequestHandler): Promise<Listening>;
}

/** Whether a transport can receive requests from the CSE (MQTT and WebSocket can, HTTP cannot). */
export function canReceive(transport: Transport): transport is ReceivingTransport {
  return typeof (transport as Partial<ReceivingTransport>).listen === 'function';
}
