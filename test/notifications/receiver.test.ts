import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '../../src/client/Client.js';
import { ResponseError } from '../../src/errors/index.js';
import type { ReceivedNotification } from '../../src/notifications/notification.js';
import { startNotificationReceiver, type NotificationReceiver } from '../../src/notifications/receiver.js';

let receiver: NotificationReceiver;
const received: ReceivedNotification[] = [];
let answer: (n: ReceivedNotification) => void | number = () => undefined;
const errors: string[] = [];

beforeAll(async () => {
  receiver = await startNotificationReceiver((n) => (received.push(n), answer(n)), {
    onError: (e) => errors.push(e.message),
  });
});
afterAll(() => receiver.close());
beforeEach(() => {
  received.length = 0;
  errors.length = 0;
  answer = () => undefined;
});

const cin = {
  rn: 'cin1',
  ri: 'cin1',
  ty: 4,
  con: '21.5',
  cs: 4,
  st: 0,
  pi: 'cnt1',
  ct: '20260101T000000',
  lt: '20260101T000000',
  et: '20370101T000000',
};
const event = { 'm2m:sgn': { sur: '/id-in/sub1', cr: 'Cae', nev: { net: 3, rep: { 'm2m:cin': cin } } } };

describe('notification receiver', () => {
  for (const encoding of ['json', 'xml', 'cbor'] as const) {
    it(`receives an event notification in ${encoding}, with the resource unwrapped`, async () => {
      const cse = new Client({ url: receiver.url, originator: '/id-in', encoding });
      const response = await cse.notify('n', event);
      expect(response.rsc).toBe(2000);
      expect(received).toHaveLength(1);
      const n = received[0]!;
      expect(n.kind).toBe('event');
      if (n.kind !== 'event') return;
      expect([n.typeName, n.resource, n.notification.sur, n.notification.nev?.net]).toEqual([
        'm2m:cin',
        cin,
        '/id-in/sub1',
        3,
      ]);
    });
  }

  it('answers verification requests with 2000, or with the handler’s code to refuse', async () => {
    const cse = new Client({ url: receiver.url, originator: '/id-in' });
    const verification = { 'm2m:sgn': { vrq: true, sur: '/id-in/sub1', cr: 'Cae' } };
    expect((await cse.notify('any/path/below', verification)).rsc).toBe(2000);
    answer = (n) => (n.kind === 'verification' ? 4101 : undefined);
    await expect(cse.notify('n', verification)).rejects.toSatisfy((e) => e instanceof ResponseError && e.rsc === 4101);
    expect(received.map((n) => n.kind)).toEqual(['verification', 'verification']);
  });

  it('tells subscription deletions, batches and non-blocking results apart', async () => {
    const cse = new Client({ url: receiver.url, originator: '/id-in' });
    await cse.notify('n', { 'm2m:sgn': { sud: true, sur: '/id-in/sub1' } });
    await cse.notify('n', { 'm2m:agn': { 'm2m:sgn': [event['m2m:sgn'], event['m2m:sgn']] } });
    await cse.notify('n', { 'm2m:rsp': { rsc: 2001, rqi: 'r1', pc: { 'm2m:cnt': { rn: 'x' } } } });
    expect(received.map((n) => n.kind)).toEqual(['subscriptionDeletion', 'event', 'event', 'response']);
  });

  it('bad requests get a clear error response and the receiver keeps working', async () => {
    const post = (body: string, contentType = 'application/json', method = 'POST') =>
      fetch(receiver.url, {
        method,
        headers: { 'content-type': contentType, 'x-m2m-ri': 'r1', 'x-m2m-origin': '/id-in' },
        ...(method === 'GET' ? {} : { body }),
      }).then(async (r) => [r.headers.get('x-m2m-rsc'), JSON.parse((await r.text()) || '{}')['m2m:dbg']]);
    expect(await post('{not json')).toEqual(['4000', expect.stringMatching(/cannot decode json body/)]);
    expect(await post('{"m2m:cnt":{}}')).toEqual(['4000', 'expected m2m:sgn, m2m:agn or m2m:rsp, got m2m:cnt']);
    expect(await post('x', 'text/plain')).toEqual(['4015', expect.stringMatching(/text\/plain is not supported/)]);
    expect(await post('', 'application/json', 'GET')).toEqual(['4005', expect.stringMatching(/accepts NOTIFY/)]);
    expect(await post('{"m2m:cnt":{"rn":"x"}}', 'application/json;ty=3')).toEqual([
      '4005',
      expect.stringMatching(/accepts NOTIFY/),
    ]);
    answer = () => {
      throw new Error('boom');
    };
    expect(await post(JSON.stringify(event))).toEqual(['5000', 'the notification handler failed: boom']);
    expect(errors).toHaveLength(4);
    answer = () => undefined;
    expect((await new Client({ url: receiver.url, originator: '/id-in' }).notify('n', event)).rsc).toBe(2000);
  });
});
