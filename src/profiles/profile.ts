import type { Encoding } from '../encoding/codec.js';

// A CSE profile: what the client needs to know about one CSE implementation, as data. The client,
// the bindings and the object model read these fields; nothing in the code branches on a
// profile's name. Fields are binding-neutral except `queryLists`, which only bindings that carry
// parameters as text (HTTP's query string, CoAP's Uri-Query) read (MQTT and WebSocket carry the
// request primitive whole and ignore it), and `webSocket` and `mqtt`, read by those bindings.

/** How a list-valued parameter is written where parameters travel as text (HTTP query, CoAP Uri-Query). */
export interface QueryListStyle {
  /**
   * `plus`: one parameter, values joined by `+` (`ty=2+3`, TS-0009 §6.2.2.2). `repeat`: the
   * parameter once per value (`lbl=a&lbl=b`).
   */
  readonly style: 'plus' | 'repeat';
  /** Parameters written `+`-joined whatever `style` says (tinyIoT reads `ty=2+3` but only the first of repeated ones). */
  readonly joined?: readonly string[];
  /** Parameters of which the CSE reads only one value: a request with several fails before sending. */
  readonly singleValued?: readonly string[];
}

/** What the WebSocket binding (TS-0020) needs to know about a CSE. */
export interface WebSocketBindingFacts {
  /**
   * Whether a connection names its originator in the handshake (`X-M2M-Origin`, not in TS-0020):
   * ACME binds the connection to it and, without one, allows only an AE registration. The client
   * then opens one connection per originator (in Node; browsers cannot send the header).
   */
  readonly originatorInHandshake: boolean;
  /**
   * The poa an AE names so that the CSE sends it requests over the connection the AE opened,
   * rather than opening one to it (ACME: `ws://default`).
   */
  readonly connectionPoa: string;
}

/** What the MQTT binding (TS-0010) needs to know about a CSE. */
export interface MqttBindingFacts {
  /** Whether AE registrations go to the initial registration topic `/oneM2M/reg_req/...` (TS-0010 §6.4). */
  readonly registrationTopic: boolean;
}

/** One way a CSE departs from the spec, and what the client does about it (the README table). */
export interface Departure {
  /** What the CSE does. */
  readonly what: string;
  /** The profile's answer: the setting or behaviour that makes the client work with it. */
  readonly answer: string;
}

/**
 * What the client knows about one CSE implementation: its identifiers and defaults, what it can do,
 * and the departures from the spec the client tolerates.
 *
 * @example
 * const client = new Client({ profile: 'mobius' }); // or resolveProfile('mobius') for the data
 */
export interface CseProfile {
  /** The name `profile: '…'` and `--profile` take. */
  readonly name: string;
  /** The implementation and the version the facts were measured on. */
  readonly title: string;
  /** False when the facts come from documentation only, not from a running CSE. */
  readonly verified: boolean;

  // ---- identifiers and defaults (each one a ClientOptions default) ------------------------
  /** The CSE's default HTTP root. */
  readonly url: string;
  readonly cseId: string;
  readonly cseName: string;
  /** The originator that passes every access check. */
  readonly adminOriginator: string;
  /** The release version the client sends (X-M2M-RVI); it also decides how requests are built. */
  readonly releaseVersion: string;
  /** The release versions the CSE accepts. */
  readonly releaseVersions: readonly string[];
  /** The serialisations the CSE reads and writes; asking for another fails before sending. */
  readonly encodings: readonly Encoding[];

  // ---- what the CSE can do ------------------------------------------------------------------
  /** Whether it hosts `<pollingChannel>` resources (and their `pcu`). */
  readonly pollingChannel: boolean;
  /** Whether `<group>/fopt/<relative path>` is fanned out (not only `<group>/fopt`). */
  readonly fanOutPath: boolean;
  /** Whether it reads TS-0009's child and parent attribute filters (`c.<attr>`, `p.<attr>`). */
  readonly childAttributeFilters: boolean;
  readonly queryLists: QueryListStyle;
  /**
   * Whether discovery's `lim`/`ofst` page through the results (TS-0004). False: they bound
   * something else (ACME: the direct children walked), so the client asks once for everything.
   */
  readonly discoveryPagesByResults: boolean;
  /** Whether lists of resources (discovery, child references) come newest first; the client sorts by ct and uses this for ties. */
  readonly listsNewestFirst: boolean;
  /** The notification content type (nct) the CSE applies when a subscription names none (spec: 1, all attributes). */
  readonly defaultNotificationContentType: number;
  /**
   * How the CSE verifies a new subscription's notification target: `request` (a verification
   * request, TS-0004 §7.5.1.2.2), `none` (it sends none), or `unusable` (its verification request
   * cannot be received; the client then names the AE-ID as target, and the AE's poa, which skips
   * verification).
   */
  readonly subscriptionVerification: 'request' | 'none' | 'unusable';

  /** Its WebSocket binding; left out, the spec profile's. */
  readonly webSocket?: WebSocketBindingFacts;
  /** Its MQTT binding; left out, the spec profile's. */
  readonly mqtt?: MqttBindingFacts;

  /** The CSE's departures and the profile's answers, for people (the README table). */
  readonly departures: readonly Departure[];
}
