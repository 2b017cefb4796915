import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Operation } from '../../generated/enums/operation.gen.js';
import { ResourceType } from '../../generated/enums/resource-type.gen.js';
import type { ContentCodec } from '../encoding/codec.js';
import { codecs } from '../encoding/index.js';
import { redactUrl } from '../http/credentials.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import { encodingOfSubprotocol, SUBPROTOCOLS, WsChannel } from '../websocket/channel.js';
import { nodeOpener, wrapWsSocket } from '../websocket/node-socket.js';
import { findResource, normalizeOriginator } from './addressing.js';
import type { CseContext } from './context.js';
import type { Cse } from './cse.js';
import { DeliveryError, type OutgoingBinding } from './delivery.js';
import { answerRequest } from './primitive-binding.js';
import type { StoredResource } from './tree.js';

// The CSE's WebSocket binding (TS-0020) on the `ws` package. A client connects offering the
// subprotocols oneM2M.json / oneM2M.cbor / oneM2M.xml (or their R2.0 names); one it does not offer
// any of is refused with HTTP 400. Each message is a request primitive, handled by the same
// dispatcher as HTTP and answered on the connection. The connection is associated with the
// originators that use it: the X-M2M-Origin of the handshake (as ACME reads it; optional here,
// since browsers cannot send it), the AE-ID an AE registration on it was given, and the
// originator of every request answered on it. The CSE's own requests to such an AE (notifications)
// go over its connection first (TS-0020: one connection between two nodes); to a `ws://` URL
// the CSE opens a connection of its own (naming its CSE-ID in X-M2M-Origin) for the one request.
// `ws://default` names no address: only the AE's open connection reaches it (ACME's convention).

/** Where the CSE's WebSocket binding listens. */
export interface CseWebSocketOptions {
  /** TCP port; 0 picks a free one. Default 8180 (ACME's). */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
}

/** The running WebSocket binding. */
export interface CseWebSocketBinding {
  /** `ws://host:port`. */
  readonly url: string;
  /** Closes every connection and stops listening. */
  close(): Promise<void>;
}

/** The poa that names no address: the AE is reached over its own connection or not at all. */
const CONNECTION_ONLY = 'ws://default';

/** Connections by the originators associated with them, and the CSE's requests over them and to ws:// URLs. */
class WebSocketOutgoing implements OutgoingBinding {
  readonly schemes = ['ws', 'wss'] as const;
  readonly #cse: CseContext;
  /** The most recent connection of each originator (CSE-relative form). */
  readonly #byOriginator = new Map<string, WsChannel>();

  constructor(cse: CseContext) {
    this.#cse = cse;
  }

