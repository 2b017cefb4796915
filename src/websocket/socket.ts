import type { TlsOptions } from '../transport/tls.js';

// The little the WebSocket binding needs of a WebSocket, so that one channel works over the `ws`
// package in Node (client and server side) and over a browser's WebSocket: send a text or binary
// message, close, and hear messages and the close.

/** An open WebSocket connection. */
export interface MessageSocket {
  /** The subprotocol the server selected ('' when none). */
  readonly protocol: string;
  /** Sends one message: a string as a text frame, bytes as a binary frame. */
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  /** Receives every message: text frames as strings, binary frames as bytes. */
  onMessage: ((data: string | Uint8Array) => void) | undefined;
  /** Called once when the connection has closed, for whatever reason. */
  onClose: ((code: number, reason: string) => void) | undefined;
}

/** How to open a connection. */
export interface OpenOptions {
  /** The subprotocols offered, most wanted first. */
  readonly protocols: readonly string[];
  /** Extra handshake headers (Node only: browsers cannot send any). */
  readonly headers: Readonly<Record<string, string>>;
  readonly tls?: TlsOptions | undefined;
  /** Largest message accepted; a larger one closes the connection with 1009 where the runtime can tell. */
  readonly maxMessageBytes: number;
  /** Gives up the handshake after this long. */
  readonly timeoutMs?: number | undefined;
}

/** Opens a connection; rejects with an Error saying why the handshake failed. */
export type SocketOpener = (url: string, options: OpenOptions) => Promise<MessageSocket>;

/** A WebSocket constructor as browsers (and Node 22+, Deno, Bun) have it. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocket;

const encoder = new TextEncoder();

/** A message's bytes. */
export function messageBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

/** An opener on a browser-style WebSocket constructor (the global one by default). */
export function standardOpener(webSocket?: WebSocketConstructor): SocketOpener {
  return (url, options) => {
    const Ctor = webSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Ctor) return Promise.reject(new Error('this runtime has no WebSocket; pass one as the webSocket option'));
    return new Promise<MessageSocket>((resolve, reject) => {
      let socket: WebSocket;
      try {
        socket = new Ctor(url, [...options.protocols]);
      } catch (error) {
        reject(error);
        return;
      }
      socket.binaryType = 'arraybuffer';
      let opened = false;
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              socket.close();
              reject(new Error(`the WebSocket handshake did not finish within ${options.timeoutMs} ms`));
            }, options.timeoutMs);
      const wrapped: MessageSocket = {
        get protocol() {
          return socket.protocol;
        },
        send: (data) => socket.send(data),
        close: (code, reason) => socket.close(code, reason),
        onMessage: undefined,
        onClose: undefined,
      };
      socket.onopen = () => {
        opened = true;
        if (timer !== undefined) clearTimeout(timer);
        resolve(wrapped);
      };
      // Browsers tell nothing about a failed handshake (status, reason), by design.
      socket.onerror = () => {
        if (!opened) reject(new Error('the WebSocket connection failed (refused, or the handshake was declined)'));
      };
      socket.onmessage = (event: MessageEvent) => {
        const data = event.data as unknown;
        if (typeof data === 'string') wrapped.onMessage?.(data);
        else if (data instanceof ArrayBuffer) wrapped.onMessage?.(new Uint8Array(data));
      };
      socket.onclose = (event: CloseEvent) => {
        if (timer !== undefined) clearTimeout(timer);
        if (!opened) reject(new Error(`the WebSocket connection closed during the handshake (code ${event.code})`));
        else wrapped.onClose?.(event.code, event.reason);
      };
    });
  };
}
