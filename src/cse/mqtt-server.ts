import { Operation } from '../../generated/enums/operation.gen.js';
import { ResourceType } from '../../generated/enums/resource-type.gen.js';
import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import type { ContentCodec } from '../encoding/codec.js';
import { codecs, isEncoding } from '../encoding/index.js';
import { redactUrl } from '../http/credentials.js';
import { MqttLink } from '../mqtt/link.js';
import { idToTopicLevel, oneM2MTopic, parseTopic, topicPrefixOf, type ParsedTopic } from '../mqtt/topics.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import { PendingRequests } from '../transport/pending.js';
import { decodePrimitive, encodePrimitive, PrimitiveFormatError } from '../transport/primitive-message.js';
import { peekPrimitive } from '../transport/primitive-peek.js';
import type { TlsOptions } from '../transport/tls.js';
import type { CseContext } from './context.js';
import type { Cse } from './cse.js';
import { DeliveryError, type OutgoingBinding } from './delivery.js';
import { answerRequest, encodeResponse, refuse } from './primitive-binding.js';
import type { StoredResource } from './tree.js';

// The CSE's MQTT binding (TS-0010): a client of a broker that serves the CSE's request topics
//   <prefix>/oneM2M/req/+/<cse-id>/#       requests (answered on .../resp/<originator>/<cse-id>/<type>)
//   <prefix>/oneM2M/reg_req/+/<cse-id>/#   AE and remoteCSE registrations (answered on .../reg_resp/...)
// with the same dispatcher as HTTP, and that sends the CSE's own requests (notifications) to
// `mqtt://` targets: to an AE whose poa names a broker, on <prefix>/oneM2M/req/<cse-id>/<ae-id>/<type>,
// waiting for <prefix>/oneM2M/resp/<cse-id>/<ae-id>/<type>; to a URL with a path, on that topic
// (`mqtt://host/%2Fmy%2Ftopic` → `/my/topic`, as ACME reads it), counting as delivered once the
// broker has it, since nobody answers there. Only json, cbor and xml topics are read; others
// are logged and dropped, as ACME does.

/** Where the CSE's MQTT binding connects. */
export interface CseMqttOptions {
  /** The broker, `mqtt://host:1883`; a path is the topic prefix. Credentials in it are the broker login. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** TLS of an mqtts:// broker. */
  readonly tls?: TlsOptions;
  /** MQTT client id. Default `C::<cse-id>` (TS-0010 §6.3). */
  readonly clientId?: string;
}

/** The running MQTT binding. */
export interface CseMqttBinding {
  /** The broker, without credentials: what the CSEBase's poa names. */
  readonly url: string;
  /** Stops serving and disconnects (pending requests of the CSE fail). */
  close(): Promise<void>;
}

