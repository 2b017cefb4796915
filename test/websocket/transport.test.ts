import { inspect } from 'node:util';
import { WebSocket as WsWebSocket } from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContainerDescriptor } from '../../generated/index.gen.js';
import { Client } from '../../src/client/Client.js';
import {
  AbortError,
  NetworkError,
  ResponseError,
  ResponseTooLargeError,
  TimeoutError,
} from '../../src/errors/index.js';
import type { RequestPrimitive } from '../../src/primitives/request.js';
import type { WebSocketConstructor } from '../../src/websocket/socket.js';
import { WebSocketTransport } from '../../src/websocket/WebSocketTransport.js';
import { failure } from '../helpers/failure.js';
import { fakeWsCse, type FakeWsCse } from '../helpers/fake-ws-cse.js';

// The WebSocket transport on the wire, against a stand-in CSE that behaves as ACME's WebSocket
// binding does (test/helpers/fake-ws-cse.ts): subprotocols oneM2M.json / oneM2M.cbor, the
// connection's originator from the handshake's X-M2M-Origin, nothing but an AE registration on a
// connection without one.

const open: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function setup(options?: Parameters<typeof fakeWsCse>[0]): Promise<FakeWsCse> {
  const fake = await fakeWsCse(options);
  open.push(fake);
  return fake;
}

function transport(url: string, options: Partial<ConstructorParameters<typeof WebSocketTransport>[0]> = {}) {
  const t = new WebSocketTransport({ url, onError: () => undefined, reconnectDelayMs: 20, ...options });
  open.push(t);
  return t;
}

const retrieve = (rqi: string, fr = 'CAdmin'): RequestPrimitive => ({ op: 2, to: 'cse-in', fr, rqi, rvi: '3' });

