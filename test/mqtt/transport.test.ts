import { createServer as createTlsServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ContainerDescriptor, CSEBaseDescriptor } from '../../generated/index.gen.js';
import { Client } from '../../src/client/Client.js';
import { startMqttBroker } from '../../src/cse/mqtt-broker.js';
import {
  AbortError,
  MalformedResponseError,
  NetworkError,
  ResponseError,
  ResponseTooLargeError,
  TimeoutError,
} from '../../src/errors/index.js';
import { MqttTransport } from '../../src/mqtt/MqttTransport.js';
import type { RequestPrimitive } from '../../src/primitives/request.js';
import { makeCertificates, type Certificates } from '../helpers/certificates.js';
import { failure } from '../helpers/failure.js';
import { connectClient, fakeMqttCse, type FakeMqttCse } from '../helpers/fake-mqtt-cse.js';

// The MQTT transport on the wire, against a broker and a stand-in CSE that answers as ACME's
// MQTT binding does (test/helpers/fake-mqtt-cse.ts). Every test has its own broker on a free port.

const open: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function setup(answer?: Parameters<typeof fakeMqttCse>[0]): Promise<FakeMqttCse> {
  const fake = await fakeMqttCse(answer);
  open.push(fake);
  return fake;
}

function transport(url: string, options: Partial<ConstructorParameters<typeof MqttTransport>[0]> = {}): MqttTransport {
  const t = new MqttTransport({ url, cseId: '/id-in', reconnectPeriodMs: 50, onError: () => undefined, ...options });
  open.push(t);
  return t;
}

const retrieve = (rqi: string, fr = 'CAdmin'): RequestPrimitive => ({ op: 2, to: 'cse-in', fr, rqi, rvi: '3' });

describe('requests and responses', () => {
  it('publishes the whole primitive to /oneM2M/req/<originator>/<cse-id>/json and reads the response by rqi', async () => {
    const fake = await setup();
    const t = transport(fake.url);
    const { response } = await t.send(retrieve('r1'));
    expect(response).toMatchObject({ rsc: 2000, rqi: 'r1', pc: { 'm2m:cb': { csi: '/id-in' } } });
    expect(fake.received).toEqual([
      { topic: '/oneM2M/req/CAdmin/id-in/json', request: { op: 2, to: 'cse-in', fr: 'CAdmin', rqi: 'r1', rvi: '3' } },
    ]);
  });

  it('carries many requests at once and matches each response by rqi, whatever the order of the answers', async () => {
    const fake = await setup(async ({ request }) => {
      // The first request is answered last.
      if (request['rqi'] === 'm0') await vi.waitFor(() => expect(fake.received.length).toBe(5));
      return { rsc: 2000, pc: { 'm2m:uri': String(request['rqi']) } };
    });
    const t = transport(fake.url);
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => t.send(retrieve(`m${i}`))));
    expect(results.map((r) => r.response.pc?.['m2m:uri'])).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
  });

  it('SP-relative originators become topic levels with : and registrations go to reg_req', async () => {
    const fake = await setup(({ request }) =>
      request['op'] === 1 ? { rsc: 2001, pc: { 'm2m:ae': { aei: 'Cnew', rn: 'x' } } } : { rsc: 2000 },
    );
    const t = transport(fake.url);
    await t.send({ ...retrieve('sp'), fr: '/id-in/Cae1' });
    const created = await t.send({ op: 1, to: 'cse-in', fr: 'C', rqi: 'reg', rvi: '3', ty: 2, pc: { 'm2m:ae': {} } });
    expect(created.response.rsc).toBe(2001);
    expect(fake.received.map((r) => r.topic)).toEqual([
      '/oneM2M/req/id-in:Cae1/id-in/json',
      '/oneM2M/reg_req/C/id-in/json',
    ]);
  });

  it('a topic prefix in the url goes before /oneM2M', async () => {
    const broker = await startMqttBroker({ port: 0 });
    open.push(broker);
    const peer = await connectClient(broker.url);
    open.push({ close: () => peer.endAsync(true) });
    await peer.subscribeAsync('site/a/oneM2M/req/+/id-in/json');
    peer.on('message', (topic, payload) => {
      const request = JSON.parse(payload.toString()) as { rqi: string };
      peer.publish(topic.replace('/req/', '/resp/'), JSON.stringify({ rsc: 2000, rqi: request.rqi }));
    });
    const t = transport(`${broker.url}/site/a`);
    expect(t.endpoint).toBe(`${broker.url}/site/a`);
    expect((await t.send(retrieve('p1'))).response.rsc).toBe(2000);
  });

  it('through the Client: an mqtt:// url chooses the binding; error statuses are ResponseErrors as over HTTP', async () => {
    const fake = await setup(({ request }) =>
      request['to'] === 'cse-in'
        ? { rsc: 2000, pc: { 'm2m:cb': { csi: '/id-in', ri: 'id-in', ty: 5 } } }
        : { rsc: 4004, pc: { 'm2m:dbg': 'not found' } },
    );
    const client = new Client({ url: fake.url, mqtt: { reconnectPeriodMs: 50 } });
    open.push(client);
    expect((await client.retrieve(CSEBaseDescriptor, 'cse-in')).csi).toBe('/id-in');
    const error = await failure(client.retrieve(ContainerDescriptor, 'cse-in/nothing'));
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).toMatchObject({ rsc: 4004, debug: 'not found', endpoint: fake.url });
  });
});

