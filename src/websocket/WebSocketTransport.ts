import { Operation } from '../../generated/enums/operation.gen.js';
import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import type { ContentCodec, Encoding } from '../encoding/codec.js';
import { loadCodec } from '../encoding/load.js';
import { AbortError, NetworkError, requestContext, TimeoutError, type RequestContext } from '../errors/index.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import type { TlsOptions } from '../transport/tls.js';
import type {
  Listening,
  ReceivingTransport,
  RequestHandler,
  SendOptions,
  TransportResult,
} from '../transport/transport.js';
import { encodingOfSubprotocol, SUBPROTOCOLS, WsChannel } from './channel.js';
import { DEFAULT_MAX_RESPONSE_BYTES, resolveWebSocketOptions, type WebSocketTransportOptions } from './options.js';
import { standardOpener, type SocketOpener } from './socket.js';

export type { WebSocketTransportOptions } from './options.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

let nodeOpening: Promise<SocketOpener> | undefined;
function nodeOpener(): Promise<SocketOpener> {
  nodeOpening ??= import('./node-socket.js').then((module) => module.nodeOpener);
  return nodeOpening;
}

/** The connection of one handshake originator ('' when all share one), and who listens on it. */
interface Connection {
  channel: Promise<WsChannel> | undefined;
  handlers: Map<string, RequestHandler>;
  retryTimer: ReturnType<typeof setTimeout> | undefined;
  retryDelayMs: number;
}

/** Whether two IDs name the same AE or CSE (`Cae` and `/id-in/Cae`). */
function sameEntity(a: string, b: string): boolean {
  if (a === b) return true;
  const tail = (id: string) => id.slice(id.lastIndexOf('/') + 1);
  return tail(a) === tail(b);
}

/**
 * The oneM2M WebSocket binding (TS-0020): requests and responses as whole primitives on an open
 * connection (subprotocol `oneM2M.json`, `oneM2M.cbor` or `oneM2M.xml`; text frames for JSON and
 * XML, binary for CBOR), many at once, matched by request identifier, each with its own deadline
 * and abort signal and the same error classes as HTTP. The CSE can send requests the other way
 * (notifications), received with listen(). In Node it uses the `ws` package and can name the
 * originator in the handshake; in browsers, the browser's own WebSocket.
 */
export class WebSocketTransport implements ReceivingTransport {
  /** The CSE's WebSocket address, without credentials. */
  readonly endpoint: string;
  readonly notificationPoa: string;
  readonly #url: string;
  readonly #encoding: Encoding;
  readonly #timeoutMs: number | false;
  readonly #maxResponseBytes: number;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #tls: TlsOptions | undefined;
  readonly #perOriginator: boolean;
  readonly #opener: () => Promise<SocketOpener>;
  readonly #reconnectDelayMs: number;
  readonly #onError: (error: Error) => void;
  readonly #connections = new Map<string, Connection>();
  readonly #codecLoading: Promise<ContentCodec>;
  #closed = false;

  constructor(options: WebSocketTransportOptions) {
    const settings = resolveWebSocketOptions(options);
    this.#url = settings.url;
    this.endpoint = settings.endpoint;
    this.notificationPoa = settings.poa;
    this.#encoding = options.encoding ?? 'json';
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#headers = settings.headers;
    this.#tls = options.tls;
    this.#perOriginator = settings.perOriginator;
    const standard = standardOpener(options.webSocket);
    this.#opener = settings.node ? nodeOpener : () => Promise.resolve(standard);
    this.#reconnectDelayMs = options.reconnectDelayMs ?? 1000;
    this.#onError = options.onError ?? ((error) => console.warn(`onem2m WebSocket ${this.endpoint}: ${error.message}`));
    this.#codecLoading = loadCodec(this.#encoding);
    this.#codecLoading.catch(() => undefined);
  }