  associate(originator: string | undefined, channel: WsChannel): void {
    const id = normalizeOriginator(this.#cse, originator);
    if (id !== '' && id !== 'C' && id !== 'S') this.#byOriginator.set(id, channel);
  }

  dissociate(channel: WsChannel): void {
    for (const [id, current] of this.#byOriginator) if (current === channel) this.#byOriginator.delete(id);
  }

  overConnection(entity: StoredResource, request: RequestPrimitive): Promise<ResponsePrimitive> | undefined {
    const id = String(entity.attributes['aei'] ?? entity.attributes['csi'] ?? entity.ri);
    const channel = this.#byOriginator.get(normalizeOriginator(this.#cse, id));
    if (!channel?.open) return undefined;
    return this.#request(channel, { ...request, to: id }, `the WebSocket connection of ${id}`);
  }

  async #request(channel: WsChannel, request: RequestPrimitive, where: string): Promise<ResponsePrimitive> {
    const timeoutMs = this.#cse.options.notificationTimeoutMs;
    try {
      return await channel.request(request, { signal: this.#cse.background.signal, timeoutMs });
    } catch (error) {
      const what =
        (error as Error).name === 'TimeoutError' ? `no response within ${timeoutMs} ms` : (error as Error).message;
      throw new DeliveryError(where, `${where}: ${what}`, { cause: error });
    }
  }

  async send(
    url: string,
    request: RequestPrimitive,
    codec: ContentCodec,
    entity: StoredResource | undefined,
  ): Promise<ResponsePrimitive> {
    if (url.replace(/\/$/, '') === CONNECTION_ONLY)
      throw new DeliveryError(
        url,
        `${entity ? `${entity.ri} is` : 'the target is'} reachable only over a WebSocket connection it opens (poa ${CONNECTION_ONLY}), and none is open`,
      );
    let socket: Awaited<ReturnType<typeof nodeOpener>>;
    try {
      socket = await nodeOpener(url, {
        protocols: SUBPROTOCOLS[codec.encoding],
        headers: { 'X-M2M-Origin': this.#cse.options.cseId },
        maxMessageBytes: this.#cse.options.maxBodyBytes,
        timeoutMs: this.#cse.options.notificationTimeoutMs,
      });
    } catch (error) {
      throw new DeliveryError(url, `cannot reach ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
    }
    const channel = new WsChannel(socket, {
      endpoint: redactUrl(url),
      codec,
      maxMessageBytes: this.#cse.options.maxBodyBytes,
      onRequest: async () => undefined,
      onError: (error) => this.#cse.options.log(`WebSocket ${redactUrl(url)}: ${error.message}`),
    });
    try {
      const to = entity ? String(entity.attributes['aei'] ?? entity.ri) : request.to;
      return await this.#request(channel, { ...request, to }, redactUrl(url));
    } finally {
      channel.close();
    }
  }
}

const outgoing = new WeakMap<CseContext, WebSocketOutgoing>();

/** The CSE's outgoing WebSocket binding (one per CSE). */
export function webSocketOutgoing(cse: CseContext): WebSocketOutgoing {
  let binding = outgoing.get(cse);
  if (!binding) {
    binding = new WebSocketOutgoing(cse);
    outgoing.set(cse, binding);
  }
  return binding;
}

/** The subprotocol to answer with: the first offered that this CSE speaks. */
function chooseSubprotocol(offered: Iterable<string>): string | false {
  for (const protocol of offered) if (encodingOfSubprotocol(protocol)) return protocol;
  return false;
}

/** The AE-ID a successful registration gave (from the response, else from the created resource). */
function registeredAeId(
  cse: Cse,
  request: RequestPrimitive,
  response: ResponsePrimitive,
  location?: string,
): string | undefined {
  if (request.op !== Operation.Create || request.ty !== ResourceType.AE || response.rsc !== 2001) return undefined;
  const ae = response.pc?.['m2m:ae'] as { aei?: unknown } | undefined;
  if (typeof ae?.aei === 'string') return ae.aei;
  const created = location ? findResource(cse.context, location) : undefined;
  return typeof created?.attributes['aei'] === 'string' ? created.attributes['aei'] : undefined;
}

/** Serves TS-0020 on `host:port` with the CSE's dispatcher. */
export async function startCseWebSocket(cse: Cse, options: CseWebSocketOptions = {}): Promise<CseWebSocketBinding> {
  const { WebSocketServer } = await import('ws');
  const host = options.host ?? '127.0.0.1';
  const binding = webSocketOutgoing(cse.context);
  cse.context.delivery.addBinding(binding);
  const server = new WebSocketServer({
    host,
    port: options.port ?? 8180,
    maxPayload: cse.options.maxBodyBytes,
    handleProtocols: (offered) => chooseSubprotocol(offered),
    verifyClient: (info: { req: IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void) => {
      const offered = String(info.req.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((p) => p.trim());
      if (chooseSubprotocol(offered)) done(true);
      else
        done(
          false,
          400,
          `offer a oneM2M subprotocol (Sec-WebSocket-Protocol: ${[SUBPROTOCOLS.json[0], SUBPROTOCOLS.cbor[0], SUBPROTOCOLS.xml[0]].join(', ')})`,
        );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  });
  server.on('connection', (socket, request: IncomingMessage) => {
    const encoding = encodingOfSubprotocol(socket.protocol) ?? 'json';
    const origin = request.headers['x-m2m-origin'];
    const peer = `${request.socket.remoteAddress ?? '?'}:${request.socket.remotePort ?? '?'}`;
    const channel: WsChannel = new WsChannel(wrapWsSocket(socket), {
      endpoint: `ws client ${peer}`,
      codec: codecs[encoding],
      maxMessageBytes: cse.options.maxBodyBytes,
      onError: (error) => cse.options.log(`WebSocket: ${error.message}`),
      onClose: () => binding.dissociate(channel),
      onRequest: async (incoming) => {
        const { response, dispatched } = await answerRequest(cse, incoming);
        const answered = dispatched.response;
        if (answered.rsc < 4000) {
          binding.associate(incoming.fr, channel);
          binding.associate(registeredAeId(cse, incoming, answered, dispatched.location), channel);
        }
        return response;
      },
    });
    if (typeof origin === 'string') binding.associate(origin, channel);
  });
  const { port } = server.address() as AddressInfo;
  const url = `ws://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
