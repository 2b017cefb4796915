import { Operation } from '../../generated/enums/operation.gen.js';
import { ResourceType } from '../../generated/enums/resource-type.gen.js';
import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import type { ContentCodec } from '../encoding/codec.js';
import { loadCodec } from '../encoding/load.js';
import { MalformedResponseError, NetworkError, requestContext, ResponseTooLargeError } from '../errors/index.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import { PendingRequests } from '../transport/pending.js';
import { decodePrimitive, encodePrimitive, PrimitiveFormatError, preview } from '../transport/primitive-message.js';
import type {
  Listening,
  ReceivingTransport,
  RequestHandler,
  SendOptions,
  TransportResult,
} from '../transport/transport.js';
import { MqttLink } from './link.js';
import { DEFAULT_MAX_RESPONSE_BYTES, resolveMqttOptions, type MqttTransportOptions } from './options.js';
import { idToTopicLevel, oneM2MTopic, parseTopic, topicLevelToId, type TopicKind } from './topics.js';

export type { MqttTransportOptions } from './options.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** The message of a broker connection failure, with what to check. */
function brokerAdvice(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | null)?.code;
  if (code === 'ECONNREFUSED') return 'is the MQTT broker running at that address?';
  if (code === 4 || code === 5) return 'the broker refused the credentials: check username and password';
  return undefined;
}

/**
 * The oneM2M MQTT binding (TS-0010) on mqtt.js: each request is published whole, in the chosen
 * serialization, to `/oneM2M/req/<originator>/<cse-id>/<type>`, and its response read from
 * `/oneM2M/resp/<originator>/<cse-id>/<type>`, matched by request identifier. One broker
 * connection carries every request; each has its own deadline and abort signal, and fails with
 * the same error classes as HTTP. Requests the CSE sends to an AE (notifications) are received
 * with listen(). Needs the optional peer dependency `mqtt` and Node.
 */
export class MqttTransport implements ReceivingTransport {
  /** The broker, without credentials, e.g. `mqtt://127.0.0.1:1883`. */
  readonly endpoint: string;
  readonly notificationPoa: string;
  readonly #prefix: string;
  readonly #receiver: string;
  readonly #timeoutMs: number | false;
  readonly #maxResponseBytes: number;
  readonly #registrationTopic: boolean;
  readonly #hasCredentials: boolean;
  readonly #onError: (error: Error) => void;
  readonly #link: MqttLink;
  readonly #pending: PendingRequests;
  readonly #codecLoading: Promise<ContentCodec>;
  #codec: ContentCodec | undefined;
  /** Response topics subscribed to, one per originator level and kind. */
  readonly #responseTopics = new Set<string>();
  /** Request handlers by the receiver level they listen on. */
  readonly #listeners = new Map<string, RequestHandler>();