describe('requests and responses', () => {
  it('one connection per originator, named in the handshake; the subprotocol oneM2M.json; whole primitives as text', async () => {
    const fake = await setup();
    fake.answer = (request) =>
      request['op'] === 1 && request['ty'] === 2
        ? { rsc: 2001, pc: { 'm2m:ae': { rn: 'app', aei: 'Capp', ri: 'Capp' } } }
        : { rsc: 2001, pc: { 'm2m:cnt': { rn: 'box', ri: 'cnt1', ty: 3 } } };
    const client = new Client({ url: fake.url, webSocket: { onError: () => undefined } });
    open.push(client);
    const { ae, client: app } = await client.registerAE({ rn: 'app', api: 'Napp', rr: true, srv: ['3'] });
    expect(ae.aei).toBe('Capp');
    await app.create(ContainerDescriptor, 'cse-in/app', { rn: 'box' });
    expect(fake.connections.map((c) => [c.origin, c.protocol])).toEqual([
      ['C', 'oneM2M.json'],
      ['Capp', 'oneM2M.json'],
    ]);
    expect(fake.received.map((r) => r.request)).toEqual([
      expect.objectContaining({ op: 1, to: 'cse-in', fr: 'C', ty: 2, pc: { 'm2m:ae': expect.any(Object) } }),
      expect.objectContaining({ op: 1, to: 'cse-in/app', fr: 'Capp', ty: 3 }),
    ]);
  });

  it('without the originator in the handshake ACME refuses all but a registration: the 4103 it answers', async () => {
    const fake = await setup();
    const t = transport(fake.url, { originatorInHandshake: false });
    const { response } = await t.send(retrieve('no-origin'));
    expect(response).toMatchObject({
      rsc: 4103,
      pc: { 'm2m:dbg': expect.stringMatching(/only allowed for AE registrations/) },
    });
    expect(fake.connections.map((c) => c.origin)).toEqual([undefined]);
  });

  it('cbor: the subprotocol oneM2M.cbor and binary frames', async () => {
    const fake = await setup();
    const t = transport(fake.url, { encoding: 'cbor' });
    const { response } = await t.send(retrieve('c1'));
    expect(response).toMatchObject({ rsc: 2000, rqi: 'c1', pc: { 'm2m:cb': { csi: '/id-in' } } });
    expect(fake.connections[0]?.protocol).toBe('oneM2M.cbor');
  });

  it('many requests at once on one connection, matched by rqi whatever the order of the answers', async () => {
    const fake = await setup();
    const pending: Array<() => void> = [];
    fake.answer = (request) =>
      new Promise((resolve) => {
        pending.push(() => resolve({ rsc: 2000, pc: { 'm2m:uri': String(request['rqi']) } }));
        if (pending.length === 5) for (const answer of pending.reverse()) answer();
      });
    const t = transport(fake.url);
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => t.send(retrieve(`m${i}`))));
    expect(results.map((r) => r.response.pc?.['m2m:uri'])).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(fake.connections).toHaveLength(1);
  });

  it('a subprotocol the CSE does not offer (xml with ACME) fails the handshake with a NetworkError', async () => {
    const fake = await setup();
    const error = await failure(transport(fake.url, { encoding: 'xml' }).send(retrieve('x')));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/subprotocol/i);
  });

  it('Basic auth in the handshake; a refused handshake says what to check; inspect shows no secret', async () => {
    const fake = await setup({ requireAuth: `Basic ${btoa('ae:s3cret')}` });
    const refused = await failure(transport(fake.url).send(retrieve('a0')));
    expect(refused).toBeInstanceOf(NetworkError);
    expect(refused.message).toMatch(/HTTP 401.*check the auth option/);
    const t = transport(fake.url.replace('ws://', 'ws://ae:s3cret@'));
    expect((await t.send(retrieve('a1'))).response.rsc).toBe(2000);
    expect(t.endpoint).toBe(fake.url);
    expect(inspect(t, { depth: 5 })).not.toContain('s3cret');
    expect(JSON.stringify(t)).not.toContain(btoa('ae:s3cret'));
  });

  it('a browser-style WebSocket constructor (as in browsers) works, without handshake headers', async () => {
    const fake = await setup();
    fake.answer = () => ({ rsc: 2001, pc: { 'm2m:ae': { aei: 'Cb' } } });
    const t = transport(fake.url, { webSocket: WsWebSocket as unknown as WebSocketConstructor, encoding: 'cbor' });
    const registration: RequestPrimitive = {
      op: 1,
      to: 'cse-in',
      fr: 'C',
      rqi: 'b1',
      rvi: '3',
      ty: 2,
      pc: { 'm2m:ae': {} },
    };
    expect((await t.send(registration)).response.rsc).toBe(2001);
    expect(fake.connections.map((c) => c.origin)).toEqual([undefined]);
    expect(() =>
      transport(fake.url, { webSocket: WsWebSocket as unknown as WebSocketConstructor, auth: { bearer: 't' } }),
    ).toThrow(/sends no handshake headers/);
  });
});

