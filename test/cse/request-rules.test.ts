import { afterEach, describe, expect, it } from 'vitest';
import { createCse, type Cse } from '../../src/cse/index.js';
import type { RequestPrimitive } from '../../src/primitives/request.js';
import type { ResponsePrimitive } from '../../src/primitives/response.js';
import { toTimestamp } from '../../src/time/timestamp.js';
import { ok, startRecorder, type Recorder } from '../helpers/recorder.js';
import { ADMIN, rawFetch, testCse } from './helpers.js';

// Request-level rules of TS-0004 the embedded CSE enforces as the reference CSE does (issue 14):
// request checks, timing parameters, result content, attribute syntax. In-process through
// cse.handle (fast); over HTTP only where a header is the point.

const open: Cse[] = [];
const recorders: Recorder[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((cse) => cse.close()));
  await Promise.all(recorders.splice(0).map((r) => r.close()));
});

let counter = 0;
type Req = Omit<RequestPrimitive, 'rqi' | 'rvi'> & { rvi?: string };

async function cse(): Promise<(request: Req) => Promise<ResponsePrimitive>> {
  const instance = await createCse({ log: () => {} });
  open.push(instance);
  return (request) => instance.handle({ rvi: '4', rqi: `r${++counter}`, ...request } as RequestPrimitive);
}

const root = (response: ResponsePrimitive, name: string) => (response.pc?.[name] ?? {}) as Record<string, unknown>;

/** A CSE with an AE `cse-in/app` and a container `cse-in/app/box`; returns handle and AE-ID. */
async function withBox(box: Record<string, unknown> = {}) {
  const handle = await cse();
  const ae = await handle({
    op: 1,
    to: 'cse-in',
    fr: 'C',
    ty: 2,
    pc: { 'm2m:ae': { rn: 'app', api: 'Napp', rr: false, srv: ['4'] } },
  });
  const aei = String(root(ae, 'm2m:ae')['aei']);
  const cnt = await handle({ op: 1, to: 'cse-in/app', fr: aei, ty: 3, pc: { 'm2m:cnt': { rn: 'box', ...box } } });
  expect(cnt.rsc).toBe(2001);
  return { handle, aei };
}

describe('request checks', () => {
  it('refuses a drt other than 1 or 2 (4000)', async () => {
    const { handle, aei } = await withBox();
    const response = await handle({ op: 2, to: 'cse-in/app', fr: aei, drt: 4223 as 1 });
    expect(response.rsc).toBe(4000);
    expect(String(response.pc?.['m2m:dbg'])).toContain('drt');
  });

  it('refuses an attribute condition naming no attribute (an unknown query parameter) with 4000, not 4004', async () => {
    const { handle, aei } = await withBox();
    const response = await handle({ op: 2, to: 'cse-in/app', fr: aei, fc: { atr: [{ nm: 'xxx', val: 'yyy' }] } });
    expect(response.rsc).toBe(4000);
    expect(String(response.pc?.['m2m:dbg'])).toContain('xxx');
    const known = await handle({ op: 2, to: 'cse-in/app', fr: aei, fc: { atr: [{ nm: 'rn', val: 'app' }] } });
    expect(known.rsc).toBe(2000);
  });

  it('refuses an update of the CSEBase, even by the admin (4005)', async () => {
    const handle = await cse();
    const response = await handle({ op: 3, to: 'cse-in', fr: ADMIN, pc: { 'm2m:cb': { lbl: ['x'] } } });
    expect(response.rsc).toBe(4005);
  });
});

