import type { Encoding } from '../encoding/codec.js';
import { redactUrl } from '../http/credentials.js';
import { HttpTransport } from '../http/HttpTransport.js';
import { resolveMqttOptions, type MqttTransportOptions } from '../mqtt/options.js';
import type { CseProfile } from '../profiles/profile.js';
import { specProfile } from '../profiles/profiles.js';
import type { Transport } from '../transport/transport.js';
import { DeferredTransport } from '../transport/deferred.js';
import { resolveWebSocketOptions, type WebSocketTransportOptions } from '../websocket/options.js';
import type { ClientOptions } from './options.js';

// The binding a client uses follows from its URL's scheme: http(s) TS-0009, mqtt(s) TS-0010 (the
// URL is the broker's), ws(s) TS-0020. Options that only one binding has are refused with the
// others rather than silently ignored. MQTT and WebSocket transports are checked at once and
// loaded with the first request (DeferredTransport), so HTTP users carry none of their code.

/** The bindings by URL scheme. */
export type Binding = 'http' | 'mqtt' | 'websocket';

/** The binding of a URL, or undefined for a scheme no binding has. */
export function bindingOf(url: string): Binding | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'http':
    case 'https':
      return 'http';
    case 'mqtt':
    case 'mqtts':
      return 'mqtt';
    case 'ws':
    case 'wss':
      return 'websocket';
    default:
      return undefined;
  }
}

function refuse(binding: string, option: string, why: string): never {
  throw new TypeError(`the ${option} option does not apply to the ${binding} binding: ${why}`);
}

/** The transport for the client's URL, set up from its options and its profile's binding facts. */
export function transportFor(
  url: string,
  options: ClientOptions,
  settings: { readonly encoding: Encoding; readonly cseId: string; readonly profile: CseProfile },
): Transport {
  const binding = bindingOf(url);
  const shared = {
    encoding: settings.encoding,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.auth === undefined ? {} : { auth: options.auth }),
  };
  if (binding === 'mqtt') {
    if (options.fetch) refuse('MQTT', 'fetch', 'it sends through an MQTT broker');
    if (options.headers) refuse('MQTT', 'headers', 'MQTT 3.1.1 messages have no headers');
    if (options.webSocket) refuse('MQTT', 'webSocket', 'give it with a ws:// or wss:// url');
    const mqtt: MqttTransportOptions = {
      url,
      cseId: settings.cseId,
      registrationTopic: (settings.profile.mqtt ?? specProfile.mqtt)?.registrationTopic ?? true,
      ...shared,
      ...options.mqtt,
    };
    const { endpoint, poa } = resolveMqttOptions(mqtt);
    return new DeferredTransport(
      endpoint,
      poa,
      async () => new (await import('../mqtt/MqttTransport.js')).MqttTransport(mqtt),
    );
  }
  if (binding === 'websocket') {
    if (options.fetch) refuse('WebSocket', 'fetch', 'it sends over a WebSocket connection');
    if (options.mqtt) refuse('WebSocket', 'mqtt', 'give it with an mqtt:// or mqtts:// url');
    const facts = settings.profile.webSocket ?? specProfile.webSocket;
    const webSocket: WebSocketTransportOptions = {
      url,
      ...(facts ? { originatorInHandshake: facts.originatorInHandshake, connectionPoa: facts.connectionPoa } : {}),
      ...shared,
      ...(options.headers === undefined ? {} : { headers: options.headers }),
      ...options.webSocket,
    };
    const { endpoint, poa } = resolveWebSocketOptions(webSocket);
    return new DeferredTransport(
      endpoint,
      poa,
      async () => new (await import('../websocket/WebSocketTransport.js')).WebSocketTransport(webSocket),
    );
  }
  if (binding === undefined)
    throw new TypeError(
      `url ${JSON.stringify(redactUrl(url))} has no binding: give an http(s)://, mqtt(s):// or ws(s):// URL`,
    );
  if (options.mqtt) refuse('HTTP', 'mqtt', 'give it with an mqtt:// or mqtts:// url');
  if (options.webSocket) refuse('HTTP', 'webSocket', 'give it with a ws:// or wss:// url');
  return new HttpTransport({
    baseUrl: url,
    ...shared,
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    binding: { queryLists: settings.profile.queryLists },
  });
}