describe('faults', () => {
  it('broker down at start: a NetworkError at once that says what to check, and it works once the broker is up', async () => {
    const broker = await startMqttBroker({ port: 0 });
    const { port } = broker;
    await broker.close();
    const t = transport(`mqtt://127.0.0.1:${port}`);
    const started = Date.now();
    const error = await failure(t.send(retrieve('down')));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/ECONNREFUSED.*is the MQTT broker running/);
    expect(Date.now() - started).toBeLessThan(5000);
    const fake = await fakeMqttCse(undefined, port);
    open.push(fake);
    await vi.waitFor(async () => expect((await t.send(retrieve(`up-${Date.now()}`))).response.rsc).toBe(2000), {
      timeout: 5000,
      interval: 100,
    });
  });

  it('broker restart mid-session: the request in flight fails with NetworkError, nothing is sent twice, later requests work', async () => {
    let hold = true;
    const fake = await setup(({ request }) => (hold && request['rqi'] === 'inflight' ? undefined : { rsc: 2000 }));
    const t = transport(fake.url);
    expect((await t.send(retrieve('before'))).response.rsc).toBe(2000);
    const inflight = t.send(retrieve('inflight'));
    await vi.waitFor(() => expect(fake.received.map((r) => r.request['rqi'])).toContain('inflight'));
    const { port } = fake.broker;
    await fake.broker.close();
    const error = await failure(inflight);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/lost before the response arrived.*not sent again/);
    hold = false;
    // The same stand-in reconnects to a new broker on the same port.
    const restarted = await startMqttBroker({ port });
    open.push(restarted);
    await vi.waitFor(() => expect(fake.client.connected).toBe(true), { timeout: 5000 });
    await vi.waitFor(async () => expect((await t.send(retrieve(`after-${Date.now()}`))).response.rsc).toBe(2000), {
      timeout: 5000,
      interval: 100,
    });
    expect(fake.received.filter((r) => r.request['rqi'] === 'inflight')).toHaveLength(1);
  });

  it('a response that never comes: TimeoutError after timeoutMs, and a late answer is ignored', async () => {
    let late: (() => void) | undefined;
    const fake = await setup(
      ({ request }) =>
        new Promise((resolve) => {
          late = () => resolve({ rsc: 2000, rqi: request['rqi'] });
        }),
    );
    const errors: Error[] = [];
    const t = transport(fake.url, { onError: (e) => errors.push(e) });
    const error = await failure(t.send(retrieve('slow'), { timeoutMs: 200 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(200);
    late?.();
    fake.answer = () => ({ rsc: 2000 });
    expect((await t.send(retrieve('next'))).response.rqi).toBe('next');
    expect(errors).toEqual([]);
  });

  it('a malformed message on the response topic is ignored and reported, the transport goes on', async () => {
    const fake = await setup(async ({ topic, request }) => {
      const responseTopic = topic.replace('/req/', '/resp/');
      await fake.client.publishAsync(responseTopic, 'this is not json');
      await fake.client.publishAsync(responseTopic, JSON.stringify({ hello: 'world' }));
      await fake.client.publishAsync(responseTopic, JSON.stringify({ rsc: 'many', rqi: 'someone-else' }));
      return { rsc: 2000, rqi: request['rqi'] };
    });
    const errors: Error[] = [];
    const t = transport(fake.url, { onError: (e) => errors.push(e) });
    expect((await t.send(retrieve('ok'))).response.rsc).toBe(2000);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/ignored a malformed message on \/oneM2M\/resp\/CAdmin\/id-in\/json: not a json primitive/),
      expect.stringMatching(/neither a request \(no op\) nor a response \(no rsc\)/),
      expect.stringMatching(/rsc "many" is not a four-digit response status code/),
    ]);
  });

  it('a malformed response naming a waiting request fails it at once with MalformedResponseError', async () => {
    const fake = await setup(({ request }) => ({ rsc: 'soon', rqi: request['rqi'] }));
    const t = transport(fake.url);
    const error = await failure(t.send(retrieve('bad')));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toMatch(/rsc "soon"/);
  });

  it('a response nested deeper than the decoders allow fails its request at once (rqi read after the content)', async () => {
    const fake = await setup(({ request }) => {
      const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
      fake.client.publish(
        '/oneM2M/resp/CAdmin/id-in/json',
        `{"rsc":2000,"pc":{"m2m:cnt":{"lbl":${deep}}},"rqi":${JSON.stringify(request['rqi'])}}`,
      );
      return undefined;
    });
    const t = transport(fake.url);
    const error = await failure(t.send(retrieve('deep'), { timeoutMs: 30_000 }));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toMatch(/deeper than 64 levels/);
  });

  it('abort: AbortError, and a request aborted before the connection is up is never published', async () => {
    const fake = await setup(() => undefined);
    const t = transport(fake.url);
    const controller = new AbortController();
    const pending = t.send(retrieve('aborted'), { signal: controller.signal });
    controller.abort();
    expect(await failure(pending)).toBeInstanceOf(AbortError);
    fake.answer = () => ({ rsc: 2000 });
    await t.send(retrieve('probe'));
    expect(fake.received.map((r) => r.request['rqi'])).toEqual(['probe']);
    const later = new AbortController();
    const waiting = t.send(retrieve('later'), { signal: later.signal });
    fake.answer = () => undefined;
    await vi.waitFor(() => expect(fake.received).toHaveLength(2));
    later.abort(new Error('user gave up'));
    expect(await failure(waiting)).toBeInstanceOf(AbortError);
  });

  it('a response larger than maxResponseBytes fails its request with ResponseTooLargeError', async () => {
    const fake = await setup(() => ({ rsc: 2000, pc: { 'm2m:dbg': 'x'.repeat(5000) } }));
    const t = transport(fake.url, { maxResponseBytes: 1000 });
    const error = await failure(t.send(retrieve('big')));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).limitBytes).toBe(1000);
  });

  it('the same rqi twice in flight is refused, not confused', async () => {
    const fake = await setup(async ({ request }) => {
      await vi.waitFor(() => expect(fake.received.length).toBeGreaterThan(0));
      return { rsc: 2000, rqi: request['rqi'] };
    });
    const t = transport(fake.url);
    const first = t.send(retrieve('dup'));
    const second = await failure(t.send(retrieve('dup')));
    expect(second).toBeInstanceOf(TypeError);
    expect(second.message).toMatch(/already waiting/);
    expect((await first).response.rsc).toBe(2000);
    expect(fake.received).toHaveLength(1);
  });
});