  constructor(options: MqttTransportOptions) {
    const settings = resolveMqttOptions(options);
    const { username, password } = settings;
    this.#hasCredentials = username !== undefined || password !== undefined;
    this.#prefix = settings.prefix;
    this.endpoint = settings.endpoint;
    this.notificationPoa = settings.poa;
    this.#receiver = idToTopicLevel(options.cseId);
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#registrationTopic = options.registrationTopic ?? true;
    this.#onError = options.onError ?? ((error) => console.warn(`onem2m MQTT ${this.endpoint}: ${error.message}`));
    this.#pending = new PendingRequests(this.endpoint, (messageId) => this.#link.forget(messageId));
    this.#link = new MqttLink(
      {
        url: settings.brokerUrl,
        username,
        password,
        tls: options.tls,
        clientId: options.clientId,
        clean: options.clean,
        reconnectPeriodMs: options.reconnectPeriodMs,
        connectTimeoutMs: this.#timeoutMs === false ? undefined : this.#timeoutMs,
        keepaliveSeconds: options.keepaliveSeconds,
        qos: options.qos,
      },
      (topic, payload) => this.#received(topic, payload),
      () =>
        // Whatever was sent and not yet answered will not be: the broker dropped the connection
        // (and, on a restart, the subscriptions). Nothing is sent again on reconnect.
        this.#pending.failAll(
          (request) =>
            new NetworkError(
              requestContext(request, this.endpoint),
              new Error('the connection to the MQTT broker was lost before the response arrived'),
              'the request may or may not have been carried out; it was not sent again',
            ),
          'sent',
        ),
    );
    this.#codecLoading = options.codec ? Promise.resolve(options.codec) : loadCodec(options.encoding ?? 'json');
    this.#codecLoading.then(
      (codec) => {
        this.#codec = codec;
      },
      () => undefined,
    );
  }

  /** Whether `request` goes to the initial registration topic. */
  #kindOf(request: RequestPrimitive): TopicKind {
    return this.#registrationTopic &&
      request.op === Operation.Create &&
      (request.ty === ResourceType.AE || request.ty === ResourceType.RemoteCSE)
      ? 'reg_req'
      : 'req';
  }

  async send(request: RequestPrimitive, options: SendOptions = {}): Promise<TransportResult> {
    const codec = this.#codec ?? (await this.#codecLoading);
    const kind = this.#kindOf(request);
    // The originator level; a registration without one goes as `C` (TS-0001: the CSE assigns the AE-ID).
    const originator = idToTopicLevel(request.fr || 'C');
    const requestTopic = oneM2MTopic(this.#prefix, kind, originator, this.#receiver, codec.encoding);
    const responseTopic = oneM2MTopic(
      this.#prefix,
      kind === 'req' ? 'resp' : 'reg_resp',
      originator,
      this.#receiver,
      codec.encoding,
    );
    const payload = encodePrimitive(codec, request);
    const response = this.#pending.expect(request, {
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? this.#timeoutMs,
    });
    void this.#publish(request, requestTopic, responseTopic, payload);
    return { response: await response };
  }

  async #publish(request: RequestPrimitive, topic: string, responseTopic: string, payload: Uint8Array): Promise<void> {
    try {
      if (!this.#pending.waits(request)) return;
      await this.#link.ready();
      if (!this.#responseTopics.has(responseTopic)) {
        await this.#link.subscribe(responseTopic);
        this.#responseTopics.add(responseTopic);
      }
      // Timed out or aborted while connecting: nothing goes out.
      if (!this.#pending.waits(request)) return;
      const messageId = this.#link.publish(topic, payload, (error) => {
        if (error && error.message !== 'Message removed')
          this.#pending.fail(request, (r) => new NetworkError(requestContext(r, this.endpoint), error));
      });
      this.#pending.sent(request, messageId);
    } catch (cause) {
      this.#pending.fail(
        request,
        (r) => new NetworkError(requestContext(r, this.endpoint), cause, brokerAdvice(cause)),
      );
    }
  }

  #received(topic: string, payload: Uint8Array): void {
    const parsed = parseTopic(topic, this.#prefix);
    if (!parsed) return;
    if (parsed.kind === 'resp' || parsed.kind === 'reg_resp') this.#response(topic, payload, parsed.type);
    else if (parsed.kind === 'req') void this.#request(parsed, payload);
  }

  #codecFor(type: string): Promise<ContentCodec> | undefined {
    if (this.#codec?.encoding === type) return Promise.resolve(this.#codec);
    return type === 'json' || type === 'cbor' || type === 'xml' ? loadCodec(type) : undefined;
  }

  #response(topic: string, payload: Uint8Array, type: string): void {
    const codec = this.#codec;
    if (!codec || codec.encoding !== type) return;
    let message: ReturnType<typeof decodePrimitive>;
    try {
      message = decodePrimitive(codec, payload);
    } catch (error) {
      const detail = (error as Error).message;
      this.#onError(new Error(`ignored a malformed message on ${topic}: ${detail}`));
      // One that names a waiting request fails it now rather than at its deadline.
      if (error instanceof PrimitiveFormatError && error.rqi !== undefined && error.kind === 'response')
        this.#pending.fail(
          error.rqi,
          (r) =>
            new MalformedResponseError(requestContext(r, this.endpoint), 'body', undefined, detail, { cause: error }),
        );
      return;
    }
    if (message.kind !== 'response') {
      this.#onError(new Error(`ignored a request on the response topic ${topic} (${preview(payload)})`));
      return;
    }
    if (payload.byteLength > this.#maxResponseBytes) {
      this.#pending.fail(
        message.response.rqi,
        (r) => new ResponseTooLargeError(requestContext(r, this.endpoint), this.#maxResponseBytes, undefined),
      );
      return;
    }
    // A response to no request of ours (someone else's on a shared topic, or a late one) is not ours to judge.
    this.#pending.settle(message.response);
  }

  /** Answers a request the CSE published to an originator this transport listens for. */
  async #request(topic: { originator: string; receiver: string; type: string }, payload: Uint8Array): Promise<void> {
    const handler = this.#listeners.get(topic.receiver);
    const loading = this.#codecFor(topic.type);
    if (!handler) return;
    if (!loading) {
      this.#onError(new Error(`ignored a request in an unknown serialization ${JSON.stringify(topic.type)}`));
      return;
    }
    const codec = await loading;
    const receiverId = topicLevelToId(topic.receiver);
    let request: RequestPrimitive | undefined;
    let response: ResponsePrimitive | undefined;
    try {
      const message = decodePrimitive(codec, payload);
      if (message.kind !== 'request') throw new PrimitiveFormatError('a response on a request topic');
      request = message.request;
      response = await handler(request);
    } catch (error) {
      const rqi = error instanceof PrimitiveFormatError ? error.rqi : request?.rqi;
      this.#onError(
        new Error(`a request to ${receiverId} could not be handled: ${(error as Error).message}`, { cause: error }),
      );
      if (rqi === undefined) return;
      response = {
        rsc:
          error instanceof PrimitiveFormatError
            ? ResponseStatusCode.BadRequest
            : ResponseStatusCode.InternalServerError,
        rqi,
        fr: receiverId,
        pc: { 'm2m:dbg': (error as Error).message },
      };
    }
    if (!response) return;
    try {
      await this.#link.ready();
      this.#link.publish(
        oneM2MTopic(this.#prefix, 'resp', topic.originator, topic.receiver, codec.encoding),
        encodePrimitive(codec, response),
      );
    } catch (error) {
      this.#onError(new Error(`the response to ${request?.rqi ?? 'a request'} could not be sent: ${String(error)}`));
    }
  }

  /**
   * Subscribes to `/oneM2M/req/+/<originator>/#` and answers each request published there with
   * `handler`'s response, on the matching response topic.
   */
  async listen(originator: string, handler: RequestHandler): Promise<Listening> {
    const level = idToTopicLevel(originator);
    const topic = oneM2MTopic(this.#prefix, 'req', '+', level, '#');
    this.#listeners.set(level, handler);
    try {
      await this.#link.subscribe(topic);
    } catch (cause) {
      this.#listeners.delete(level);
      throw new NetworkError(
        { operation: Operation.Notify, target: originator, requestId: '(listen)', endpoint: this.endpoint },
        cause,
        brokerAdvice(cause),
      );
    }
    const listeners = this.#listeners;
    return {
      get active() {
        return listeners.get(level) === handler;
      },
      close: async () => {
        if (this.#listeners.get(level) !== handler) return;
        this.#listeners.delete(level);
        await this.#link.unsubscribe(topic).catch(() => undefined);
      },
    };
  }

  /** Fails what is waiting, disconnects and stops listening; a later send connects again. */
  async close(): Promise<void> {
    this.#listeners.clear();
    this.#responseTopics.clear();
    await this.#link.close();
    this.#pending.failAll(
      (request) =>
        new NetworkError(requestContext(request, this.endpoint), new Error('the transport was closed'), undefined),
    );
  }

  /** What inspect and JSON show: the settings, never a credential. */
  toJSON(): Record<string, unknown> {
    return {
      endpoint: this.endpoint,
      timeoutMs: this.#timeoutMs,
      maxResponseBytes: this.#maxResponseBytes,
      ...(this.#hasCredentials ? { credentials: '[redacted]' } : {}),
    };
  }

  [INSPECT](): string {
    return `MqttTransport ${JSON.stringify(this.toJSON())}`;
  }
}
