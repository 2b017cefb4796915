import type { ContentCodec, Encoding } from '../encoding/codec.js';
import { redactUrl, type HttpAuth } from '../http/credentials.js';
import { runsOnNode } from '../http/default-sender.js';
import type { TlsOptions } from '../transport/tls.js';
import { topicPrefixOf } from './topics.js';

// The options of the MQTT transport, checked without loading the transport itself: a client
// whose URL is mqtt:// refuses bad settings when it is made, and loads the binding on first use.

/** Options of MqttTransport: the broker, the CSE, the encoding, and the MQTT connection. */
export interface MqttTransportOptions {
  /**
   * The broker, `mqtt://host:1883` or `mqtts://host:8883`; a path is the topic prefix
   * (`mqtt://host/abc` → `abc/oneM2M/req/...`). Credentials in it (`mqtt://user:password@host`)
   * become username and password.
   */
  readonly url: string;
  /** The CSE-ID of the CSE the requests are for: the receiver level of the request topics. */
  readonly cseId: string;
  /** The serialization of requests (the topics' last level). Default json. */
  readonly encoding?: Encoding;
  /** A codec object instead of `encoding`. */
  readonly codec?: ContentCodec;
  /** Milliseconds for the whole exchange (connecting included) before TimeoutError; false for none. Default 30 000. */
  readonly timeoutMs?: number | false;
  /** Largest response message accepted; a larger one fails its request with ResponseTooLargeError. Default 16 MiB. */
  readonly maxResponseBytes?: number;
  /** Broker credentials (MQTT username and password). */
  readonly username?: string;
  readonly password?: string;
  /** Basic credentials as the client's `auth` option gives them: they become username and password. */
  readonly auth?: HttpAuth;
  /** TLS of an mqtts:// connection (private CA, client certificate); certificates are verified by default. */
  readonly tls?: TlsOptions;
  /**
   * The MQTT client identifier. TS-0010 suggests the AE-ID prefixed `A::` (or `C::` and the
   * CSE-ID); one transport may speak for several originators, so the default is a random one.
   */
  readonly clientId?: string;
  /** Start a clean session (default true). TS-0010 suggests false, which keeps subscriptions across reconnects on the broker. */
  readonly clean?: boolean;
  /** Milliseconds between reconnection attempts after the connection is lost; 0 turns reconnecting off. Default 1000. */
  readonly reconnectPeriodMs?: number;
  /** Keep-alive interval in seconds. Default 60. */
  readonly keepaliveSeconds?: number;
  /** QoS of publishes and subscriptions: 0 or 1 (TS-0010 does not use 2). Default 1. */
  readonly qos?: 0 | 1;
  /**
   * Send AE and remoteCSE registrations (create of ty 2 or 16) to `/oneM2M/reg_req/...`, the
   * initial registration topic of TS-0010 §6.4 (ACME serves it; its originator level is the
   * credential ID). Default true; false sends them to `/oneM2M/req/...` like everything else.
   */
  readonly registrationTopic?: boolean;
  /**
   * The poa an AE names to be reached over this broker, when the CSE reaches the broker at
   * another address than this client does. Default: `url` without credentials.
   */
  readonly poa?: string;
  /** Receives what the transport ignores: malformed messages on its topics, failed notification handlers. */
  readonly onError?: (error: Error) => void;
}

/** Largest response message accepted by default: 16 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Checked MQTT settings: the broker without credentials, the topic prefix, the login. */
export interface ResolvedMqttOptions {
  /** `mqtt://host:port[/prefix]`: what errors and inspect show. */
  readonly endpoint: string;
  /** `mqtt://host:port`: what mqtt.js connects to. */
  readonly brokerUrl: string;
  readonly prefix: string;
  readonly poa: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
}

/** Checks the options (TypeError naming the problem) and works out the broker, prefix and login. */
export function resolveMqttOptions(options: MqttTransportOptions): ResolvedMqttOptions {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new TypeError(
      `url ${JSON.stringify(redactUrl(options.url))} is not a URL; give one such as mqtt://127.0.0.1:1883`,
    );
  }
  if (url.protocol !== 'mqtt:' && url.protocol !== 'mqtts:')
    throw new TypeError(`url ${redactUrl(url.href)} must be an mqtt: or mqtts: URL`);
  if (!runsOnNode())
    throw new TypeError(
      'the MQTT binding connects over TCP, which needs Node; in a browser, reach the CSE over WebSocket (ws:// or wss://, TS-0020) or HTTP',
    );
  if (options.tls && url.protocol !== 'mqtts:')
    throw new TypeError(`the tls option needs an mqtts: url, not ${redactUrl(url.href)}`);
  let username = options.username;
  let password = options.password;
  if (options.auth) {
    if (!('basic' in options.auth))
      throw new TypeError('MQTT brokers take a username and password: give auth as { basic: { username, password } }');
    ({ username, password } = options.auth.basic);
  }
  if (url.username !== '' || url.password !== '') {
    if (username !== undefined || password !== undefined)
      throw new TypeError('credentials both in the url and in the options: give them once');
    username = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
    url.username = '';
    url.password = '';
  }
  if (options.maxResponseBytes !== undefined && !(options.maxResponseBytes > 0))
    throw new TypeError(`maxResponseBytes ${options.maxResponseBytes} must be a positive number of bytes`);
  const prefix = topicPrefixOf(url);
  const endpoint = `${url.protocol}//${url.host}${prefix ? `/${prefix}` : ''}`;
  return {
    endpoint,
    brokerUrl: `${url.protocol}//${url.host}`,
    prefix,
    poa: options.poa ?? endpoint,
    username,
    password,
  };
}