describe('faults', () => {
  it('nothing listening: a NetworkError at once that says what to check', async () => {
    const fake = await setup();
    const url = fake.url;
    await fake.close();
    const error = await failure(transport(url).send(retrieve('down')));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/ECONNREFUSED.*WebSocket binding running/);
  });

  it('the connection drops mid-request: NetworkError for what was in flight, the next request reconnects', async () => {
    const fake = await setup();
    fake.answer = (request, connection) => {
      if (request['rqi'] === 'lost') connection.socket.terminate();
      return request['rqi'] === 'lost' ? undefined : { rsc: 2000 };
    };
    const t = transport(fake.url);
    const error = await failure(t.send(retrieve('lost')));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/closed .* before the response arrived.*not sent again/);
    expect((await t.send(retrieve('again'))).response.rsc).toBe(2000);
    expect(fake.connections).toHaveLength(2);
    expect(fake.received.filter((r) => r.request['rqi'] === 'lost')).toHaveLength(1);
  });

  it('a response that never comes: TimeoutError, and a late answer is ignored', async () => {
    const fake = await setup();
    let late: (() => void) | undefined;
    fake.answer = (request) =>
      new Promise((resolve) => {
        late = () => resolve({ rsc: 2000, rqi: request['rqi'] });
      });
    const errors: Error[] = [];
    const t = transport(fake.url, { onError: (e) => errors.push(e) });
    const error = await failure(t.send(retrieve('slow'), { timeoutMs: 200 }));
    expect(error).toBeInstanceOf(TimeoutError);
    late?.();
    fake.answer = () => ({ rsc: 2000 });
    expect((await t.send(retrieve('next'))).response.rqi).toBe('next');
    expect(errors).toEqual([]);
  });

  it('malformed messages are ignored and reported, the connection goes on', async () => {
    const fake = await setup();
    fake.answer = (request, connection) => {
      fake.raw(connection, 'not json at all');
      fake.raw(connection, JSON.stringify([1, 2]));
      fake.raw(connection, JSON.stringify({ rsc: 2000 }));
      return { rsc: 2000, rqi: request['rqi'] };
    };
    const errors: Error[] = [];
    const t = transport(fake.url, { onError: (e) => errors.push(e) });
    expect((await t.send(retrieve('ok'))).response.rsc).toBe(2000);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/ignored a malformed message .*not a json primitive/),
      expect.stringMatching(/not a json primitive/),
      expect.stringMatching(/has no request identifier/),
    ]);
  });

  it('abort: AbortError while waiting', async () => {
    const fake = await setup();
    fake.answer = () => undefined;
    const controller = new AbortController();
    const t = transport(fake.url);
    const waiting = t.send(retrieve('abort'), { signal: controller.signal });
    await vi.waitFor(() => expect(fake.received).toHaveLength(1));
    controller.abort();
    expect(await failure(waiting)).toBeInstanceOf(AbortError);
  });

  it('a message larger than maxResponseBytes: ResponseTooLargeError', async () => {
    const fake = await setup();
    fake.answer = () => ({ rsc: 2000, pc: { 'm2m:dbg': 'x'.repeat(5000) } });
    const error = await failure(transport(fake.url, { maxResponseBytes: 1000 }).send(retrieve('big')));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
  });
});

describe('requests from the CSE on the open connection', () => {
  it('a NOTIFY is handed to the listener of the originator the connection is named for, and answered', async () => {
    const fake = await setup();
    const t = transport(fake.url);
    const seen: RequestPrimitive[] = [];
    await t.listen('Cae', (request) => {
      seen.push(request);
      return { rsc: 2000, rqi: request.rqi, fr: 'Cae' };
    });
    const connection = fake.connections[0];
    expect(connection?.origin).toBe('Cae');
    const response = await fake.request(connection!, {
      op: 5,
      to: 'Cae',
      fr: '/id-in',
      rqi: 'n1',
      rvi: '4',
      pc: { 'm2m:sgn': { vrq: true, sur: '/id-in/sub1' } },
    });
    expect(response).toMatchObject({ rsc: 2000, rqi: 'n1', fr: 'Cae' });
    expect(seen.map((r) => r.rqi)).toEqual(['n1']);
  });

  it('a listening connection that drops is opened again', async () => {
    const fake = await setup();
    const t = transport(fake.url);
    await t.listen('Cae', (request) => ({ rsc: 2000, rqi: request.rqi }));
    fake.connections[0]?.socket.terminate();
    await vi.waitFor(() => expect(fake.connections).toHaveLength(2));
    expect(fake.connections[1]?.origin).toBe('Cae');
    const response = await fake.request(fake.connections[1]!, {
      op: 5,
      to: 'Cae',
      fr: '/id-in',
      rqi: 'n2',
      rvi: '4',
      pc: {},
    });
    expect(response['rsc']).toBe(2000);
  });

  it('a request for an originator nobody listens for is answered 4004', async () => {
    const fake = await setup();
    const t = transport(fake.url);
    await t.send(retrieve('r'));
    const response = await fake.request(fake.connections[0]!, {
      op: 5,
      to: 'Cother',
      fr: '/id-in',
      rqi: 'n3',
      rvi: '4',
    });
    expect(response).toMatchObject({ rsc: 4004, rqi: 'n3' });
  });

  it('a ResponseError carries the CSE’s rsc and dbg as over HTTP', async () => {
    const fake = await setup();
    fake.answer = () => ({ rsc: 4004, pc: { 'm2m:dbg': 'resource not found' } });
    const client = new Client({ url: fake.url });
    open.push(client);
    const error = await failure(client.retrieve(ContainerDescriptor, 'cse-in/none'));
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).toMatchObject({ rsc: 4004, debug: 'resource not found' });
  });
});
