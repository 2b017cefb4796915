import type { Encoding } from '../encoding/codec.js';
import { authorization, redactUrl, type HttpAuth } from '../http/credentials.js';
import { runsOnNode } from '../http/default-sender.js';
import type { TlsOptions } from '../transport/tls.js';
import type { WebSocketConstructor } from './socket.js';

// The options of the WebSocket transport, checked without loading the transport itself: a client
// whose URL is ws:// refuses bad settings when it is made, and loads the binding on first use.

/** Options of WebSocketTransport: where, in which encoding, with which handshake, TLS and limits. */
export interface WebSocketTransportOptions {
  /** The CSE's WebSocket address, `ws://host:8180` or `wss://…`. Credentials in it become Basic auth (Node). */
  readonly url: string;
  /** The serialization, offered as the subprotocol `oneM2M.<encoding>` (and its R2.0 name). Default json. */
  readonly encoding?: Encoding;
  /** Milliseconds for the whole exchange (the handshake included) before TimeoutError; false for none. Default 30 000. */
  readonly timeoutMs?: number | false;
  /** Largest message accepted; a larger response is a ResponseTooLargeError. Default 16 MiB. */
  readonly maxResponseBytes?: number;
  /** Basic or Bearer credentials sent in the handshake (Node; ACME can require them). */
  readonly auth?: HttpAuth;
  /** Extra handshake headers (Node). */
  readonly headers?: Readonly<Record<string, string>>;
  /** TLS of a wss:// connection in Node (private CA, client certificate); verified by default. */
  readonly tls?: TlsOptions;
  /**
   * Open one connection per originator and name it in the handshake's X-M2M-Origin header (ACME
   * binds a connection to that originator and refuses other requests on one without it, except
   * an AE registration). Node only: a browser cannot send handshake headers, so there all
   * requests share one connection. Default true.
   */
  readonly originatorInHandshake?: boolean;
  /**
   * The poa an AE names to be reached over its open connection (TS-0020: the CSE sends on the
   * connection the AE opened). Default `ws://default`, the form ACME reads as "over the
   * connection, not by opening one".
   */
  readonly connectionPoa?: string;
  /**
   * A WebSocket constructor as browsers have it (Node 22's global one, Deno's, a test double)
   * instead of `ws` in Node / the global WebSocket elsewhere. Browser-style sockets send no
   * handshake headers.
   */
  readonly webSocket?: WebSocketConstructor;
  /** First pause before re-opening a dropped connection that listens for requests; doubles up to 30 s. Default 1000. */
  readonly reconnectDelayMs?: number;
  /** Receives what the transport ignores: malformed messages, failed notification handlers, reconnect failures. */
  readonly onError?: (error: Error) => void;
}

/** Largest message accepted by default: 16 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Checked WebSocket settings. */
export interface ResolvedWebSocketOptions {
  /** The URL to connect to, without credentials. */
  readonly url: string;
  readonly endpoint: string;
  readonly poa: string;
  /** Handshake headers, Authorization included. */
  readonly headers: Readonly<Record<string, string>>;
  /** Whether connections are opened with `ws` (Node) rather than a browser-style WebSocket. */
  readonly node: boolean;
  /** Whether there is one connection per originator, named in the handshake. */
  readonly perOriginator: boolean;
}

/** Checks the options (TypeError naming the problem) and works out the URL, headers and connections. */
export function resolveWebSocketOptions(options: WebSocketTransportOptions): ResolvedWebSocketOptions {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new TypeError(
      `url ${JSON.stringify(redactUrl(options.url))} is not a URL; give one such as ws://127.0.0.1:8180`,
    );
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    throw new TypeError(`url ${redactUrl(url.href)} must be a ws: or wss: URL`);
  let auth = options.auth;
  if (url.username !== '' || url.password !== '') {
    if (auth) throw new TypeError('credentials both in the url and in auth: give them once, in auth');
    auth = { basic: { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } };
    url.username = '';
    url.password = '';
  }
  if (options.maxResponseBytes !== undefined && !(options.maxResponseBytes > 0))
    throw new TypeError(`maxResponseBytes ${options.maxResponseBytes} must be a positive number of bytes`);
  const headers: Record<string, string> = { ...options.headers };
  if (auth) headers['authorization'] = authorization(auth);
  const endpoint = url.href.replace(/\/$/, '');
  if (options.tls && url.protocol !== 'wss:') throw new TypeError(`the tls option needs a wss: url, not ${endpoint}`);
  const node = options.webSocket === undefined && runsOnNode();
  if (!node && (Object.keys(headers).length > 0 || options.tls))
    throw new TypeError(
      'a browser-style WebSocket sends no handshake headers and takes no TLS options: auth, headers and tls need Node (without the webSocket option)',
    );
  return {
    url: url.href,
    endpoint,
    poa: options.connectionPoa ?? 'ws://default',
    headers,
    node,
    perOriginator: node && (options.originatorInHandshake ?? true),
  };
}
