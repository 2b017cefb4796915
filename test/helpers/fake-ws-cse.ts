import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encode as cborEncode, decode as cborDecode } from 'cborg';
import { WebSocketServer, type WebSocket } from 'ws';

// A stand-in CSE for the WebSocket binding that behaves as ACME's WebSocketServer.py does
// (digest §8): it offers the subprotocols oneM2M.json and oneM2M.cbor only; a connection's
// originator is the X-M2M-Origin of its handshake, and on a connection without one only an AE
// registration (create ty=2) is allowed (else 4103), after which the connection is associated
// with the new AE-ID. What it answers otherwise is up to the test.

export interface WsConnection {
  readonly socket: WebSocket;
  /** X-M2M-Origin of the handshake. */
  readonly origin: string | undefined;
  readonly protocol: string;
  readonly headers: IncomingMessage['headers'];
}

export interface FakeWsCse {
  readonly url: string;
  readonly connections: WsConnection[];
  /** Every request received, with its connection. */
  readonly received: Array<{ readonly connection: WsConnection; readonly request: Record<string, unknown> }>;
  answer: (
    request: Record<string, unknown>,
    connection: WsConnection,
  ) => Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined>;
  /** Sends a request to the client on a connection and resolves with its response. */
  request(connection: WsConnection, request: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Sends raw text or bytes on a connection. */
  raw(connection: WsConnection, data: string | Uint8Array): void;
  close(): Promise<void>;
}

const decode = (data: Buffer, isBinary: boolean): Record<string, unknown> =>
  isBinary ? (cborDecode(data) as Record<string, unknown>) : (JSON.parse(data.toString()) as Record<string, unknown>);

export async function fakeWsCse(options: { readonly requireAuth?: string } = {}): Promise<FakeWsCse> {
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (offered) => [...offered].find((p) => p === 'oneM2M.json' || p === 'oneM2M.cbor') ?? false,
    verifyClient: (info, done) => {
      if (options.requireAuth !== undefined && info.req.headers.authorization !== options.requireAuth)
        done(false, 401, 'Unauthorized');
      else done(true);
    },
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const waiting = new Map<string, (response: Record<string, unknown>) => void>();
  const fake: FakeWsCse = {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: [],
    received: [],
    answer: (request) => ({ rsc: 2000, pc: { 'm2m:cb': { csi: '/id-in' } }, rqi: request['rqi'] }),
    request(connection, request) {
      return new Promise((resolve) => {
        waiting.set(String(request['rqi']), resolve);
        fake.raw(connection, connection.protocol === 'oneM2M.cbor' ? cborEncode(request) : JSON.stringify(request));
      });
    },
    raw(connection, data) {
      connection.socket.send(data, { binary: typeof data !== 'string' });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
  server.on('connection', (socket, req) => {
    const origin = req.headers['x-m2m-origin'];
    const connection: WsConnection = {
      socket,
      origin: typeof origin === 'string' ? origin : undefined,
      protocol: socket.protocol,
      headers: req.headers,
    };
    fake.connections.push(connection);
    socket.on('message', async (data: Buffer, isBinary) => {
      const message = decode(data, isBinary);
      if ('rsc' in message) {
        waiting.get(String(message['rqi']))?.(message);
        return;
      }
      fake.received.push({ connection, request: message });
      let response: Record<string, unknown> | undefined;
      if (connection.origin === undefined && !(message['op'] === 1 && message['ty'] === 2))
        response = {
          rsc: 4103,
          pc: { 'm2m:dbg': 'Unknown WS connections (no X-M2M-Origin header) are only allowed for AE registrations' },
        };
      else response = await fake.answer(message, connection);
      if (!response) return;
      const full = { rqi: message['rqi'], rvi: message['rvi'], ...response };
      socket.send(isBinary ? cborEncode(full) : JSON.stringify(full), { binary: isBinary });
    });
  });
  return fake;
}
