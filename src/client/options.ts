import type { FilterCriteria } from '../../generated/types/filter-criteria.gen.js';
import type { Encoding } from '../encoding/codec.js';
import type { CseProfile } from '../profiles/profile.js';
import type { ProfileName } from '../profiles/profiles.js';
import type { HttpAuth } from '../http/credentials.js';
import type { TlsOptions } from '../transport/tls.js';
import type { AbsRelTimestamp, RequestPrimitive } from '../primitives/request.js';
import type { Transport } from '../transport/transport.js';
import type { MqttTransportOptions } from '../mqtt/options.js';
import type { WebSocketTransportOptions } from '../websocket/options.js';

/** The MQTT settings of ClientOptions: those of MqttTransport that the client options do not give. */
export type MqttOptions = Pick<
  MqttTransportOptions,
  | 'clientId'
  | 'clean'
  | 'reconnectPeriodMs'
  | 'keepaliveSeconds'
  | 'qos'
  | 'registrationTopic'
  | 'poa'
  | 'username'
  | 'password'
  | 'onError'
>;

/** The WebSocket settings of ClientOptions: those of WebSocketTransport that the client options do not give. */
export type WebSocketOptions = Pick<
  WebSocketTransportOptions,
  'originatorInHandshake' | 'connectionPoa' | 'webSocket' | 'reconnectDelayMs' | 'onError'
>;
import type { RetryOptions, RetryPolicy } from './retry.js';

/**
 * How the client talks to one CSE. Every field a user leaves out is the profile's; the default
 * profile, `spec`, is the spec as written with the reference CSE's (ACME's) identifiers.
 */
export interface ClientOptions {
  /**
   * What the CSE is: `spec` (default), `acme`, `mobius`, `tinyiot`, `om2m` (unverified), or a
   * profile object. It gives the defaults below and the departures from the spec the client
   * tolerates; asking for what it says the CSE cannot do fails before sending.
   */
  readonly profile?: ProfileName | CseProfile;
  /**
   * Where the CSE is; the scheme chooses the binding: `http(s)://host:port` (TS-0009, the CSE's
   * HTTP root), `mqtt(s)://broker:port` (TS-0010, the broker the CSE listens on; a path is a
   * topic prefix) or `ws(s)://host:port` (TS-0020). Default the profile's
   * (`http://127.0.0.1:8080`). Credentials in it (`http://user:password@host`) are sent as Basic
   * auth (MQTT: username and password) and never shown in `client.url` or errors.
   */
  readonly url?: string;
  /** The CSE-ID, SP-relative. Default the profile's (`/id-in`). */
  readonly cseId?: string;
  /** The CSEBase resource name, the first segment of structured addresses. Default the profile's (`cse-in`). */
  readonly cseName?: string;
  /** X-M2M-Origin for every request unless a request says otherwise. Default the profile's admin (`CAdmin`). */
  readonly originator?: string;
  /** X-M2M-RVI; it also decides how requests are built (no rcn=11 below 3). Default the profile's (`3`). */
  readonly releaseVersion?: string;
  /** Default the profile's first encoding (`json`); one the profile does not list fails at once. */
  readonly encoding?: Encoding;
  /** Per-request timeout in milliseconds (connecting included), or false. Default 30 000. */
  readonly timeoutMs?: number | false;
  /** Retries of retrieve (on by default) and delete (off by default); create and update never. */
  readonly retry?: RetryOptions;
  /** Headers added to every HTTP request (and to the WebSocket handshake). */
  readonly headers?: Readonly<Record<string, string>>;
  /** HTTP Basic or Bearer credentials (ACME can require them). Redacted in inspect, JSON and errors. */
  readonly auth?: HttpAuth;
  /**
   * TLS of the Node transport: `ca` to trust a private CA, `cert` and `key` for mutual TLS.
   * Server certificates are always verified unless `rejectUnauthorized: false`.
   */
  readonly tls?: TlsOptions;
  /** Largest response body accepted (after decompression); more is a ResponseTooLargeError. Default 16 MiB. */
  readonly maxResponseBytes?: number;
  /**
   * Send through this fetch instead of the built-in transport (undici in Node, fetch elsewhere):
   * undici's fetch with a proxy dispatcher, a test double, a polyfill.
   */
  readonly fetch?: typeof globalThis.fetch;
  /** Settings only the MQTT binding has (an mqtt:// or mqtts:// url): client id, session, reconnect, QoS. */
  readonly mqtt?: MqttOptions;
  /** Settings only the WebSocket binding has (a ws:// or wss:// url). */
  readonly webSocket?: WebSocketOptions;
  /** A transport of your own instead of the one the url's scheme chooses (CoAP, an in-memory test double). */
  readonly transport?: Transport;
  /** Makes request identifiers; default `<8 random chars>-<counter>`. */
  readonly requestId?: () => string;
  /** Send X-M2M-OT (the originating timestamp) with every request. Default false. */
  readonly sendOriginatingTimestamp?: boolean;
  /**
   * What the client sending on behalf of a freshly registered AE uses as originator: the AE-ID
   * the CSE assigned (`ae-id`, TS-0001 and ACME), or the originator it registered with
   * (`unchanged`, for CSEs that keep accepting the registration credential). Default `ae-id`.
   */
  readonly originatorAfterRegistration?: 'ae-id' | 'unchanged';
}

/** Polling of a non-blocking request's `<request>` resource. */
export interface PollOptions {
  /** First delay between polls; grows by half each time up to maxIntervalMs. Default 250. */
  readonly intervalMs?: number;
  readonly maxIntervalMs?: number;
  /** Give up (TimeoutError) after this long. Default 60 000. */
  readonly timeoutMs?: number;
}

/** Settings of one request. Names are the spec's long names; `parameters` takes any other primitive member. */
export interface RequestOptions {
  /** Overrides the client's originator for this request. */
  readonly originator?: string;
  readonly requestId?: string;
  /** Result content; typed methods choose their return type from it. */
  readonly rcn?: number;
  readonly filterCriteria?: FilterCriteria;
  /** Desired identifier result type: 1 structured (default), 2 unstructured. */
  readonly drt?: 1 | 2;
  /**
   * Blocking (default) waits for the result. Non-blocking synch makes the CSE answer at once
   * with a `<request>` resource, which the client polls until the result is there.
   */
  readonly responseType?: 'blocking' | 'nonBlockingSynch' | 'flexBlocking';
  readonly poll?: PollOptions;
  readonly requestExpiration?: AbsRelTimestamp;
  readonly resultExpiration?: AbsRelTimestamp;
  readonly operationExecutionTime?: AbsRelTimestamp;
  readonly resultPersistence?: AbsRelTimestamp;
  readonly deliveryAggregation?: boolean;
  readonly eventCategory?: number;
  readonly vendorInformation?: string;
  readonly groupRequestId?: string;
  /** Partial retrieve: only these attributes (atrl). */
  readonly attributes?: readonly string[];
  /** Any other request primitive member (rids, tkns, sqi…); wins over the fields above. */
  readonly parameters?: Partial<RequestPrimitive>;
  /** Overrides the retry policy for this request; false turns retrying off. */
  readonly retry?: RetryPolicy | false;
  readonly signal?: AbortSignal;
  /** Overrides the client's timeoutMs for this request (a long poll, a slow CSE); false for none. */
  readonly timeoutMs?: number | false;
}
