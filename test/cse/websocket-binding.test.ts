import type { AddressInfo } from 'node:net';
import { decode as cborDecode, encode as cborEncode } from 'cborg';
import { WebSocket, WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCse, type RunningCse } from '../../src/cse/index.js';
import { deepRequest } from '../helpers/deep-primitive.js';
import { send } from './helpers.js';

// The embedded CSE's WebSocket binding, driven the way ACME's WebSocket tests drive a CSE
// (tests/websocket: a plain WebSocket client with a subprotocol and, where it wants to be
// reached, X-M2M-Origin in the handshake): requests and responses as whole primitives, the
// handshake it refuses, and requests it sends over an AE's connection or to a ws:// address.

let cse: RunningCse;
const logs: string[] = [];
beforeAll(async () => {
  cse = await startCse({ port: 0, webSocket: { port: 0 }, notificationTimeoutMs: 500, log: (m) => logs.push(m) });
});
afterAll(() => cse.close());

interface Peer {
  readonly socket: WebSocket;
  /** Requests the CSE sent on the connection. */
  readonly requests: Array<Record<string, unknown>>;
  request(request: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): void;
}

/** A client connection; it answers the CSE's requests with `answer`'s rsc. */
async function connect(
  options: {
    origin?: string;
    protocol?: string;
    answer?: (request: Record<string, unknown>) => number | undefined;
  } = {},
): Promise<Peer> {
  const protocol = options.protocol ?? 'oneM2M.json';
  const socket = new WebSocket(cse.wsUrl as string, [protocol], {
    headers: options.origin ? { 'X-M2M-Origin': options.origin } : {},
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const binary = protocol === 'oneM2M.cbor';
  const waiting = new Map<string, (message: Record<string, unknown>) => void>();
  const requests: Array<Record<string, unknown>> = [];
  socket.on('message', (data: Buffer, isBinary) => {
    const message = (isBinary ? cborDecode(data) : JSON.parse(data.toString())) as Record<string, unknown>;
    if ('rsc' in message) waiting.get(String(message['rqi']))?.(message);
    else {
      requests.push(message);
      const rsc = options.answer?.(message);
      if (rsc !== undefined) socket.send(JSON.stringify({ rsc, rqi: message['rqi'] }));
    }
  });
  return {
    socket,
    requests,
    request: (request) =>
      new Promise((resolve) => {
        waiting.set(String(request['rqi']), resolve);
        socket.send(binary ? cborEncode(request) : JSON.stringify(request), { binary });
      }),
    close: () => socket.close(),
  };
}

describe('requests on a connection', () => {
  it('json as text frames and cbor as binary frames, through the same dispatcher as HTTP', async () => {
    const json = await connect({ origin: 'CAdmin' });
    expect(await json.request({ op: 2, to: 'cse-in', fr: 'CAdmin', rqi: 'j1', rvi: '3' })).toMatchObject({
      rsc: 2000,
      rqi: 'j1',
      fr: '/id-in',
      pc: { 'm2m:cb': { csi: '/id-in', poa: [cse.url, cse.wsUrl] } },
    });
    expect(await json.request({ op: 2, to: 'cse-in', fr: 'CAdmin', rqi: 'j2' })).toMatchObject({ rsc: 4001 });
    json.close();
    const cbor = await connect({ origin: 'CAdmin', protocol: 'oneM2M.cbor' });
    expect(await cbor.request({ op: 2, to: 'cse-in', fr: 'CAdmin', rqi: 'c1', rvi: '3' })).toMatchObject({ rsc: 2000 });
    cbor.close();
  });

  it('a handshake that offers no oneM2M subprotocol is refused with HTTP 400, saying which to offer', async () => {
    const socket = new WebSocket(cse.wsUrl as string, ['chat']);
    const answer = await new Promise<{ status?: number; body: string }>((resolve) => {
      socket.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () => resolve({ body, ...(res.statusCode === undefined ? {} : { status: res.statusCode }) }));
      });
      socket.once('open', () => resolve({ body: 'opened' }));
      socket.once('error', () => undefined);
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/offer a oneM2M subprotocol.*oneM2M\.json, oneM2M\.cbor, oneM2M\.xml/);
  });

  it('a malformed request with an rqi is answered 4000; garbage is logged; rt=5 gets no response', async () => {
    const peer = await connect({ origin: 'CAdmin' });
    expect(await peer.request({ op: 2, to: 7, fr: 'CAdmin', rqi: 'bad', rvi: '3' })).toMatchObject({
      rsc: 4000,
      pc: { 'm2m:dbg': expect.stringMatching(/to must be a string/) },
    });
    const before = logs.length;
    peer.socket.send('garbage');
    await vi.waitFor(() => expect(logs.slice(before).join('\n')).toMatch(/malformed message.*not a json primitive/));
    const quiet = peer.request({
      op: 1,
      to: 'cse-in',
      fr: 'CAdmin',
      rqi: 'quiet',
      rvi: '3',
      ty: 3,
      rt: { rtv: 5 },
      pc: { 'm2m:cnt': { rn: 'wsquiet' } },
    });
    // Requests on one connection are handled side by side, as ACME does; the create is done when it is there.
    await vi.waitFor(async () =>
      expect(
        await peer.request({ op: 2, to: 'cse-in/wsquiet', fr: 'CAdmin', rqi: `after-${Date.now()}`, rvi: '3' }),
      ).toMatchObject({
        rsc: 2000,
      }),
    );
    const answered = await Promise.race([quiet, Promise.resolve('none')]);
    expect(answered).toBe('none');
    peer.close();
  });
});

