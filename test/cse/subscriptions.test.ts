import { afterEach, describe, expect, it } from 'vitest';
import { toTimestamp } from '../../src/time/timestamp.js';
import { ok, startRecorder, type Recorder } from '../helpers/recorder.js';
import { ADMIN, body, create, dbg, logger, registerAe, send, settled, testCse, testReceiver } from './helpers.js';

// Subscriptions over real HTTP, with the shared notification receiver as the subscriber.

const recorders: Recorder[] = [];
afterEach(async () => {
  await Promise.all(recorders.splice(0).map((r) => r.close()));
});

async function recorder(): Promise<Recorder> {
  const r = await startRecorder();
  recorders.push(r);
  return r;
}

/** A CSE with a container `cse-in/box` (created by the admin). */
async function withBox(options: Parameters<typeof testCse>[0] = {}) {
  const cse = await testCse(options);
  await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'box' });
  return cse;
}

/** New content instances only: sibling subscriptions are children too (ACME notifies them as well). */
const ON_CIN = { net: [3], chty: [4] };

const cin = (url: string, con: string, extra: Record<string, unknown> = {}) =>
  create(url, ADMIN, 'cse-in/box', 4, 'm2m:cin', { con, ...extra });

describe('subscriptions', () => {
  it('verifies the target, then notifies the creation of a child with the whole resource (net 3, nct 1)', async () => {
    const cse = await withBox();
    const receiver = await testReceiver();
    const sub = await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', {
      rn: 'watch',
      nu: [receiver.url],
      enc: { net: [3] },
    });
    expect(sub).toMatchObject({ nct: 1, enc: { net: [3] } });
    const [verification] = receiver.of('verification');
    expect(verification?.notification).toEqual({ vrq: true, sur: `/id-in/${String(sub['ri'])}`, cr: ADMIN });
    expect(verification?.request.fr).toBe('/id-in');

    const created = await cin(cse.url, '21.5');
    await settled(cse);
    const events = receiver.of('event');
    expect(events).toHaveLength(1);
    expect(events[0]?.typeName).toBe('m2m:cin');
    expect(events[0]?.resource).toEqual(created);
    expect(events[0]?.notification).toMatchObject({ sur: `/id-in/${String(sub['ri'])}`, nev: { net: 3 } });
    expect(events[0]?.notification.cr).toBeUndefined();
  });

  it('rejects the create with 5204 and stores nothing when the verification fails', async () => {
    const cse = await withBox({ log: () => undefined });
    const receiver = await testReceiver();
    receiver.answer = (n) => (n.kind === 'verification' ? 4101 : undefined);
    const refused = await send(cse.url, {
      op: 1,
      to: 'cse-in/box',
      fr: ADMIN,
      ty: 23,
      pc: { 'm2m:sub': { rn: 'watch', nu: [receiver.url] } },
    });
    expect(refused.rsc).toBe(5204);
    expect(dbg(refused)).toContain('4101');
    // A target nobody listens on: a transport failure.
    const gone = await testReceiver();
    await gone.close();
    const unreachable = await send(cse.url, {
      op: 1,
      to: 'cse-in/box',
      fr: ADMIN,
      ty: 23,
      pc: { 'm2m:sub': { rn: 'watch', nu: [gone.url] } },
    });
    expect(unreachable.rsc).toBe(5204);
    expect((await send(cse.url, { op: 2, to: 'cse-in/box/watch', fr: ADMIN })).rsc).toBe(4004);
    expect(
      body<string[]>(await send(cse.url, { op: 2, to: 'cse-in/box', fr: ADMIN, fc: { fu: 1, ty: [23] } }), 'm2m:uril'),
    ).toEqual([]);
    // Nothing is notified for the refused subscription.
    await cin(cse.url, 'x');
    await settled(cse);
    expect(receiver.of('event')).toEqual([]);
  });

  it('sends no verification request to the originator itself', async () => {
    const cse = await withBox();
    const receiver = await testReceiver();
    const aei = await registerAe(cse.url, 'self', 'C', { poa: [receiver.url] });
    await create(cse.url, aei, `cse-in/self`, 23, 'm2m:sub', { rn: 'mine', nu: [aei] });
    await settled(cse);
    expect(receiver.received).toEqual([]);
  });

  it('verifies only the notification targets an update adds, and keeps nu when that fails', async () => {
    const cse = await withBox({ log: () => undefined });
    const first = await testReceiver();
    const second = await testReceiver();
    await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', { rn: 'watch', nu: [first.url] });
    const updated = await send(cse.url, {
      op: 3,
      to: 'cse-in/box/watch',
      fr: ADMIN,
      pc: { 'm2m:sub': { nu: [first.url, second.url] } },
    });
    expect(updated.rsc).toBe(2004);
    expect([first.of('verification').length, second.of('verification').length]).toEqual([1, 1]);
    second.answer = () => 4101;
    const third = await testReceiver();
    third.answer = () => 4101;
    const refused = await send(cse.url, {
      op: 3,
      to: 'cse-in/box/watch',
      fr: ADMIN,
      pc: { 'm2m:sub': { nu: [first.url, third.url] } },
    });
    expect(refused.rsc).toBe(5204);
    expect(body(await send(cse.url, { op: 2, to: 'cse-in/box/watch', fr: ADMIN }), 'm2m:sub')['nu']).toEqual([
      first.url,
      second.url,
    ]);
  });

  it('notifies an update with the modified attributes only (nct 2)', async () => {
    const cse = await withBox();
    const receiver = await testReceiver();
    await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', { rn: 'watch', nu: [receiver.url], nct: 2 });
    await send(cse.url, { op: 3, to: 'cse-in/box', fr: ADMIN, pc: { 'm2m:cnt': { lbl: ['hot'] } } });
    await settled(cse);
    const [event] = receiver.of('event');
    expect(event?.typeName).toBe('m2m:cnt');
    expect(event?.notification.nev?.net).toBe(1);
    const rep = event?.resource as Record<string, unknown>;
    expect(rep['lbl']).toEqual(['hot']);
    expect(Object.keys(rep).sort()).toEqual(['lbl', 'lt', 'st']);
  });

  it('notifies the resource ID only (nct 3), and never for a request that failed', async () => {
    const cse = await withBox();
    const receiver = await testReceiver();
    await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', {
      rn: 'watch',
      nu: [receiver.url],
      nct: 3,
      enc: { net: [1, 3] },
    });
    const failed = await send(cse.url, {
      op: 1,
      to: 'cse-in/box',
      fr: ADMIN,
      ty: 4,
      pc: { 'm2m:cin': { con: 'x', cni: 3 } },
    });
    expect(failed.rsc).toBe(4000);
    const created = await cin(cse.url, 'x');
    await settled(cse);
    expect(receiver.of('event').map((e) => [e.typeName, e.resource])).toEqual([['m2m:uri', created['ri']]]);
  });

  it('checks nct against enc.net as ACME does, and refuses event types it does not raise', async () => {
    const cse = await withBox();
    const attempt = async (content: Record<string, unknown>) =>
      (
        await send(cse.url, {
          op: 1,
          to: 'cse-in/box',
          fr: ADMIN,
          ty: 23,
          pc: { 'm2m:sub': { nu: [ADMIN], ...content } },
        })
      ).rsc;
    expect(await attempt({ nct: 2, enc: { net: [3] } })).toBe(4000);
    expect(await attempt({ nct: 1, enc: { net: [6] } })).toBe(4000);
    expect(await attempt({ nct: 2, enc: { net: [7] } })).toBe(2001);
    expect(await attempt({ enc: { net: [1], om: [{ ops: 1 }] } })).toBe(5001);
    expect(await attempt({ bn: { dur: 'soon' } })).toBe(4000);
    expect(await attempt({ nct: 3, enc: { net: [1, 2, 3, 4] } })).toBe(2001);
  });

  it('restricts child notifications to enc.chty, and reports deleted children (net 4), also those mni removes', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'box', mni: 1 });
    const receiver = await testReceiver();
    await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', {
      rn: 'watch',
      nu: [receiver.url],
      nct: 3,
      enc: { net: [3, 4], chty: [4] },
    });
    await create(cse.url, ADMIN, 'cse-in/box', 3, 'm2m:cnt', { rn: 'inner' });
    const a = await cin(cse.url, 'a');
    const b = await cin(cse.url, 'b');
    await send(cse.url, { op: 4, to: 'cse-in/box/inner', fr: ADMIN });
    await settled(cse);
    expect(receiver.of('event').map((e) => `${e.notification.nev?.net} ${String(e.resource)}`)).toEqual([
      `3 ${a['ri']}`,
      `3 ${b['ri']}`,
      `4 ${a['ri']}`,
    ]);
  });

  it('deletes the subscription after exc notifications and sends the deletion notice to su', async () => {
    const cse = await withBox();
    const receiver = await testReceiver();
    const subscriber = await testReceiver();
    const sub = await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', {
      rn: 'watch',
      nu: [receiver.url],
      enc: { net: [3] },
      exc: 2,
      su: subscriber.url,
    });
    await cin(cse.url, '1');
    await cin(cse.url, '2');
    // Deleted before the answer to the request that raised the last notification.
    expect((await send(cse.url, { op: 2, to: 'cse-in/box/watch', fr: ADMIN })).rsc).toBe(4004);
    await cin(cse.url, '3');
    await settled(cse);
    expect(receiver.of('event').map((e) => (e.resource as { con: string }).con)).toEqual(['1', '2']);
    expect(receiver.of('subscriptionDeletion')).toEqual([]);
    expect(subscriber.received.map((n) => [n.kind, n.kind === 'response' ? '' : n.notification.sur])).toEqual([
      ['subscriptionDeletion', `/id-in/${String(sub['ri'])}`],
    ]);
  });

  it('sends net 2 and then the deletion notice when the subscribed resource is deleted', async () => {
    const cse = await withBox();
    const receiver = await testReceiver();
    const sub = await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', {
      rn: 'watch',
      nu: [receiver.url],
      enc: { net: [2] },
      su: receiver.url,
    });
    expect((await send(cse.url, { op: 4, to: 'cse-in/box', fr: ADMIN })).rsc).toBe(2002);
    await settled(cse);
    expect(receiver.received.map((n) => n.kind)).toEqual(['verification', 'event', 'subscriptionDeletion']);
    const [event] = receiver.of('event');
    expect([event?.notification.nev?.net, event?.typeName, (event?.resource as { rn?: string }).rn]).toEqual([
      2,
      'm2m:cnt',
      'box',
    ]);
    expect(receiver.of('subscriptionDeletion')[0]?.notification).toEqual({
      sud: true,
      sur: `/id-in/${String(sub['ri'])}`,
    });
  });

  it('answers a DELETE only after the deletion notice was sent (a subscriber reads it at once, as against ACME)', async () => {
    const cse = await withBox();
    const subscriber = await testReceiver();
    const sub = await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', { rn: 'a', nu: [ADMIN], su: subscriber.url });
    expect((await send(cse.url, { op: 4, to: 'cse-in/box/a', fr: ADMIN })).rsc).toBe(2002);
    // No settled(): the notice must be there when the answer is.
    expect(subscriber.of('subscriptionDeletion').map((n) => n.notification.sur)).toEqual([
      `/id-in/${String(sub['ri'])}`,
    ]);
  });

  it('sends the deletion notice when the subscription is deleted or expires', async () => {
    const cse = await withBox();
    const subscriber = await testReceiver();
    await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', { rn: 'a', nu: [ADMIN], su: subscriber.url });
    const et = toTimestamp(new Date(Date.now() + 300));
    const expiring = await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', {
      rn: 'b',
      nu: [ADMIN],
      su: subscriber.url,
      et,
    });
    expect((await send(cse.url, { op: 4, to: 'cse-in/box/a', fr: ADMIN })).rsc).toBe(2002);
    await settled(cse);
    expect(subscriber.of('subscriptionDeletion')).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await settled(cse);
    expect(subscriber.of('subscriptionDeletion').map((n) => n.notification.sur)).toEqual([
      expect.any(String),
      `/id-in/${String(expiring['ri'])}`,
    ]);
  });

  it('delivers to an AE-ID through the AE’s poa, in the encoding of its csz or of a ct parameter', async () => {
    const cse = await withBox();
    const poa = await recorder();
    const aei = await registerAe(cse.url, 'listener', 'C', { poa: [poa.url], csz: ['application/cbor'] });
    await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', { rn: 'byId', nu: [aei], enc: ON_CIN });
    const direct = await recorder();
    await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', {
      rn: 'byUrl',
      nu: [`${direct.url}/hook?ct=xml`],
      enc: ON_CIN,
    });
    await cin(cse.url, 'x');
    await settled(cse);
    expect(poa.requests.map((r) => [r.method, r.path, r.headers['content-type'], r.headers['x-m2m-origin']])).toEqual([
      ['POST', '/', 'application/vnd.onem2m-res+cbor', '/id-in'],
      ['POST', '/', 'application/vnd.onem2m-res+cbor', '/id-in'],
    ]);
    expect(direct.requests.map((r) => [r.path, r.query, r.headers['content-type']])).toEqual([
      ['/hook', '', 'application/xml'],
      ['/hook', '', 'application/xml'],
    ]);
    expect(direct.requests[1]?.body.toString()).toContain('<nev>');
  });

  it('answers requests at once and delivers each subscription’s notifications in order', async () => {
    const cse = await withBox();
    const receiver = await testReceiver();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    receiver.answer = async (n) => {
      if (n.kind === 'event') await gate;
    };
    await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', { rn: 'watch', nu: [receiver.url], enc: { net: [3] } });
    // Each create is answered while the first notification still waits at the receiver.
    for (const con of ['1', '2', '3']) await cin(cse.url, con);
    expect(receiver.of('event').length).toBeLessThanOrEqual(1);
    open();
    await settled(cse);
    expect(receiver.of('event').map((e) => (e.resource as { con: string }).con)).toEqual(['1', '2', '3']);
  });

  it('keeps working when a notification target fails, and logs it', async () => {
    const log = logger();
    const cse = await withBox({ log: log.log });
    const receiver = await testReceiver();
    const failing = await recorder();
    failing.reply = (request) =>
      request.body.includes('vrq') ? ok(request) : ok(request, { 'm2m:dbg': 'no' }, 5000, 500);
    const closed = await recorder();
    await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', {
      rn: 'watch',
      nu: [failing.url, closed.url, receiver.url],
      enc: { net: [3] },
    });
    await closed.close();
    await cin(cse.url, 'x');
    await settled(cse);
    expect(receiver.of('event')).toHaveLength(1);
    expect(log.lines.filter((line) => line.includes(failing.url))).toEqual([
      expect.stringContaining('answered 5000 (no)'),
    ]);
    expect(log.lines.filter((line) => line.includes(closed.url))).toEqual([expect.stringContaining('cannot reach')]);
    expect((await send(cse.url, { op: 2, to: 'cse-in/box', fr: ADMIN })).rsc).toBe(2000);
  });

  it('batches notifications (bn num and dur) as m2m:agn, only the latest with ln', async () => {
    const cse = await withBox();
    const counted = await testReceiver();
    const timed = await testReceiver();
    const latest = await testReceiver();
    await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', {
      rn: 'n',
      nu: [counted.url],
      enc: ON_CIN,
      bn: { num: 2 },
    });
    await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', {
      rn: 'd',
      nu: [timed.url],
      enc: ON_CIN,
      bn: { dur: 'PT0.3S' },
    });
    await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', {
      rn: 'l',
      nu: [latest.url],
      enc: ON_CIN,
      bn: { num: 3 },
      ln: true,
    });
    for (const con of ['1', '2', '3']) await cin(cse.url, con);
    await settled(cse);
    const batches = (r: typeof counted) => {
      const requests = [...new Set(r.of('event').map((e) => e.request))];
      return requests.map((request) =>
        (
          (request.pc?.['m2m:agn'] as { 'm2m:sgn': { nev: { rep: { 'm2m:cin': { con: string } } } }[] })['m2m:sgn'] ??
          []
        ).map((s) => s.nev.rep['m2m:cin'].con),
      );
    };
    expect(batches(counted)).toEqual([['1', '2']]);
    expect(batches(timed)).toEqual([['1', '2', '3']]);
    expect(batches(latest)).toEqual([['3']]);
  });

  it('puts the creator in cr when the subscription recorded one, or the event originator with eeno', async () => {
    const cse = await withBox();
    const receiver = await testReceiver();
    await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', { rn: 'c', nu: [receiver.url], enc: ON_CIN, cr: null });
    await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', {
      rn: 'e',
      nu: [`${receiver.url}/e`],
      enc: ON_CIN,
      eeno: true,
    });
    await cin(cse.url, 'x');
    await settled(cse);
    expect(receiver.of('event').map((e) => e.notification.cr)).toEqual([ADMIN, ADMIN]);
  });
});
