import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encode as cborEncode, decode as cborDecode } from 'cborg';
import { startCse, type RunningCse } from '../../src/cse/index.js';
import { startMqttBroker } from '../../src/cse/mqtt-broker.js';
import { deepRequest } from '../helpers/deep-primitive.js';
import { connectClient } from '../helpers/fake-mqtt-cse.js';

// The embedded CSE's MQTT binding, driven the way ACME's own MQTT tests drive a CSE
// (tests/mqttRequests: a plain MQTT client publishing primitives to the CSE's topics): request
// and registration topics, what it refuses and ignores, and the requests it sends to AEs whose
// poa is an mqtt:// broker and to mqtt:// topics.

let cse: RunningCse;
let peer: MqttClient;
const logs: string[] = [];
const messages: Array<{ topic: string; payload: Buffer }> = [];

beforeAll(async () => {
  cse = await startCse({ port: 0, mqtt: { port: 0 }, notificationTimeoutMs: 500, log: (m) => logs.push(m) });
  peer = await connectClient(cse.mqttUrl as string);
  peer.on('message', (topic, payload) => messages.push({ topic, payload }));
  await peer.subscribeAsync(['/oneM2M/resp/#', '/oneM2M/reg_resp/#'], { qos: 1 });
});
afterAll(async () => {
  await peer.endAsync(true);
  await cse.close();
});

/** Publishes a request and waits for the message on `answerTopic` whose rqi is the request's. */
async function exchange(
  topic: string,
  request: Record<string, unknown>,
  answerTopic = topic.replace('/req/', '/resp/').replace('/reg_req/', '/reg_resp/'),
): Promise<Record<string, unknown>> {
  const binary = topic.endsWith('/cbor');
  await peer.publishAsync(topic, binary ? Buffer.from(cborEncode(request)) : JSON.stringify(request), { qos: 1 });
  let found: Record<string, unknown> | undefined;
  await vi.waitFor(() => {
    for (const m of messages)
      if (m.topic === answerTopic) {
        const message = (binary ? cborDecode(m.payload) : JSON.parse(m.payload.toString())) as Record<string, unknown>;
        if (message['rqi'] === request['rqi']) found = message;
      }
    expect(found).toBeDefined();
  });
  return found as Record<string, unknown>;
}