/** Broker address and credentials of an mqtt:// URL. */
function brokerOf(text: string): { key: string; url: string; prefix: string; username?: string; password?: string } {
  const url = new URL(text);
  const credentials =
    url.username === '' && url.password === ''
      ? {}
      : { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  const port = url.port || (url.protocol === 'mqtts:' ? '8883' : '1883');
  const broker = `${url.protocol}//${url.hostname}:${port}`;
  return { key: broker, url: broker, prefix: topicPrefixOf(url), ...credentials };
}

/** The topic level of the AE (or remoteCSE) a request goes to. */
function targetLevel(entity: StoredResource | undefined, request: RequestPrimitive): string {
  const id = entity?.attributes['aei'] ?? entity?.attributes['csi'] ?? request.to;
  return idToTopicLevel(String(id));
}

/** One broker connection of the CSE: serves requests (on its own broker) and sends the CSE's own. */
class BrokerConnection {
  readonly link: MqttLink;
  readonly #cse: CseContext;
  readonly #csi: string;
  readonly #pending: PendingRequests;
  readonly #responsePrefixes = new Map<string, Promise<void>>();
  #serve: Cse | undefined;
  #servedPrefix = '';

  constructor(
    cse: CseContext,
    readonly url: string,
    options: {
      username?: string | undefined;
      password?: string | undefined;
      tls?: TlsOptions | undefined;
      clientId?: string | undefined;
    },
  ) {
    this.#cse = cse;
    this.#csi = idToTopicLevel(cse.options.cseId);
    this.#pending = new PendingRequests(redactUrl(url), (messageId) => this.link.forget(messageId));
    this.link = new MqttLink(
      {
        url,
        username: options.username,
        password: options.password,
        tls: options.tls,
        clientId: options.clientId,
        connectTimeoutMs: cse.options.notificationTimeoutMs,
      },
      (topic, payload) => this.#received(topic, payload),
      () =>
        this.#pending.failAll(
          () => new DeliveryError(this.url, `the connection to the MQTT broker ${redactUrl(this.url)} was lost`),
          'sent',
        ),
    );
  }

  /** Serves the CSE's request topics under `prefix`. */
  async serve(cse: Cse, prefix: string): Promise<void> {
    this.#serve = cse;
    this.#servedPrefix = prefix;
    await this.link.ready();
    await Promise.all([
      this.link.subscribe(oneM2MTopic(prefix, 'req', '+', this.#csi, '#')),
      this.link.subscribe(oneM2MTopic(prefix, 'reg_req', '+', this.#csi, '#')),
      this.#responsesUnder(prefix),
    ]);
  }

  #responsesUnder(prefix: string): Promise<void> {
    let subscribed = this.#responsePrefixes.get(prefix);
    if (!subscribed) {
      subscribed = this.link.subscribe(oneM2MTopic(prefix, 'resp', this.#csi, '+', '#'));
      this.#responsePrefixes.set(prefix, subscribed);
      subscribed.catch(() => this.#responsePrefixes.delete(prefix));
    }
    return subscribed;
  }

  #received(topic: string, payload: Uint8Array): void {
    for (const prefix of new Set([this.#servedPrefix, ...this.#responsePrefixes.keys()])) {
      const parsed = parseTopic(topic, prefix);
      if (!parsed) continue;
      if (parsed.kind === 'resp') this.#response(parsed, payload);
      else if ((parsed.kind === 'req' || parsed.kind === 'reg_req') && this.#serve && prefix === this.#servedPrefix)
        void this.#request(this.#serve, prefix, parsed, payload);
      return;
    }
  }

  #response(topic: ParsedTopic, payload: Uint8Array): void {
    if (topic.originator !== this.#csi || !isEncoding(topic.type)) return;
    try {
      const message = decodePrimitive(codecs[topic.type], payload);
      if (message.kind === 'response') this.#pending.settle(message.response);
    } catch (error) {
      this.#cse.options.log(`MQTT: ignored a malformed response from ${topic.receiver}: ${(error as Error).message}`);
    }
  }

  async #request(cse: Cse, prefix: string, topic: ParsedTopic, payload: Uint8Array): Promise<void> {
    if (topic.receiver !== this.#csi) return;
    if (!isEncoding(topic.type)) {
      cse.options.log(`MQTT: ignored a request in an unknown serialization ${JSON.stringify(topic.type)}`);
      return;
    }
    const codec = codecs[topic.type];
    const registration = topic.kind === 'reg_req';
    const answerTopic = oneM2MTopic(
      prefix,
      registration ? 'reg_resp' : 'resp',
      topic.originator,
      topic.receiver,
      codec.encoding,
    );
    let response: ResponsePrimitive | undefined;
    try {
      // The limit HTTP puts on a body (413 there) and WebSocket on a frame holds for a message too.
      const limit = cse.options.maxBodyBytes;
      if (payload.byteLength > limit)
        throw new PrimitiveFormatError(
          `the message (${payload.byteLength} bytes) exceeds this CSE's limit of ${limit} bytes; send less content`,
          peekPrimitive(codec.encoding, payload).rqi,
          'request',
        );
      const message = decodePrimitive(codec, payload);
      if (message.kind !== 'request')
        throw new PrimitiveFormatError('a response on a request topic', message.response.rqi);
      const request = message.request;
      if (
        registration &&
        !(request.op === Operation.Create && (request.ty === ResourceType.AE || request.ty === ResourceType.RemoteCSE))
      )
        response = refuse(
          cse,
          request.rqi,
          ResponseStatusCode.BadRequest,
          'the registration topic (reg_req) takes only the create of an AE or a remoteCSE; send other requests to /oneM2M/req/...',
        );
      else response = (await answerRequest(cse, request)).response;
    } catch (error) {
      const rqi = error instanceof PrimitiveFormatError ? error.rqi : undefined;
      cse.options.log(
        `MQTT: a malformed request on ${prefix}/oneM2M/${topic.kind}/${topic.originator}: ${(error as Error).message}`,
      );
      if (rqi === undefined) return;
      response = refuse(cse, rqi, ResponseStatusCode.BadRequest, (error as Error).message);
    }
    if (!response) return;
    try {
      this.link.publish(answerTopic, encodeResponse(cse, codec, response));
    } catch (error) {
      cse.options.log(`MQTT: the response to ${response.rqi} could not be published: ${(error as Error).message}`);
    }
  }

  /** Publishes the CSE's request; waits for its response unless `topic` is a direct one. */
  async send(
    request: RequestPrimitive,
    codec: ContentCodec,
    where: { readonly prefix: string; readonly target: string } | { readonly topic: string },
  ): Promise<ResponsePrimitive | undefined> {
    const timeoutMs = this.#cse.options.notificationTimeoutMs;
    const bytes = encodePrimitive(codec, request);
    try {
      await this.link.ready();
    } catch (error) {
      throw new DeliveryError(
        this.url,
        `cannot reach the MQTT broker ${redactUrl(this.url)}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    if ('topic' in where) {
      // Nobody answers on a topic named by a URL: delivered once the broker has it.
      await new Promise<void>((resolve, reject) =>
        this.link.publish(where.topic, bytes, (error) =>
          error ? reject(new DeliveryError(this.url, error.message)) : resolve(),
        ),
      );
      return undefined;
    }
    await this.#responsesUnder(where.prefix);
    const waiting = this.#pending.expect(request, { signal: this.#cse.background.signal, timeoutMs });
    try {
      const messageId = this.link.publish(
        oneM2MTopic(where.prefix, 'req', this.#csi, where.target, codec.encoding),
        bytes,
      );
      this.#pending.sent(request, messageId);
    } catch (error) {
      this.#pending.fail(request, () => new DeliveryError(this.url, String(error)));
    }
    try {
      return await waiting;
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      const what =
        (error as Error).name === 'TimeoutError' ? `no response within ${timeoutMs} ms` : (error as Error).message;
      throw new DeliveryError(this.url, `${target(where)} over MQTT: ${what}`, { cause: error });
    }
  }

  async close(): Promise<void> {
    this.#serve = undefined;
    await this.link.close();
  }
}

function target(where: { readonly target: string }): string {
  return where.target;
}

/** The CSE's MQTT connections by broker; one per CSE, made on first use. */
class MqttOutgoing implements OutgoingBinding {
  readonly schemes = ['mqtt', 'mqtts'] as const;
  readonly #cse: CseContext;
  readonly #brokers = new Map<string, BrokerConnection>();

  constructor(cse: CseContext) {
    this.#cse = cse;
    cse.background.signal.addEventListener('abort', () => void this.close(), { once: true });
  }

  /** The connection to a broker (its login from the URL, or the one given). */
  connection(url: string, login: Omit<CseMqttOptions, 'url'> = {}): BrokerConnection {
    const broker = brokerOf(url);
    let connection = this.#brokers.get(broker.key);
    if (!connection) {
      connection = new BrokerConnection(this.#cse, broker.url, {
        username: login.username ?? broker.username,
        password: login.password ?? broker.password,
        tls: login.tls,
        clientId: login.clientId,
      });
      this.#brokers.set(broker.key, connection);
    }
    return connection;
  }

  async send(
    url: string,
    request: RequestPrimitive,
    codec: ContentCodec,
    entity: StoredResource | undefined,
  ): Promise<ResponsePrimitive | undefined> {
    const broker = brokerOf(url);
    const connection = this.connection(url);
    if (entity === undefined) {
      // A target URL that is no AE's poa: its path is the topic to publish to.
      if (broker.prefix === '')
        throw new DeliveryError(
          url,
          `${redactUrl(url)} names no topic: give the notification target as mqtt://host:port/<topic>, or as an AE-ID whose poa is ${redactUrl(url)}`,
        );
      return connection.send(request, codec, { topic: decodeURIComponent(new URL(url).pathname.slice(1)) });
    }
    const addressed = { ...request, to: String(entity.attributes['aei'] ?? entity.ri) };
    return connection.send(addressed, codec, { prefix: broker.prefix, target: targetLevel(entity, request) });
  }

  async close(): Promise<void> {
    const all = [...this.#brokers.values()];
    this.#brokers.clear();
    await Promise.allSettled(all.map((connection) => connection.close()));
  }
}

const outgoing = new WeakMap<CseContext, MqttOutgoing>();

/** The CSE's outgoing MQTT binding (one per CSE). */
export function mqttOutgoing(cse: CseContext): MqttOutgoing {
  let binding = outgoing.get(cse);
  if (!binding) {
    binding = new MqttOutgoing(cse);
    outgoing.set(cse, binding);
  }
  return binding;
}

/**
 * Connects the CSE to a broker and serves its request topics there; the CSE's own requests to
 * that broker go over the same connection. Needs the optional peer dependency `mqtt`.
 */
export async function startCseMqtt(cse: Cse, options: CseMqttOptions): Promise<CseMqttBinding> {
  const binding = mqttOutgoing(cse.context);
  cse.context.delivery.addBinding(binding);
  const broker = brokerOf(options.url);
  const { url: _url, ...login } = options;
  const connection = binding.connection(options.url, {
    ...login,
    clientId: options.clientId ?? `C::${idToTopicLevel(cse.options.cseId)}`,
  });
  try {
    await connection.serve(cse, broker.prefix);
  } catch (error) {
    await connection.close();
    throw new Error(`cannot serve MQTT on ${redactUrl(options.url)}: ${(error as Error).message}`, { cause: error });
  }
  const url = `${broker.url}${broker.prefix ? `/${broker.prefix}` : ''}`;
  return { url, close: () => connection.close() };
}