describe('connection options', () => {
  it('username and password reach the broker, a refused login is a NetworkError that says so, and inspect shows no secret', async () => {
    const broker = await startMqttBroker({
      port: 0,
      authenticate: (_client, username, password) => username === 'ae' && password === 's3cret',
    });
    open.push(broker);
    const refused = transport(broker.url, { username: 'ae', password: 'wrong', reconnectPeriodMs: 0 });
    const error = await failure(refused.send(retrieve('login'), { timeoutMs: 3000 }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/refused|Not authorized|Bad username or password/i);
    const t = transport(`mqtt://ae:s3cret@${broker.url.slice('mqtt://'.length)}`);
    const peer = await connectClient(broker.url.replace('mqtt://', 'mqtt://ae:s3cret@'));
    open.push({ close: () => peer.endAsync(true) });
    await peer.subscribeAsync('/oneM2M/req/+/id-in/#');
    peer.on('message', (topic, payload) =>
      peer.publish(
        topic.replace('/req/', '/resp/'),
        JSON.stringify({ rsc: 2000, rqi: JSON.parse(payload.toString()).rqi }),
      ),
    );
    expect((await t.send(retrieve('in'))).response.rsc).toBe(2000);
    expect(t.endpoint).not.toContain('s3cret');
    expect(inspect(t, { depth: 5 })).not.toContain('s3cret');
    expect(JSON.stringify(t)).not.toContain('s3cret');
  });

  it('client id and clean session are those asked for', async () => {
    const seen: Array<{ id: string; clean: boolean }> = [];
    const broker = await startMqttBroker({
      port: 0,
      onClient: (client) => seen.push({ id: client.id, clean: client.clean }),
    });
    open.push(broker);
    const t = transport(broker.url, { clientId: 'A::Cmy-ae', clean: false });
    await failure(t.send(retrieve('id'), { timeoutMs: 300 }));
    expect(seen).toEqual([{ id: 'A::Cmy-ae', clean: false }]);
  });

  describe('mqtts', () => {
    let certificates: Certificates;
    beforeAll(() => {
      certificates = makeCertificates();
    });
    afterAll(() => certificates.remove());

    it('verifies the broker against a private CA given as tls.ca, and refuses it without', async () => {
      const plain = await startMqttBroker({ port: 0 });
      open.push(plain);
      // TLS in front of the broker: a TLS server that pipes to it.
      const { createConnection } = await import('node:net');
      const server = createTlsServer(
        { key: certificates.pem('server.key'), cert: certificates.pem('server.pem') },
        (socket) => {
          const upstream = createConnection(plain.port, '127.0.0.1');
          socket.pipe(upstream).pipe(socket);
          socket.on('error', () => upstream.destroy());
          upstream.on('error', () => socket.destroy());
        },
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      open.push({ close: () => new Promise((resolve) => server.close(resolve)) });
      const url = `mqtts://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const untrusted = transport(url, { reconnectPeriodMs: 0 });
      const error = await failure(untrusted.send(retrieve('tls0'), { timeoutMs: 3000 }));
      expect(error).toBeInstanceOf(NetworkError);
      expect(error.message).toMatch(/certificate/i);
      const peer = await connectClient(plain.url);
      open.push({ close: () => peer.endAsync(true) });
      await peer.subscribeAsync('/oneM2M/req/+/id-in/#');
      peer.on('message', (topic, payload) =>
        peer.publish(
          topic.replace('/req/', '/resp/'),
          JSON.stringify({ rsc: 2000, rqi: JSON.parse(payload.toString()).rqi }),
        ),
      );
      const trusted = transport(url, { tls: { ca: certificates.pem('ca.pem') } });
      expect((await trusted.send(retrieve('tls1'))).response.rsc).toBe(2000);
    });
  });

  it('settings that do not fit are refused when the transport is made', () => {
    expect(() => new MqttTransport({ url: 'http://127.0.0.1:1883', cseId: '/id-in' })).toThrow(/mqtt: or mqtts:/);
    expect(() => new MqttTransport({ url: 'mqtt://127.0.0.1', cseId: '/id-in', tls: {} })).toThrow(
      /needs an mqtts: url/,
    );
    expect(() => new MqttTransport({ url: 'mqtt://127.0.0.1', cseId: '/id-in', auth: { bearer: 't' } })).toThrow(
      /username and password/,
    );
    expect(() => new Client({ url: 'mqtt://127.0.0.1', headers: { a: 'b' } })).toThrow(/headers option does not apply/);
    expect(() => new Client({ url: 'mqtt://127.0.0.1', fetch: globalThis.fetch })).toThrow(
      /fetch option does not apply/,
    );
  });
});