describe('content limits on a connection', () => {
  it('content nested too deep is refused as over HTTP: 4000 under its rqi (read after the content), nothing stored', async () => {
    for (const encoding of ['json', 'cbor'] as const) {
      const peer = await connect({ origin: 'CAdmin', protocol: `oneM2M.${encoding}` });
      for (const depth of [70, 100_000]) {
        const rqi = `deep-${encoding}-${depth}`;
        const rn = `wsdeep${encoding}${depth}`;
        const answered = new Promise<Record<string, unknown>>((resolve) =>
          peer.socket.on('message', (data: Buffer, isBinary) => {
            const message = (isBinary ? cborDecode(data) : JSON.parse(data.toString())) as Record<string, unknown>;
            if (message['rqi'] === rqi) resolve(message);
          }),
        );
        const bytes = deepRequest(encoding, { rqi, rn, depth });
        peer.socket.send(encoding === 'json' ? bytes.toString() : bytes, { binary: encoding === 'cbor' });
        expect(await answered).toMatchObject({
          rsc: 4000,
          pc: { 'm2m:dbg': expect.stringMatching(/deeper than 64 levels/) },
        });
        expect(
          await peer.request({ op: 2, to: `cse-in/${rn}`, fr: 'CAdmin', rqi: `${rqi}-check`, rvi: '3' }),
        ).toMatchObject({ rsc: 4004 });
      }
      peer.close();
    }
  });
});

describe('requests the CSE sends over WebSocket', () => {
  const subscribe = (parent: string, nu: string, rqi: string) =>
    send(cse.url, {
      op: 1,
      to: parent,
      fr: 'CAdmin',
      rqi,
      ty: 23,
      pc: { 'm2m:sub': { nu: [nu], enc: { net: [3] } } },
    });

  it('an AE registered on a connection gets its verification and notifications on that connection', async () => {
    const peer = await connect({ answer: () => 2000 });
    const registered = await peer.request({
      op: 1,
      to: 'cse-in',
      fr: 'CwsAE',
      rqi: 'r1',
      rvi: '3',
      ty: 2,
      pc: { 'm2m:ae': { rn: 'wsAE', api: 'Nws', rr: true, srv: ['3'], poa: ['ws://default'] } },
    });
    expect(registered['rsc']).toBe(2001);
    expect((await subscribe('cse-in/wsAE', 'CwsAE', 's1')).rsc).toBe(2001);
    await send(cse.url, { op: 1, to: 'cse-in/wsAE', fr: 'CwsAE', rqi: 'c1', ty: 3, pc: { 'm2m:cnt': { rn: 'box' } } });
    await vi.waitFor(() => expect(peer.requests).toHaveLength(2));
    expect(peer.requests[0]).toMatchObject({ op: 5, fr: '/id-in', to: 'CwsAE', pc: { 'm2m:sgn': { vrq: true } } });
    expect(peer.requests[1]).toMatchObject({ op: 5, pc: { 'm2m:sgn': { nev: { net: 3 } } } });
    peer.close();
  });

  it('an AE registered over HTTP is reached on the connection it names in X-M2M-Origin (as ACME)', async () => {
    await send(cse.url, {
      op: 1,
      to: 'cse-in',
      fr: 'CnamedAE',
      rqi: 'r2',
      ty: 2,
      pc: { 'm2m:ae': { rn: 'namedAE', api: 'Nws', rr: true, srv: ['3'], poa: ['ws://default'] } },
    });
    const peer = await connect({ origin: 'CnamedAE', answer: () => 2000 });
    expect((await subscribe('cse-in/namedAE', 'CnamedAE', 's2')).rsc).toBe(2001);
    expect(peer.requests[0]).toMatchObject({ op: 5, to: 'CnamedAE' });
    peer.close();
  });

  it('ws://default with no connection open: the target is not reachable (5204, saying why)', async () => {
    await send(cse.url, {
      op: 1,
      to: 'cse-in',
      fr: 'CgoneAE',
      rqi: 'r3',
      ty: 2,
      pc: { 'm2m:ae': { rn: 'goneAE', api: 'Nws', rr: true, srv: ['3'], poa: ['ws://default'] } },
    });
    const response = await subscribe('cse-in/goneAE', 'CgoneAE', 's3');
    expect(response.rsc).toBe(5204);
    expect(JSON.stringify(response.pc)).toMatch(/reachable only over a WebSocket connection it opens/);
  });

  it('to a ws:// address the CSE opens a connection of its own, naming its CSE-ID in the handshake', async () => {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: (offered) => [...offered][0] ?? false,
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const seen: Array<{ origin: unknown; protocol: string; request: Record<string, unknown> }> = [];
    server.on('connection', (socket, req) => {
      socket.on('message', (data: Buffer) => {
        const request = JSON.parse(data.toString()) as Record<string, unknown>;
        seen.push({ origin: req.headers['x-m2m-origin'], protocol: socket.protocol, request });
        socket.send(JSON.stringify({ rsc: 2000, rqi: request['rqi'] }));
      });
    });
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await subscribe('cse-in', url, 's4')).rsc).toBe(2001);
    expect(seen).toEqual([
      {
        origin: '/id-in',
        protocol: 'oneM2M.json',
        request: expect.objectContaining({ op: 5, pc: { 'm2m:sgn': expect.objectContaining({ vrq: true }) } }),
      },
    ]);
    await new Promise<void>((resolve) => {
      for (const client of server.clients) client.terminate();
      server.close(() => resolve());
    });
  });
});
