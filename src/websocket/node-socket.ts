import type { IncomingMessage } from 'node:http';
import type { MessageSocket, SocketOpener } from './socket.js';

/**
 * The members of a `ws` WebSocket used here (typed locally, so that no declaration file of ours
 * needs the package's types).
 */
export interface WsSocketLike {
  readonly protocol: string;
  send(data: string | Uint8Array, options: { binary: boolean }): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): unknown;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

// WebSocket connections in Node on the `ws` package (150 KB, no dependencies of its own): it can
// send the handshake headers the binding needs (X-M2M-Origin, Authorization), takes the TLS
// options, limits message size (maxPayload → close 1009), and says why a handshake failed (the
// HTTP status). Browser bundles never see this module (package.json "browser" field).

/** A `ws` socket (open already, client or server side) as a MessageSocket. */
export function wrapWsSocket(socket: WsSocketLike): MessageSocket {
  const wrapped: MessageSocket = {
    get protocol() {
      return socket.protocol;
    },
    send: (data) => socket.send(data, { binary: typeof data !== 'string' }),
    close: (code, reason) => socket.close(code, reason),
    onMessage: undefined,
    onClose: undefined,
  };
  socket.on('message', (data, isBinary) => {
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    wrapped.onMessage?.(isBinary ? bytes : bytes.toString('utf8'));
  });
  // A message over maxPayload ends the connection with an error, then a close that says only 1006.
  let tooBig = false;
  socket.on('close', (code, reason) => wrapped.onClose?.(tooBig ? 1009 : code, reason.toString('utf8')));
  // Errors end in a close event; without a listener they would be thrown.
  socket.on('error', (error) => {
    if ((error as { code?: unknown }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') tooBig = true;
  });
  return wrapped;
}

/** Opens client connections with `ws`. */
export const nodeOpener: SocketOpener = async (url, options) => {
  const { WebSocket } = await import('ws');
  const tls = options.tls ?? {};
  return new Promise<MessageSocket>((resolve, reject) => {
    const socket = new WebSocket(url, [...options.protocols], {
      headers: { ...options.headers },
      maxPayload: options.maxMessageBytes,
      ...(options.timeoutMs === undefined ? {} : { handshakeTimeout: options.timeoutMs }),
      ...tls,
      ...(tls.ca === undefined ? {} : { ca: tls.ca as string | Buffer | Array<string | Buffer> }),
      ...(tls.cert === undefined ? {} : { cert: tls.cert as string | Buffer | Array<string | Buffer> }),
      ...(tls.key === undefined ? {} : { key: tls.key as string | Buffer | Array<string | Buffer> }),
      ...(tls.pfx === undefined ? {} : { pfx: tls.pfx as string | Buffer | Array<string | Buffer> }),
      rejectUnauthorized: tls.rejectUnauthorized ?? true,
    });
    let settled = false;
    socket.once('open', () => {
      settled = true;
      resolve(wrapWsSocket(socket));
    });
    socket.once('unexpected-response', (_request, response: IncomingMessage) => {
      settled = true;
      response.resume();
      socket.terminate();
      reject(
        new Error(
          `the server declined the WebSocket handshake with HTTP ${response.statusCode} ${response.statusMessage ?? ''}`.trim(),
        ),
      );
    });
    socket.once('error', (error) => {
      if (!settled) {
        settled = true;
        reject(error);
      }
    });
  });
};