describe('requests on the CSE’s topics', () => {
  it('an AE registers on /oneM2M/reg_req/<credential>/id-in/json and gets the answer on reg_resp', async () => {
    const response = await exchange('/oneM2M/reg_req/anMqttClient/id-in/json', {
      op: 1,
      to: 'cse-in',
      fr: 'CmqttTest',
      rqi: 'reg1',
      rvi: '4',
      ty: 2,
      pc: { 'm2m:ae': { rn: 'mqttAE', api: 'NmyApp', rr: true, srv: ['3', '4'] } },
    });
    expect(response).toMatchObject({ rsc: 2001, rqi: 'reg1', rvi: '4', fr: '/id-in', to: 'CmqttTest' });
    expect(response['pc']).toMatchObject({ 'm2m:ae': { aei: 'CmqttTest', rn: 'mqttAE' } });
  });

  it('the registration topic takes only registrations (4000 otherwise, as ACME)', async () => {
    const response = await exchange('/oneM2M/reg_req/anMqttClient/id-in/json', {
      op: 2,
      to: 'cse-in',
      fr: 'CAdmin',
      rqi: 'reg2',
      rvi: '4',
    });
    expect(response).toMatchObject({ rsc: 4000, pc: { 'm2m:dbg': expect.stringMatching(/reg_req.*only the create/) } });
  });

  it('requests on /oneM2M/req/<originator>/id-in/<type> in json and cbor, answered in kind', async () => {
    const json = await exchange('/oneM2M/req/CAdmin/id-in/json', {
      op: 2,
      to: 'cse-in',
      fr: 'CAdmin',
      rqi: 'j1',
      rvi: '3',
    });
    expect(json).toMatchObject({ rsc: 2000, pc: { 'm2m:cb': { csi: '/id-in', poa: [cse.url, cse.mqttUrl] } } });
    const cbor = await exchange('/oneM2M/req/CAdmin/id-in/cbor', {
      op: 2,
      to: 'cse-in',
      fr: 'CAdmin',
      rqi: 'c1',
      rvi: '3',
    });
    expect(cbor).toMatchObject({ rsc: 2000, pc: { 'm2m:cb': { csi: '/id-in' } } });
  });

  it('the same dispatcher as HTTP: its checks and errors', async () => {
    expect(
      await exchange('/oneM2M/req/CAdmin/id-in/json', { op: 2, to: 'cse-in', fr: 'CAdmin', rqi: 'v1' }),
    ).toMatchObject({
      rsc: 4001,
    });
    expect(
      await exchange('/oneM2M/req/CAdmin/id-in/json', {
        op: 2,
        to: 'cse-in/nowhere',
        fr: 'CAdmin',
        rqi: 'v2',
        rvi: '3',
      }),
    ).toMatchObject({ rsc: 4004 });
  });

  it('a malformed request with an rqi is answered 4000; one without is logged and dropped', async () => {
    expect(await exchange('/oneM2M/req/CAdmin/id-in/json', { op: 'retrieve', to: 'cse-in', rqi: 'm1' })).toMatchObject({
      rsc: 4000,
      pc: { 'm2m:dbg': expect.stringMatching(/op "retrieve" is not an operation number/) },
    });
    const before = logs.length;
    await peer.publishAsync('/oneM2M/req/CAdmin/id-in/json', '{ not json', { qos: 1 });
    await vi.waitFor(() => expect(logs.slice(before).join('\n')).toMatch(/malformed request.*not a json primitive/));
  });

  it('content nested too deep is refused as over HTTP: 4000 under its rqi (read after the content), nothing stored', async () => {
    for (const encoding of ['json', 'cbor'] as const)
      for (const depth of [70, 100_000]) {
        const rqi = `deep-${encoding}-${depth}`;
        const rn = `deep${encoding}${depth}`;
        const topic = `/oneM2M/req/CAdmin/id-in/${encoding}`;
        await peer.publishAsync(topic, deepRequest(encoding, { rqi, rn, depth }), { qos: 1 });
        let answer: Record<string, unknown> | undefined;
        await vi.waitFor(() => {
          for (const m of messages)
            if (m.topic === topic.replace('/req/', '/resp/')) {
              const message = (
                encoding === 'cbor' ? cborDecode(m.payload) : JSON.parse(m.payload.toString())
              ) as Record<string, unknown>;
              if (message['rqi'] === rqi) answer = message;
            }
          expect(answer).toBeDefined();
        });
        expect(answer).toMatchObject({ rsc: 4000, pc: { 'm2m:dbg': expect.stringMatching(/deeper than 64 levels/) } });
        const stored = await exchange('/oneM2M/req/CAdmin/id-in/json', {
          op: 2,
          to: `cse-in/${rn}`,
          fr: 'CAdmin',
          rqi: `${rqi}-check`,
          rvi: '3',
        });
        expect(stored['rsc']).toBe(4004);
      }
  });

  it('a message larger than maxBodyBytes is refused 4000 (as HTTP refuses the body), not handled', async () => {
    const small = await startCse({ port: 0, mqtt: { port: 0 }, maxBodyBytes: 1000, log: () => {} });
    const client = await connectClient(small.mqttUrl as string);
    try {
      const answers: Array<Record<string, unknown>> = [];
      client.on('message', (_topic, payload) =>
        answers.push(JSON.parse(payload.toString()) as Record<string, unknown>),
      );
      await client.subscribeAsync('/oneM2M/resp/#', { qos: 1 });
      const request = {
        op: 1,
        to: 'cse-in',
        fr: 'CAdmin',
        rvi: '3',
        ty: 3,
        pc: { 'm2m:cnt': { rn: 'big', lbl: ['x'.repeat(2000)] } },
      };
      await client.publishAsync('/oneM2M/req/CAdmin/id-in/json', JSON.stringify({ ...request, rqi: 'big' }), {
        qos: 1,
      });
      await client.publishAsync(
        '/oneM2M/req/CAdmin/id-in/json',
        JSON.stringify({ op: 2, to: 'cse-in/big', fr: 'CAdmin', rvi: '3', rqi: 'after' }),
        { qos: 1 },
      );
      await vi.waitFor(() => expect(answers.map((a) => a['rqi'])).toEqual(expect.arrayContaining(['big', 'after'])));
      expect(answers.find((a) => a['rqi'] === 'big')).toMatchObject({
        rsc: 4000,
        pc: { 'm2m:dbg': expect.stringMatching(/exceeds this CSE's limit of 1000 bytes/) },
      });
      expect(answers.find((a) => a['rqi'] === 'after')).toMatchObject({ rsc: 4004 });
    } finally {
      await client.endAsync(true);
      await small.close();
    }
  });

  it('an unknown serialization is ignored and logged (ACME drops them too); rt=5 gets no response', async () => {
    const before = logs.length;
    await peer.publishAsync('/oneM2M/req/CAdmin/id-in/yaml', 'op: 2', { qos: 1 });
    await vi.waitFor(() => expect(logs.slice(before).join('\n')).toMatch(/unknown serialization "yaml"/));
    await peer.publishAsync(
      '/oneM2M/req/CAdmin/id-in/json',
      JSON.stringify({
        op: 1,
        to: 'cse-in',
        fr: 'CAdmin',
        rqi: 'quiet',
        rvi: '3',
        ty: 3,
        rt: { rtv: 5 },
        pc: { 'm2m:cnt': { rn: 'quiet' } },
      }),
      { qos: 1 },
    );
    // Created, but not answered.
    const created = await exchange('/oneM2M/req/CAdmin/id-in/json', {
      op: 2,
      to: 'cse-in/quiet',
      fr: 'CAdmin',
      rqi: 'q2',
      rvi: '3',
    });
    expect(created['rsc']).toBe(2000);
    const answers = messages.filter((m) => m.topic.endsWith('/json')).map((m) => JSON.parse(m.payload.toString()));
    expect(answers.map((a: { rqi: string }) => a.rqi)).toContain('q2');
    expect(answers.map((a: { rqi: string }) => a.rqi)).not.toContain('quiet');
  });
});

describe('requests the CSE sends over MQTT', () => {
  /** An AE on the broker: answers what the CSE publishes to /oneM2M/req/+/<aei>/json. */
  async function aeOnBroker(aei: string, answer: (request: Record<string, unknown>) => number | undefined) {
    const client = await connectClient(cse.mqttUrl as string);
    const received: Array<Record<string, unknown>> = [];
    client.on('message', (topic, payload) => {
      const request = JSON.parse(payload.toString()) as Record<string, unknown>;
      received.push({ ...request, topic });
      const rsc = answer(request);
      if (rsc !== undefined)
        client.publish(topic.replace('/req/', '/resp/'), JSON.stringify({ rsc, rqi: request['rqi'], fr: aei }));
    });
    await client.subscribeAsync(`/oneM2M/req/+/${aei}/#`, { qos: 1 });
    return { client, received };
  }

  async function registerAe(name: string, poa: string[]): Promise<string> {
    const response = await exchange('/oneM2M/req/C/id-in/json', {
      op: 1,
      to: 'cse-in',
      fr: `C${name}`,
      rqi: `reg-${name}`,
      rvi: '3',
      ty: 2,
      pc: { 'm2m:ae': { rn: name, api: 'Nx', rr: true, srv: ['3'], poa } },
    });
    expect(response['rsc']).toBe(2001);
    return `C${name}`;
  }

  it('verification and notifications to an AE whose poa is the broker: on /oneM2M/req/id-in/<aei>/json, answered on resp', async () => {
    const aei = await registerAe('notified', [cse.mqttUrl as string]);
    const ae = await aeOnBroker(aei, () => 2000);
    // Subscribed by the admin, so the CSE verifies the target.
    const sub = await exchange('/oneM2M/req/CAdmin/id-in/json', {
      op: 1,
      to: 'cse-in/notified',
      fr: 'CAdmin',
      rqi: 'sub1',
      rvi: '3',
      ty: 23,
      pc: { 'm2m:sub': { rn: 'sub', nu: [aei], enc: { net: [3] } } },
    });
    expect(sub['rsc']).toBe(2001);
    await exchange('/oneM2M/req/CAdmin/id-in/json', {
      op: 1,
      to: 'cse-in/notified',
      fr: aei,
      rqi: 'cnt1',
      rvi: '3',
      ty: 3,
      pc: { 'm2m:cnt': { rn: 'box' } },
    });
    await vi.waitFor(() => expect(ae.received).toHaveLength(2));
    expect(ae.received[0]).toMatchObject({
      topic: `/oneM2M/req/id-in/${aei}/json`,
      op: 5,
      fr: '/id-in',
      to: aei,
      pc: { 'm2m:sgn': { vrq: true } },
    });
    expect(ae.received[1]).toMatchObject({
      op: 5,
      pc: { 'm2m:sgn': { nev: { net: 3, rep: { 'm2m:cnt': { rn: 'box' } } } } },
    });
    await ae.client.endAsync(true);
  });

  it('an AE that does not answer fails the verification (5204, no response within the timeout)', async () => {
    const aei = await registerAe('silent', [cse.mqttUrl as string]);
    const ae = await aeOnBroker(aei, () => undefined);
    const sub = await exchange('/oneM2M/req/CAdmin/id-in/json', {
      op: 1,
      to: 'cse-in/silent',
      fr: 'CAdmin',
      rqi: 'sub2',
      rvi: '3',
      ty: 23,
      pc: { 'm2m:sub': { nu: [aei] } },
    });
    expect(sub).toMatchObject({ rsc: 5204, pc: { 'm2m:dbg': expect.stringMatching(/no response within 500 ms/) } });
    await ae.client.endAsync(true);
  });

  it('a notification target mqtt://host:port/<topic> gets the request on that topic (ACME’s %2F form too)', async () => {
    const direct = await connectClient(cse.mqttUrl as string);
    const seen: string[] = [];
    direct.on('message', (topic) => seen.push(topic));
    await direct.subscribeAsync(['/my/topic', 'plain/topic'], { qos: 1 });
    const host = (cse.mqttUrl as string).slice('mqtt://'.length);
    const sub = await exchange('/oneM2M/req/CAdmin/id-in/json', {
      op: 1,
      to: 'cse-in',
      fr: 'CAdmin',
      rqi: 'sub3',
      rvi: '3',
      ty: 23,
      pc: {
        'm2m:sub': {
          rn: 'direct',
          nu: [`mqtt://${host}/%2Fmy%2Ftopic`, `mqtt://${host}/plain/topic`],
          enc: { net: [1] },
        },
      },
    });
    expect(sub['rsc']).toBe(2001);
    await vi.waitFor(() => expect(seen.sort()).toEqual(['/my/topic', 'plain/topic']));
    await direct.endAsync(true);
  });

  it('a target naming a broker but no topic, and no AE, is refused with what to give instead', async () => {
    const sub = await exchange('/oneM2M/req/CAdmin/id-in/json', {
      op: 1,
      to: 'cse-in',
      fr: 'CAdmin',
      rqi: 'sub4',
      rvi: '3',
      ty: 23,
      pc: { 'm2m:sub': { nu: ['mqtt://127.0.0.1:1'] } },
    });
    expect(sub).toMatchObject({ rsc: 5204, pc: { 'm2m:dbg': expect.stringMatching(/names no topic/) } });
  });

  it('an AE on another broker is reached over a connection of its own', async () => {
    const other = await startMqttBroker({ port: 0 });
    const aei = await registerAe('elsewhere', [other.url]);
    const client = await connectClient(other.url);
    const received: string[] = [];
    client.on('message', (topic, payload) => {
      received.push(topic);
      const request = JSON.parse(payload.toString()) as Record<string, unknown>;
      client.publish(topic.replace('/req/', '/resp/'), JSON.stringify({ rsc: 2000, rqi: request['rqi'] }));
    });
    await client.subscribeAsync(`/oneM2M/req/+/${aei}/#`, { qos: 1 });
    const sub = await exchange('/oneM2M/req/CAdmin/id-in/json', {
      op: 1,
      to: 'cse-in/elsewhere',
      fr: 'CAdmin',
      rqi: 'sub5',
      rvi: '3',
      ty: 23,
      pc: { 'm2m:sub': { nu: [aei] } },
    });
    expect(sub['rsc']).toBe(2001);
    expect(received).toEqual([`/oneM2M/req/id-in/${aei}/json`]);
    await client.endAsync(true);
    await other.close();
  });
});

describe('starting', () => {
  it('no broker at the url: startCse fails saying so, and nothing keeps running', async () => {
    const error = await startCse({ port: 0, mqtt: { url: 'mqtt://127.0.0.1:9' }, notificationTimeoutMs: 1000 }).catch(
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/cannot serve MQTT on mqtt:\/\/127\.0\.0\.1:9: .*ECONNREFUSED/);
  });
});
