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