describe('request timing (rqet, rset, oet)', () => {
  const past = toTimestamp(new Date(Date.now() - 10_000));
  it.each([
    ['rqet absolute in the past', { rqet: past }],
    ['rqet relative negative', { rqet: -2000 }],
    ['rqet as a decimal text', { rqet: '-10.5' }],
    ['rset in the past', { rset: past }],
    ['oet after rqet', { rqet: 1000, oet: 2000 }],
  ])('answers 4008 and executes nothing: %s', async (_label, timing) => {
    const { handle, aei } = await withBox();
    const response = await handle({
      op: 1,
      to: 'cse-in/app/box',
      fr: aei,
      ty: 4,
      pc: { 'm2m:cin': { rn: 'late', con: 'x' } },
      ...timing,
    });
    expect(response.rsc).toBe(4008);
    expect((await handle({ op: 2, to: 'cse-in/app/box/late', fr: aei })).rsc).toBe(4004);
  });

  it('executes a request with a future rqet, an ISO duration or a relative number', async () => {
    const { handle, aei } = await withBox();
    for (const rqet of [toTimestamp(new Date(Date.now() + 60_000)), 'PT10S', 5000, '5000'])
      expect((await handle({ op: 2, to: 'cse-in/app', fr: aei, rqet })).rsc).toBe(2000);
  });

  it('refuses an unreadable timing value (4000)', async () => {
    const { handle, aei } = await withBox();
    expect((await handle({ op: 2, to: 'cse-in/app', fr: aei, oet: 'soon' })).rsc).toBe(4000);
  });

  it('waits for a future operation execution time before executing', async () => {
    const { handle, aei } = await withBox();
    const started = Date.now();
    const response = await handle({ op: 2, to: 'cse-in/app', fr: aei, oet: 300, rqet: 5000 });
    expect(response.rsc).toBe(2000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    // A past oet runs at once.
    expect((await handle({ op: 2, to: 'cse-in/app', fr: aei, oet: -1000 })).rsc).toBe(2000);
  });

  it('acknowledges a non-blocking request at once and executes it at its oet', async () => {
    const { handle, aei } = await withBox();
    const started = Date.now();
    const ack = await handle({
      op: 1,
      to: 'cse-in/app/box',
      fr: aei,
      ty: 4,
      rt: { rtv: 1 },
      oet: 1000,
      pc: { 'm2m:cin': { rn: 'later', con: 'x' } },
    });
    expect(ack.rsc).toBe(1001);
    // Acknowledged before the oet (the old dispatcher waited for it first), not yet executed.
    expect(Date.now() - started).toBeLessThan(900);
    expect((await handle({ op: 2, to: 'cse-in/app/box/later', fr: aei })).rsc).toBe(4004);
    await expect
      .poll(async () => (await handle({ op: 2, to: 'cse-in/app/box/later', fr: aei })).rsc, { timeout: 3000 })
      .toBe(2000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('refuses a result expiration before the request expiration (4000)', async () => {
    const { handle, aei } = await withBox();
    expect((await handle({ op: 2, to: 'cse-in/app', fr: aei, rqet: 20_000, rset: 10_000 })).rsc).toBe(4000);
    expect((await handle({ op: 2, to: 'cse-in/app', fr: aei, rqet: 10_000, rset: 20_000 })).rsc).toBe(2000);
  });

  it('lets the <request> of a non-blocking request expire at its relative rset', async () => {
    const { handle, aei } = await withBox();
    const before = Date.now();
    const ack = await handle({ op: 2, to: 'cse-in/app', fr: aei, rt: { rtv: 1 }, rset: '5000' });
    expect(ack.rsc).toBe(1001);
    const req = await handle({ op: 2, to: String(ack.pc?.['m2m:uri']), fr: aei });
    const et = Date.parse(
      String(root(req, 'm2m:req')['et']).replace(
        /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2}).*$/,
        '$1-$2-$3T$4:$5:$6Z',
      ),
    );
    expect(et).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 4000);
    expect(et).toBeLessThanOrEqual(Date.now() + 6000);
  });

  it('returns the result expiration timestamp with the result (HTTP X-M2M-RST)', async () => {
    const running = await testCse();
    const response = await rawFetch(running.url, 'GET', '/cse-in', {
      'x-m2m-origin': ADMIN,
      'x-m2m-ri': '1',
      'x-m2m-rvi': '4',
      'x-m2m-rst': '10000',
    });
    expect(response.headers['x-m2m-rsc']).toBe('2000');
    expect(response.headers['x-m2m-rst']).toBe('10000');
  });
});

describe('result content', () => {
  it('answers an update with rcn=9 with only what the CSE changed, not what was sent', async () => {
    const { handle, aei } = await withBox();
    const response = await handle({ op: 3, to: 'cse-in/app/box', fr: aei, rcn: 9, pc: { 'm2m:cnt': { lbl: ['a'] } } });
    expect(response.rsc).toBe(2004);
    expect(Object.keys(root(response, 'm2m:cnt')).sort()).toEqual(['lt', 'st']);
  });
});

describe('attribute syntax', () => {
  it.each(['text', 'text:0', 'text/plain:9', 'text/plain:'])('refuses contentInfo %j (4000)', async (cnf) => {
    const { handle, aei } = await withBox();
    const response = await handle({
      op: 1,
      to: 'cse-in/app/box',
      fr: aei,
      ty: 4,
      pc: { 'm2m:cin': { con: 'x', cnf } },
    });
    expect(response.rsc).toBe(4000);
  });

  it.each(['text/plain', 'text/plain:0', 'application/json:1', 'application/octet-stream:2'])(
    'accepts contentInfo %j',
    async (cnf) => {
      const { handle, aei } = await withBox();
      const response = await handle({
        op: 1,
        to: 'cse-in/app/box',
        fr: aei,
        ty: 4,
        pc: { 'm2m:cin': { con: 'x', cnf } },
      });
      expect(response.rsc).toBe(2001);
    },
  );

  it('refuses an AE whose contentSerialization names no serialization (4000), on create and update', async () => {
    const handle = await cse();
    const wrong = await handle({
      op: 1,
      to: 'cse-in',
      fr: 'C',
      ty: 2,
      pc: { 'm2m:ae': { rn: 'a', api: 'Na', rr: false, srv: ['4'], csz: ['wrong'] } },
    });
    expect(wrong.rsc).toBe(4000);
    const right = await handle({
      op: 1,
      to: 'cse-in',
      fr: 'C',
      ty: 2,
      pc: { 'm2m:ae': { rn: 'a', api: 'Na', rr: false, srv: ['4'], csz: ['application/cbor', 'application/json'] } },
    });
    expect(right.rsc).toBe(2001);
    const aei = String(root(right, 'm2m:ae')['aei']);
    expect((await handle({ op: 3, to: 'cse-in/a', fr: aei, pc: { 'm2m:ae': { csz: ['text/plain'] } } })).rsc).toBe(
      4000,
    );
  });
});

describe('container retrieval rules', () => {
  it('refuses RETRIEVE of the instances of a container with disr=true (4005), la and ol too, and keeps disr', async () => {
    const { handle, aei } = await withBox({ disr: true });
    expect(
      (await handle({ op: 1, to: 'cse-in/app/box', fr: aei, ty: 4, pc: { 'm2m:cin': { rn: 'c', con: 'x' } } })).rsc,
    ).toBe(2001);
    for (const to of ['cse-in/app/box/c', 'cse-in/app/box/la', 'cse-in/app/box/ol'])
      expect((await handle({ op: 2, to, fr: aei })).rsc).toBe(4005);
    const box = await handle({ op: 2, to: 'cse-in/app/box', fr: aei });
    expect(root(box, 'm2m:cnt')['disr']).toBe(true);
    // Nor with its children in the result content.
    for (const rcn of [4, 5, 6, 8] as const)
      expect((await handle({ op: 2, to: 'cse-in/app/box', fr: aei, rcn })).rsc, `rcn ${rcn}`).toBe(4005);
  });

  it('removes the instances when disr is set to true, and allows retrieval again when it is false', async () => {
    const { handle, aei } = await withBox();
    await handle({ op: 1, to: 'cse-in/app/box', fr: aei, ty: 4, pc: { 'm2m:cin': { rn: 'c', con: 'x' } } });
    const updated = await handle({ op: 3, to: 'cse-in/app/box', fr: aei, pc: { 'm2m:cnt': { disr: true } } });
    expect(root(updated, 'm2m:cnt')['cni']).toBe(0);
    await handle({ op: 3, to: 'cse-in/app/box', fr: aei, pc: { 'm2m:cnt': { disr: false } } });
    await handle({ op: 1, to: 'cse-in/app/box', fr: aei, ty: 4, pc: { 'm2m:cin': { rn: 'd', con: 'y' } } });
    expect((await handle({ op: 2, to: 'cse-in/app/box/d', fr: aei })).rsc).toBe(2000);
  });

  it('deletes an instance after dcnt retrievals', async () => {
    const { handle, aei } = await withBox();
    await handle({ op: 1, to: 'cse-in/app/box', fr: aei, ty: 4, pc: { 'm2m:cin': { rn: 'c', con: 'x', dcnt: 2 } } });
    expect((await handle({ op: 2, to: 'cse-in/app/box/c', fr: aei })).rsc).toBe(2000);
    expect((await handle({ op: 2, to: 'cse-in/app/box/la', fr: aei })).rsc).toBe(2000);
    expect((await handle({ op: 2, to: 'cse-in/app/box/c', fr: aei })).rsc).toBe(4004);
    expect(root(await handle({ op: 2, to: 'cse-in/app/box', fr: aei }), 'm2m:cnt')['cni']).toBe(0);
  });

  it('refuses a second timeSeriesInstance with the same dgt (4105)', async () => {
    const handle = await cse();
    await handle({ op: 1, to: 'cse-in', fr: ADMIN, ty: 29, pc: { 'm2m:ts': { rn: 'ts' } } });
    const dgt = '20260101T120000';
    expect(
      (await handle({ op: 1, to: 'cse-in/ts', fr: ADMIN, ty: 30, pc: { 'm2m:tsi': { dgt, con: '1' } } })).rsc,
    ).toBe(2001);
    expect(
      (await handle({ op: 1, to: 'cse-in/ts', fr: ADMIN, ty: 30, pc: { 'm2m:tsi': { dgt, con: '2' } } })).rsc,
    ).toBe(4105);
  });
});

describe('latest notification', () => {
  it('sends a batch of a subscription with ln=true with the event category "latest" (X-M2M-EC: 4)', async () => {
    const running = await testCse({ log: () => {} });
    const recorder = await startRecorder((request) => ok(request));
    recorders.push(recorder);
    const send = (request: Req) =>
      running.cse.handle({ rvi: '4', rqi: `r${++counter}`, ...request } as RequestPrimitive);
    await send({ op: 1, to: 'cse-in', fr: ADMIN, ty: 3, pc: { 'm2m:cnt': { rn: 'box' } } });
    const sub = await send({
      op: 1,
      to: 'cse-in/box',
      fr: ADMIN,
      ty: 23,
      pc: { 'm2m:sub': { nu: [recorder.url], enc: { net: [1] }, ln: true, bn: { num: 2 } } },
    });
    expect(sub.rsc).toBe(2001);
    for (const lbl of ['1', '2']) await send({ op: 3, to: 'cse-in/box', fr: ADMIN, pc: { 'm2m:cnt': { lbl: [lbl] } } });
    await running.cse.notifications.settled();
    const batch = recorder.requests.find((r) => r.body.toString().includes('m2m:agn'));
    expect(batch?.headers['x-m2m-ec']).toBe('4');
    expect(JSON.parse(String(batch?.body))['m2m:agn']['m2m:sgn']).toHaveLength(1);
  });
});

/** A running CSE (HTTP, so notifications reach a recorder) with in-process requests. */
async function running() {
  const instance = await testCse({ log: () => {} });
  const send = (request: Req) =>
    instance.cse.handle({ rvi: '4', rqi: `r${++counter}`, ...request } as RequestPrimitive);
  return { cse: instance.cse, send };
}

async function recorder(reply?: Parameters<typeof startRecorder>[0]): Promise<Recorder> {
  const started = await startRecorder(reply);
  recorders.push(started);
  return started;
}

const bodyOf = (r: { body: Buffer }) => JSON.parse(r.body.toString()) as Record<string, Record<string, unknown>>;

describe('subscription checks', () => {
  it('refuses an enc.chty naming a type that can never be a child of the subscribed-to resource (4000)', async () => {
    const { handle, aei } = await withBox();
    const sub = (chty: number[]) =>
      handle({
        op: 1,
        to: 'cse-in/app/box',
        fr: aei,
        ty: 23,
        pc: { 'm2m:sub': { nu: [aei], enc: { net: [3], chty } } },
      });
    const wrong = await sub([2]);
    expect(wrong.rsc).toBe(4000);
    expect(String(wrong.pc?.['m2m:dbg'])).toContain('chty');
    expect((await sub([4])).rsc).toBe(2001);
  });

  it('sends no verification when nu is the originator’s own AE in structured or unstructured form', async () => {
    // The AE has no pointOfAccess: a verification request could not be delivered (5204).
    const { handle, aei } = await withBox();
    const app = await handle({ op: 2, to: 'cse-in/app', fr: aei });
    const ri = String(root(app, 'm2m:ae')['ri']);
    for (const nu of ['cse-in/app', '/id-in/cse-in/app', ri, aei]) {
      const response = await handle({ op: 1, to: 'cse-in/app/box', fr: aei, ty: 23, pc: { 'm2m:sub': { nu: [nu] } } });
      expect(response.rsc, `${nu}: ${String(response.pc?.['m2m:dbg'])}`).toBe(2001);
    }
  });

  it('keeps notification statistics (nse, nsi) per target, as ACME counts them', async () => {
    const { send } = await running();
    const target = await recorder();
    await send({ op: 1, to: 'cse-in', fr: ADMIN, ty: 3, pc: { 'm2m:cnt': { rn: 'box' } } });
    const created = await send({
      op: 1,
      to: 'cse-in/box',
      fr: ADMIN,
      ty: 23,
      pc: { 'm2m:sub': { rn: 'sub', nu: [target.url], nse: true } },
    });
    expect(created.rsc).toBe(2001);
    // The verification request is not counted; nsi appears with the first notification.
    expect(root(created, 'm2m:sub')['nsi']).toBeUndefined();
    const stats = async () => root(await send({ op: 2, to: 'cse-in/box/sub', fr: ADMIN }), 'm2m:sub')['nsi'];
    await send({ op: 3, to: 'cse-in/box', fr: ADMIN, pc: { 'm2m:cnt': { lbl: ['a'] } } });
    await expect.poll(stats).toEqual([{ tg: target.url, rqs: 1, rsr: 1, noec: 1 }]);
    // Setting nse to true again starts afresh; a batch counts each of its notifications.
    const again = await send({
      op: 3,
      to: 'cse-in/box/sub',
      fr: ADMIN,
      pc: { 'm2m:sub': { nse: true, bn: { num: 2 } } },
    });
    expect(root(again, 'm2m:sub')['nsi']).toBeUndefined();
    for (const lbl of ['b', 'c']) await send({ op: 3, to: 'cse-in/box', fr: ADMIN, pc: { 'm2m:cnt': { lbl: [lbl] } } });
    await expect.poll(stats).toEqual([{ tg: target.url, rqs: 2, rsr: 2, noec: 2 }]);
    // Removing nse removes nsi.
    const removed = await send({ op: 3, to: 'cse-in/box/sub', fr: ADMIN, pc: { 'm2m:sub': { nse: null } } });
    expect(root(removed, 'm2m:sub')['nsi']).toBeUndefined();
  });
});

describe('blocking update (net 7)', () => {
  async function withBlocking(reply: Parameters<typeof startRecorder>[0]) {
    const { send } = await running();
    const target = await recorder(reply);
    await send({ op: 1, to: 'cse-in', fr: ADMIN, ty: 3, pc: { 'm2m:cnt': { rn: 'box', lbl: ['old'] } } });
    const sub = await send({
      op: 1,
      to: 'cse-in/box',
      fr: ADMIN,
      ty: 23,
      pc: { 'm2m:sub': { rn: 'block', nu: [target.url], enc: { net: [7] } } },
    });
    expect(sub.rsc, String(sub.pc?.['m2m:dbg'])).toBe(2001);
    expect(root(sub, 'm2m:sub')['nct']).toBe(2);
    return { send, target };
  }

  it('asks the target with the requested changes and performs the update when it answers 2000', async () => {
    const { send, target } = await withBlocking((request) => ok(request));
    const updated = await send({ op: 3, to: 'cse-in/box', fr: ADMIN, pc: { 'm2m:cnt': { lbl: ['new'] } } });
    expect(updated.rsc).toBe(2004);
    const asked = bodyOf(target.requests.at(-1) ?? { body: Buffer.from('{}') })['m2m:sgn'] ?? {};
    expect(asked['nev']).toEqual({ net: 7, rep: { 'm2m:cnt': { lbl: ['new'] } } });
    expect(root(await send({ op: 2, to: 'cse-in/box', fr: ADMIN }), 'm2m:cnt')['lbl']).toEqual(['new']);
  });

  it('refuses the update (4127) and changes nothing when the target answers otherwise', async () => {
    const { send } = await withBlocking((request) =>
      request.body.toString().includes('"vrq"') ? ok(request) : ok(request, undefined, 4103, 403),
    );
    const updated = await send({ op: 3, to: 'cse-in/box', fr: ADMIN, pc: { 'm2m:cnt': { lbl: ['new'] } } });
    expect(updated.rsc).toBe(4127);
    expect(root(await send({ op: 2, to: 'cse-in/box', fr: ADMIN }), 'm2m:cnt')['lbl']).toEqual(['old']);
  });

  it('blocks only updates of the attributes in enc.atr', async () => {
    const { send } = await running();
    const target = await recorder();
    await send({ op: 1, to: 'cse-in', fr: ADMIN, ty: 3, pc: { 'm2m:cnt': { rn: 'box' } } });
    const sub = await send({
      op: 1,
      to: 'cse-in/box',
      fr: ADMIN,
      ty: 23,
      pc: { 'm2m:sub': { nu: [target.url], enc: { net: [7], atr: ['lbl'] } } },
    });
    expect(sub.rsc).toBe(2001);
    const asked = () => target.requests.filter((r) => r.body.toString().includes('"net":7')).length;
    expect((await send({ op: 3, to: 'cse-in/box', fr: ADMIN, pc: { 'm2m:cnt': { mni: 5 } } })).rsc).toBe(2004);
    expect(asked()).toBe(0);
    expect((await send({ op: 3, to: 'cse-in/box', fr: ADMIN, pc: { 'm2m:cnt': { lbl: ['x'] } } })).rsc).toBe(2004);
    expect(asked()).toBe(1);
  });

  it('allows one blocking-update subscription per resource (4124), with one target and net 7 alone', async () => {
    const { send, target } = await withBlocking((request) => ok(request));
    const another = (content: Record<string, unknown>) =>
      send({ op: 1, to: 'cse-in/box', fr: ADMIN, ty: 23, pc: { 'm2m:sub': { nu: [target.url], ...content } } });
    expect((await another({ enc: { net: [7] } })).rsc).toBe(4124);
    expect((await another({ enc: { net: [1, 7] } })).rsc).toBe(4000);
    expect((await another({ nu: [target.url, ADMIN], enc: { net: [7] } })).rsc).toBe(4000);
    // Neither batched nor with criteria other than atr (4000), nor made blocking by an update.
    await send({ op: 4, to: 'cse-in/box/block', fr: ADMIN });
    expect((await another({ enc: { net: [7] }, bn: { num: 2 } })).rsc).toBe(4000);
    expect((await another({ enc: { net: [7], sza: 0 } })).rsc).toBe(4000);
    const plain = await another({ rn: 'plain', enc: { net: [1] } });
    expect(plain.rsc).toBe(2001);
    const made = await send({ op: 3, to: 'cse-in/box/plain', fr: ADMIN, pc: { 'm2m:sub': { enc: { net: [7] } } } });
    expect(made.rsc).toBe(4000);
  });
});

describe('NOTIFY to an AE', () => {
  it('passes the notification on to the AE’s pointOfAccess and answers with the AE’s response', async () => {
    const { send } = await running();
    const app = await recorder((request) => ok(request, undefined, 2000));
    const ae = await send({
      op: 1,
      to: 'cse-in',
      fr: 'Cnote',
      ty: 2,
      pc: { 'm2m:ae': { rn: 'app', api: 'Napp', rr: true, srv: ['4'], poa: [app.url] } },
    });
    expect(ae.rsc).toBe(2001);
    const sgn = { 'm2m:sgn': { nev: { net: 1, rep: { 'm2m:cin': { con: 'x' } } } } };
    const response = await send({ op: 5, to: 'cse-in/app', fr: ADMIN, pc: sgn });
    expect(response.rsc).toBe(2000);
    const passed = app.requests.at(-1);
    expect(passed?.headers['x-m2m-origin']).toBe(ADMIN);
    expect(bodyOf(passed ?? { body: Buffer.from('{}') })).toEqual(sgn);
    // Without NOTIFY privilege on the AE: 4103, and nothing is passed on.
    const count = app.requests.length;
    expect((await send({ op: 5, to: 'cse-in/app', fr: 'Cstranger', pc: sgn })).rsc).toBe(4103);
    expect(app.requests.length).toBe(count);
  });

  it('answers 5103 when the AE cannot be reached', async () => {
    const { send } = await running();
    await send({
      op: 1,
      to: 'cse-in',
      fr: 'Cnote',
      ty: 2,
      pc: { 'm2m:ae': { rn: 'app', api: 'Napp', rr: false, srv: ['4'] } },
    });
    const response = await send({ op: 5, to: 'cse-in/app', fr: ADMIN, pc: { 'm2m:sgn': { vrq: true } } });
    expect(response.rsc).toBe(5103);
  });
});

describe('access control contexts and attributes', () => {
  async function withPolicy(rule: Record<string, unknown>) {
    const { handle, aei } = await withBox({ lbl: ['a'] });
    const acp = await handle({
      op: 1,
      to: 'cse-in/app',
      fr: aei,
      ty: 1,
      pc: {
        'm2m:acp': {
          rn: 'acp',
          pv: { acr: [{ acor: ['Cguest'], acop: 63, ...rule }] },
          pvs: { acr: [{ acor: [aei], acop: 63 }] },
        },
      },
    });
    if (acp.rsc !== 2001) return { handle, aei, acp };
    const ri = String(root(acp, 'm2m:acp')['ri']);
    const linked = await handle({ op: 3, to: 'cse-in/app/box', fr: aei, pc: { 'm2m:cnt': { acpi: [ri] } } });
    expect(linked.rsc).toBe(2004);
    return { handle, aei, acp };
  }

  it('grants within a time window (acco.actw) and refuses outside it (4103)', async () => {
    const always = await withPolicy({ acco: [{ actw: ['* * * * * * *'] }] });
    expect((await always.handle({ op: 2, to: 'cse-in/app/box', fr: 'Cguest' })).rsc).toBe(2000);
    const never = await withPolicy({ acco: [{ actw: ['0 0 0 1 1 * 1971'] }] });
    expect((await never.handle({ op: 2, to: 'cse-in/app/box', fr: 'Cguest' })).rsc).toBe(4103);
  });

  it('refuses an unreadable time window or IPv4 address in a policy (4000)', async () => {
    expect((await withPolicy({ acco: [{ actw: ['every monday'] }] })).acp.rsc).toBe(4000);
    expect((await withPolicy({ acco: [{ acip: { ipv4: ['300.1.1.1'] } }] })).acp.rsc).toBe(4000);
  });

  it('grants an acip context only to a requester from that address; an in-process request has none', async () => {
    const { handle } = await withPolicy({ acco: [{ acip: { ipv4: ['127.0.0.0/8'] } }] });
    expect((await handle({ op: 2, to: 'cse-in/app/box', fr: 'Cguest' })).rsc).toBe(4103);
  });

  it('limits a rule with accessControlAttributes (aca) to those attributes', async () => {
    const { handle } = await withPolicy({ aca: ['lbl'] });
    const retrieved = await handle({ op: 2, to: 'cse-in/app/box', fr: 'Cguest' });
    expect(retrieved.rsc).toBe(2000);
    expect(Object.keys(root(retrieved, 'm2m:cnt'))).toEqual(['lbl']);
    expect((await handle({ op: 3, to: 'cse-in/app/box', fr: 'Cguest', pc: { 'm2m:cnt': { lbl: ['x'] } } })).rsc).toBe(
      2004,
    );
    expect((await handle({ op: 3, to: 'cse-in/app/box', fr: 'Cguest', pc: { 'm2m:cnt': { mni: 3 } } })).rsc).toBe(4103);
  });
});

describe('polling channel ownership', () => {
  it('lets only the AE itself create its pollingChannel, not the admin (4103)', async () => {
    const { handle, aei } = await withBox();
    expect((await handle({ op: 1, to: 'cse-in/app', fr: ADMIN, ty: 15, pc: { 'm2m:pch': {} } })).rsc).toBe(4103);
    expect((await handle({ op: 1, to: 'cse-in/app', fr: aei, ty: 15, pc: { 'm2m:pch': {} } })).rsc).toBe(2001);
  });
});

describe('discovery with applyRelativePath (arp)', () => {
  it('finds the latest instance of each matching container with arp=la', async () => {
    const { handle, aei } = await withBox();
    for (const rn of ['c1', 'c2'])
      await handle({ op: 1, to: 'cse-in/app/box', fr: aei, ty: 4, pc: { 'm2m:cin': { rn, con: rn } } });
    const found = await handle({
      op: 2,
      to: 'cse-in/app',
      fr: aei,
      rcn: 6,
      fc: { fu: 1, ty: [3], arp: 'la' } as never,
    });
    expect(found.rsc, JSON.stringify(found.pc)).toBe(2000);
    expect(found.pc?.['m2m:rrl']).toEqual({ rrf: [{ nm: 'c2', typ: 4, val: 'cse-in/app/box/c2' }] });
  });
});

describe('flexBlocking (rt=4)', () => {
  it('answers blocking without notification URIs, also with a result persistence', async () => {
    const { handle, aei } = await withBox();
    expect((await handle({ op: 2, to: 'cse-in/app', fr: aei, rt: { rtv: 4 } })).rsc).toBe(2000);
    const running = await testCse();
    const response = await rawFetch(running.url, 'GET', '/cse-in?rt=4&rp=PT10S', {
      'x-m2m-origin': ADMIN,
      'x-m2m-ri': '1',
      'x-m2m-rvi': '4',
    });
    expect(response.headers['x-m2m-rsc']).toBe('2000');
  });

  it('answers non-blocking asynch when notification URIs are given, and sends the result there', async () => {
    const { send } = await running();
    const target = await recorder();
    await send({ op: 1, to: 'cse-in', fr: ADMIN, ty: 3, pc: { 'm2m:cnt': { rn: 'box' } } });
    const ack = await send({ op: 2, to: 'cse-in/box', fr: ADMIN, rt: { rtv: 4, nu: [target.url] } });
    expect(ack.rsc).toBe(1002);
    await expect.poll(() => target.requests.length).toBe(1);
    const rsp = bodyOf(target.requests[0] ?? { body: Buffer.from('{}') })['m2m:rsp'] ?? {};
    expect(rsp['rsc']).toBe(2000);
  });
});

describe('CSEBase', () => {
  it('advertises in srt only the resource types whose procedures work', async () => {
    const handle = await cse();
    const srt = root(await handle({ op: 2, to: 'cse-in', fr: ADMIN }), 'm2m:cb')['srt'] as number[];
    // 10 (locationPolicy) and 48 (crossResourceSubscription) since their procedures exist.
    expect(srt).toEqual(expect.arrayContaining([1, 2, 3, 4, 9, 10, 15, 16, 23, 28, 29, 30, 48]));
  });
});