  #keyOf(originator: string | undefined): string {
    return this.#perOriginator ? (originator ?? '') : '';
  }

  #connection(key: string): Connection {
    let connection = this.#connections.get(key);
    if (!connection) {
      connection = {
        channel: undefined,
        handlers: new Map(),
        retryTimer: undefined,
        retryDelayMs: this.#reconnectDelayMs,
      };
      this.#connections.set(key, connection);
    }
    return connection;
  }

  /** The open channel for `key`, opening it (once) when there is none. */
  #channel(key: string): Promise<WsChannel> {
    const connection = this.#connection(key);
    if (connection.channel) return connection.channel;
    const opening = this.#open(key, connection);
    connection.channel = opening;
    opening.then(
      (channel) => {
        if (!channel.open && connection.channel === opening) connection.channel = undefined;
      },
      () => {
        if (connection.channel === opening) connection.channel = undefined;
      },
    );
    return opening;
  }

  async #open(key: string, connection: Connection): Promise<WsChannel> {
    const [opener, codec] = await Promise.all([this.#opener(), this.#codecLoading]);
    const headers = this.#perOriginator && key !== '' ? { ...this.#headers, 'X-M2M-Origin': key } : this.#headers;
    const socket = await opener(this.#url, {
      protocols: SUBPROTOCOLS[this.#encoding],
      headers,
      tls: this.#tls,
      maxMessageBytes: this.#maxResponseBytes,
      timeoutMs: this.#timeoutMs === false ? undefined : this.#timeoutMs,
    });
    const chosen = encodingOfSubprotocol(socket.protocol);
    if (socket.protocol !== '' && chosen !== this.#encoding) {
      socket.close(1002, 'unexpected subprotocol');
      throw new Error(
        `the server chose the subprotocol ${socket.protocol}, not one of ${SUBPROTOCOLS[this.#encoding].join(', ')}`,
      );
    }
    let channel: WsChannel | undefined;
    channel = new WsChannel(socket, {
      endpoint: this.endpoint,
      codec,
      maxMessageBytes: this.#maxResponseBytes,
      onError: this.#onError,
      onRequest: (request) => this.#incoming(connection, key, request),
      onClose: () => {
        if (connection.channel !== undefined && channel !== undefined) {
          void connection.channel.then((current) => {
            if (current === channel) connection.channel = undefined;
          });
        }
        this.#keepListening(key, connection);
      },
    });
    connection.retryDelayMs = this.#reconnectDelayMs;
    if (this.#closed) channel.close();
    return channel;
  }

  /** A request the CSE sent on the connection: to the handler of the AE it is for. */
  async #incoming(
    connection: Connection,
    key: string,
    request: RequestPrimitive,
  ): Promise<ResponsePrimitive | undefined> {
    let handler = key !== '' ? connection.handlers.get(key) : undefined;
    if (!handler)
      for (const [originator, candidate] of connection.handlers)
        if (sameEntity(originator, request.to)) handler = candidate;
    if (!handler && connection.handlers.size === 1) handler = [...connection.handlers.values()][0];
    if (!handler)
      return {
        rsc: ResponseStatusCode.NotFound,
        rqi: request.rqi,
        ...(request.rvi ? { rvi: request.rvi } : {}),
        pc: { 'm2m:dbg': `this client receives no requests for ${request.to} on this connection` },
      };
    return handler(request);
  }

  /** Re-opens a dropped connection while someone listens on it (TS-0020: only the client re-opens). */
  #keepListening(key: string, connection: Connection): void {
    if (this.#closed || connection.handlers.size === 0 || connection.retryTimer !== undefined) return;
    const delay = connection.retryDelayMs;
    connection.retryDelayMs = Math.min(delay * 2, 30_000);
    connection.retryTimer = setTimeout(() => {
      connection.retryTimer = undefined;
      if (this.#closed || connection.handlers.size === 0) return;
      this.#channel(key).catch((error: unknown) => {
        this.#onError(new Error(`re-opening the connection for ${key || 'requests'} failed: ${String(error)}`));
        this.#keepListening(key, connection);
      });
    }, delay);
  }

  async send(request: RequestPrimitive, options: SendOptions = {}): Promise<TransportResult> {
    const context = requestContext(request, this.endpoint);
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    const started = Date.now();
    const channel = await this.#connected(this.#keyOf(request.fr), context, options.signal, timeoutMs);
    const left = timeoutMs === false ? false : Math.max(0, timeoutMs - (Date.now() - started));
    if (left === 0) throw new TimeoutError(context, timeoutMs as number);
    return { response: await channel.request(request, { signal: options.signal, timeoutMs: left }) };
  }

  /** The channel, within the request's deadline and signal; NetworkError when it cannot be opened. */
  async #connected(
    key: string,
    context: RequestContext,
    signal: AbortSignal | undefined,
    timeoutMs: number | false,
  ): Promise<WsChannel> {
    if (signal?.aborted) throw new AbortError(context, signal.reason);
    const opening = this.#channel(key).catch((cause: unknown) => {
      throw new NetworkError(context, cause, handshakeAdvice(cause, this.#perOriginator));
    });
    if (timeoutMs === false && !signal) return opening;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const bounds = new Promise<never>((_resolve, reject) => {
      if (timeoutMs !== false)
        timer = setTimeout(
          () =>
            reject(
              new TimeoutError(context, timeoutMs, `the WebSocket connection was not open within ${timeoutMs} ms`),
            ),
          timeoutMs,
        );
      onAbort = () => reject(new AbortError(context, signal?.reason));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([opening, bounds]);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Receives the requests the CSE sends to `originator` on the connection: opens it (named in the
   * handshake where connections are per originator) and keeps it open, re-opening it after a drop.
   */
  async listen(originator: string, handler: RequestHandler): Promise<Listening> {
    const key = this.#keyOf(originator);
    const connection = this.#connection(key);
    connection.handlers.set(originator, handler);
    try {
      await this.#channel(key);
    } catch (cause) {
      connection.handlers.delete(originator);
      throw new NetworkError(
        { operation: Operation.Notify, target: originator, requestId: '(listen)', endpoint: this.endpoint },
        cause,
        handshakeAdvice(cause, this.#perOriginator),
      );
    }
    const connections = this.#connections;
    return {
      get active() {
        return connections.get(key) === connection && connection.handlers.get(originator) === handler;
      },
      close: async () => {
        if (connection.handlers.get(originator) === handler) connection.handlers.delete(originator);
      },
    };
  }

  /** Closes every connection (waiting requests fail with NetworkError); a later send opens again. */
  async close(): Promise<void> {
    this.#closed = true;
    const channels: Promise<WsChannel>[] = [];
    for (const connection of this.#connections.values()) {
      if (connection.retryTimer !== undefined) clearTimeout(connection.retryTimer);
      connection.handlers.clear();
      if (connection.channel) channels.push(connection.channel);
    }
    this.#connections.clear();
    for (const result of await Promise.allSettled(channels)) if (result.status === 'fulfilled') result.value.close();
    this.#closed = false;
  }

  /** What inspect and JSON show: the settings, never a credential. */
  toJSON(): Record<string, unknown> {
    return {
      endpoint: this.endpoint,
      encoding: this.#encoding,
      timeoutMs: this.#timeoutMs,
      maxResponseBytes: this.#maxResponseBytes,
      originatorInHandshake: this.#perOriginator,
      headers: Object.keys(this.#headers).filter((name) => name !== 'authorization'),
      ...('authorization' in this.#headers ? { auth: '[redacted]' } : {}),
    };
  }

  [INSPECT](): string {
    return `WebSocketTransport ${JSON.stringify(this.toJSON())}`;
  }
}

/** What to check when the connection could not be opened. */
function handshakeAdvice(cause: unknown, perOriginator: boolean): string | undefined {
  const code = (cause as { code?: unknown } | null)?.code;
  if (code === 'ECONNREFUSED') return 'is the CSE’s WebSocket binding running at that address?';
  const message = cause instanceof Error ? cause.message : '';
  if (/HTTP 40[13]/.test(message)) return 'check the auth option (Basic or Bearer credentials for the handshake)';
  if (/HTTP 400/.test(message))
    return `the CSE may want another subprotocol or ${perOriginator ? 'no' : 'an'} X-M2M-Origin header in the handshake`;
  return undefined;
}
