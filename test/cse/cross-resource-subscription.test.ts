import { describe, expect, it } from 'vitest';
import { toTimestamp } from '../../src/time/timestamp.js';
import { join } from 'node:path';
import {
  body,
  create,
  dbg,
  registerAe,
  send,
  settled,
  tempDir,
  testCse,
  testReceiver,
  type TestReceiver,
} from './helpers.js';

// <crossResourceSubscription> (TS-0001 §9.6.64, §10.2.11.14; TS-0004 §7.4.60) over real HTTP:
// the subscriptions it creates on its targets, the time windows and their evaluation modes,
// deletion, exc and the notification statistics. Windows are short (a few hundred ms); a test
// that expects a notification waits for it, one that expects none waits well past the window;
// where two events must fall into one window, the window is a second wide.

const CRS = 48;

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A CSE with an AE (whose poa is a receiver) holding containers c1, c2, c3. */
async function setup() {
  const cse = await testCse();
  const receiver = await testReceiver();
  const ae = await registerAe(cse.url, 'app', 'Capp', { poa: [receiver.url] });
  const containers: string[] = [];
  for (const rn of ['c1', 'c2', 'c3'])
    containers.push(String((await create(cse.url, ae, 'cse-in/app', 3, 'm2m:cnt', { rn }))['ri']));
  const crs = (attributes: Record<string, unknown>) =>
    send(cse.url, { op: 1, to: 'cse-in/app', fr: ae, ty: CRS, pc: { 'm2m:crs': { rn: 'crs', ...attributes } } });
  const update = (attributes: Record<string, unknown>) =>
    send(cse.url, { op: 3, to: 'cse-in/app/crs', fr: ae, pc: { 'm2m:crs': attributes } });
  const cin = (cnt: string) => create(cse.url, ae, `cse-in/app/${cnt}`, 4, 'm2m:cin', { con: 'x' });
  /** The subscriptions of a container, as resource IDs. */
  const subsOf = async (cnt: string) => {
    const r = await send(cse.url, { op: 2, to: `cse-in/app/${cnt}`, fr: ae, fc: { fu: 1, ty: [23] }, rcn: 6, drt: 2 });
    return ((body<{ rrf?: { val: string }[] }>(r, 'm2m:rrl').rrf ?? []) as { val: string }[]).map((e) => e.val);
  };
  return { cse, receiver, ae, containers, crs, update, cin, subsOf };
}

const ONE_ENC = { enc: [{ net: [3] }] };

/** The notifications of the <crs> (not the deletion notices) that reached the receiver. */
function crsEvents(receiver: TestReceiver, sur: string) {
  return receiver.received.filter(
    (n) =>
      n.kind !== 'response' &&
      n.kind !== 'verification' &&
      n.notification.sur === sur &&
      n.kind !== 'subscriptionDeletion',
  );
}

describe('<crossResourceSubscription>', () => {
  it('refuses a create without targets, nu, twt or tws, with a wrong twt or encs, or with rrats', async () => {
    const { crs, containers, ae } = await setup();
    const base = { nu: [ae], twt: 1, tws: 'PT1S', rrat: containers.slice(0, 2), encs: ONE_ENC };
    const { rrat: _rrat, ...withoutTargets } = base;
    const { nu: _nu, ...withoutNu } = base;
    const { twt: _twt, ...withoutTwt } = base;
    const { tws: _tws, ...withoutTws } = base;
    for (const attributes of [
      withoutTargets,
      withoutNu,
      withoutTwt,
      withoutTws,
      { ...base, twt: 99 },
      { ...base, encs: {} },
      { ...base, encs: { enc: [{ net: [3] }, { net: [3] }, { net: [3] }] } },
      { ...base, rrats: containers },
      { ...base, twt: 2, eem: 3 },
      { ...base, twt: 2, eem: 4 },
    ]) {
      const r = await crs(attributes);
      expect([r.rsc, JSON.stringify(attributes)]).toEqual([4000, JSON.stringify(attributes)]);
    }
    const missing = await crs({ ...base, rrat: ['nothing-here'] });
    expect(missing.rsc).toBe(5221);
    expect(dbg(missing)).toContain('nothing-here');
    const notSub = await crs({ nu: [ae], twt: 1, tws: 'PT1S', srat: [containers[0]] });
    expect(notSub.rsc).toBe(4000);
    expect(dbg(notSub)).toContain('not a <subscription>');
  });

  it('creates one subscription per rrat entry with its et and removes them with the <crs>', async () => {
    const { cse, crs, update, containers, ae, subsOf } = await setup();
    const et = toTimestamp(new Date(Date.now() + 60_000));
    const r = await crs({ nu: [`/id-in/${ae}`], twt: 1, tws: 'PT1S', et, rrat: containers.slice(0, 2), encs: ONE_ENC });
    expect(r.rsc).toBe(2001);
    const created = body(r, 'm2m:crs');
    const rrats = created['rrats'] as string[];
    expect(rrats).toHaveLength(2);
    expect(await subsOf('c1')).toEqual([rrats[0]]);
    expect(await subsOf('c2')).toEqual([rrats[1]]);
    expect(await subsOf('c3')).toEqual([]);
    const sub = await send(cse.url, { op: 2, to: String(rrats[0]), fr: ae });
    expect(body(sub, 'm2m:sub')).toMatchObject({
      et,
      nu: [`/id-in/${String(created['ri'])}`],
      acrs: [`/id-in/${String(created['ri'])}`],
      enc: { net: [3] },
    });
    for (const change of [
      { rrat: containers },
      { rrats: containers },
      { nec: 1 },
      { encs: ONE_ENC },
      { encs: null },
      { srat: [rrats[0]] },
      { nsi: null },
    ])
      expect((await update(change)).rsc).toBe(4000);
    expect((await send(cse.url, { op: 4, to: 'cse-in/app/crs', fr: ae })).rsc).toBe(2002);
    await settled(cse);
    expect([await subsOf('c1'), await subsOf('c2')]).toEqual([[], []]);
  });

  it('verifies its notification targets, and stores nothing (no subscriptions either) when that fails', async () => {
    const { cse, crs, containers, receiver, subsOf } = await setup();
    const target = await testReceiver();
    target.answer = (n) => (n.kind === 'verification' ? 4101 : undefined);
    const refused = await crs({ nu: [target.url], twt: 1, tws: 'PT1S', rrat: containers.slice(0, 2), encs: ONE_ENC });
    expect(refused.rsc).toBe(5204);
    expect(await subsOf('c1')).toEqual([]);
    target.answer = () => undefined;
    const r = await crs({ nu: [target.url], twt: 1, tws: 'PT1S', rrat: containers.slice(0, 2), encs: ONE_ENC });
    expect(r.rsc).toBe(2001);
    const verification = target.of('verification').at(-1);
    expect(target.of('verification')).toHaveLength(2);
    expect(verification?.notification.sur).toBe(`/id-in/${String(body(r, 'm2m:crs')['ri'])}`);
    expect(receiver.of('verification')).toEqual([]);
    await settled(cse);
  });

  it('adds itself to srat subscriptions and takes itself out again on deletion', async () => {
    const { cse, crs, ae, receiver } = await setup();
    const sub = await create(cse.url, ae, 'cse-in/app/c1', 23, 'm2m:sub', {
      rn: 's1',
      nu: [receiver.url],
      enc: { net: [3] },
    });
    const r = await crs({ nu: [ae], twt: 1, tws: 'PT1S', srat: [sub['ri']] });
    expect(r.rsc).toBe(2001);
    const crsId = `/id-in/${String(body(r, 'm2m:crs')['ri'])}`;
    const read = async () => body(await send(cse.url, { op: 2, to: 'cse-in/app/c1/s1', fr: ae }), 'm2m:sub');
    expect(await read()).toMatchObject({ nu: [receiver.url, crsId], acrs: [crsId] });
    expect((await send(cse.url, { op: 4, to: 'cse-in/app/crs', fr: ae })).rsc).toBe(2002);
    await settled(cse);
    const after = await read();
    expect(after['nu']).toEqual([receiver.url]);
    expect(after['acrs']).toBeUndefined();
  });

  it('goes when one of its subscriptions is deleted or drops it from acrs', async () => {
    const { cse, crs, ae, containers, receiver } = await setup();
    let r = await crs({ nu: [ae], twt: 1, tws: 'PT1S', rrat: containers.slice(0, 2), encs: ONE_ENC });
    const rrats = body(r, 'm2m:crs')['rrats'] as string[];
    expect((await send(cse.url, { op: 4, to: String(rrats[0]), fr: ae })).rsc).toBe(2002);
    await settled(cse);
    expect((await send(cse.url, { op: 2, to: String(rrats[1]), fr: ae })).rsc).toBe(4004);
    expect((await send(cse.url, { op: 2, to: 'cse-in/app/crs', fr: ae })).rsc).toBe(4004);

    const s1 = await create(cse.url, ae, 'cse-in/app/c1', 23, 'm2m:sub', {
      rn: 's1',
      nu: [receiver.url],
      enc: { net: [3] },
    });
    const s2 = await create(cse.url, ae, 'cse-in/app/c2', 23, 'm2m:sub', {
      rn: 's2',
      nu: [receiver.url],
      enc: { net: [3] },
    });
    r = await crs({ nu: [ae], twt: 1, tws: 'PT1S', srat: [s1['ri'], s2['ri']] });
    expect(r.rsc).toBe(2001);
    const dropped = await send(cse.url, { op: 3, to: 'cse-in/app/c1/s1', fr: ae, pc: { 'm2m:sub': { acrs: [] } } });
    expect(dropped.rsc).toBe(2004);
    await settled(cse);
    expect((await send(cse.url, { op: 2, to: 'cse-in/app/crs', fr: ae })).rsc).toBe(4004);
    const other = body(await send(cse.url, { op: 2, to: 'cse-in/app/c2/s2', fr: ae }), 'm2m:sub');
    expect(other['acrs']).toBeUndefined();
    expect(other['nu']).toEqual([receiver.url]);
  });

  it('notifies once when all targets have events in a sliding window, not for one target alone', async () => {
    const { cse, crs, update, ae, containers, receiver, cin } = await setup();
    const r = await crs({ nu: [`/id-in/${ae}`], twt: 2, tws: 'PT0.4S', rrat: containers.slice(0, 2), encs: ONE_ENC });
    const sur = `/id-in/${String(body(r, 'm2m:crs')['ri'])}`;
    await cin('c1');
    await pause(900); // the window that c1 opened closes without c2
    expect(crsEvents(receiver, sur)).toEqual([]);
    // A wider window (an update of tws), so that c1 and c2 land in one even on a busy machine.
    expect((await update({ tws: 'PT1S' })).rsc).toBe(2004);
    await cin('c1');
    await cin('c2');
    const [notification] = await until('the crs notification', () => {
      const events = crsEvents(receiver, sur);
      return events.length > 0 ? events : undefined;
    });
    expect(notification?.kind === 'event' && notification.notification).toEqual({ sur });
    await settled(cse);
  });

  it('evaluates periodic windows without events (eem 4 all missing)', async () => {
    const { crs, ae, containers, receiver } = await setup();
    const r = await crs({ nu: [ae], twt: 1, eem: 4, tws: 'PT0.2S', rrat: containers.slice(0, 2), encs: ONE_ENC });
    const sur = `/id-in/${String(body(r, 'm2m:crs')['ri'])}`;
    await until('a notification for an empty window', () => (crsEvents(receiver, sur).length > 0 ? true : undefined));
  });

  it('runs its periodic windows again after a restart of the CSE', async () => {
    const dataFile = join(await tempDir(), 'cse.json');
    const receiver = await testReceiver();
    const first = await testCse({ dataFile });
    const ae = await registerAe(first.url, 'app', 'Capp');
    await create(first.url, ae, 'cse-in/app', 3, 'm2m:cnt', { rn: 'c1' });
    const crs = await create(first.url, ae, 'cse-in/app', CRS, 'm2m:crs', {
      rn: 'crs',
      nu: [receiver.url],
      twt: 1,
      eem: 4, // every empty window notifies
      tws: 'PT0.2S',
      rrat: ['cse-in/app/c1'],
      encs: ONE_ENC,
    });
    await first.close();
    const sur = `/id-in/${String(crs['ri'])}`;
    const before = crsEvents(receiver, sur).length;
    const second = await testCse({ dataFile });
    await until('a notification after the restart', () =>
      crsEvents(receiver, sur).length > before ? true : undefined,
    );
    await second.close();
  });

  it('is deleted after exc notifications, and sends the deletion notice with cr when cr was requested', async () => {
    const { cse, crs, ae, containers, receiver, cin } = await setup();
    const subscriber = await testReceiver();
    const r = await crs({
      nu: [ae],
      twt: 2,
      tws: 'PT1S',
      rrat: containers.slice(0, 2),
      encs: ONE_ENC,
      exc: 2,
      su: subscriber.url,
      cr: null,
    });
    expect(body(r, 'm2m:crs')['cr']).toBe(ae);
    const sur = `/id-in/${String(body(r, 'm2m:crs')['ri'])}`;
    for (const round of [1, 2]) {
      await cin('c1');
      await cin('c2');
      await until(`notification ${round}`, () => (crsEvents(receiver, sur).length >= round ? true : undefined));
    }
    await until('the deletion notice', () => (subscriber.of('subscriptionDeletion').length > 0 ? true : undefined));
    expect(subscriber.of('subscriptionDeletion')[0]?.notification).toEqual({ sud: true, sur, cr: ae });
    await settled(cse);
    expect((await send(cse.url, { op: 2, to: 'cse-in/app/crs', fr: ae })).rsc).toBe(4004);
  });

  it('sends the deletion notice without cr when none was requested', async () => {
    const { cse, crs, ae, containers } = await setup();
    const subscriber = await testReceiver();
    const r = await crs({
      nu: [ae],
      twt: 1,
      tws: 'PT5S',
      rrat: containers.slice(0, 2),
      encs: ONE_ENC,
      su: subscriber.url,
    });
    const sur = `/id-in/${String(body(r, 'm2m:crs')['ri'])}`;
    expect((await send(cse.url, { op: 4, to: 'cse-in/app/crs', fr: ae })).rsc).toBe(2002);
    // The notice is sent before the DELETE is answered (ACME's tests read it at once): no settled().
    expect(subscriber.of('subscriptionDeletion').map((n) => n.notification)).toEqual([{ sud: true, sur }]);
  });

  it('counts notifications in nsi while nse is true; true again clears nsi, false keeps it', async () => {
    const { cse, crs, update, ae, containers, receiver, cin } = await setup();
    const r = await crs({ nu: [ae], twt: 2, tws: 'PT1S', rrat: containers.slice(0, 2), encs: ONE_ENC, nse: true });
    const created = body(r, 'm2m:crs');
    expect([created['nse'], created['nsi']]).toEqual([true, undefined]);
    const sur = `/id-in/${String(created['ri'])}`;
    const read = async () => body(await send(cse.url, { op: 2, to: 'cse-in/app/crs', fr: ae }), 'm2m:crs');
    const round = async (count: number) => {
      await cin('c1');
      await cin('c2');
      await until(`notification ${count}`, () => (crsEvents(receiver, sur).length >= count ? true : undefined));
      await settled(cse);
    };
    await round(1);
    expect((await read())['nsi']).toEqual([{ tg: ae, rqs: 1, rsr: 1, noec: 1 }]);
    const off = await update({ nse: false });
    expect(body(off, 'm2m:crs')['nsi']).toHaveLength(1);
    const on = await update({ nse: true });
    expect(body(on, 'm2m:crs')['nsi']).toBeUndefined();
    await round(2);
    expect((await read())['nsi']).toEqual([{ tg: ae, rqs: 1, rsr: 1, noec: 1 }]);
    const removed = await update({ nse: null });
    expect([body(removed, 'm2m:crs')['nse'], body(removed, 'm2m:crs')['nsi']]).toEqual([undefined, undefined]);
  });

  it('accepts each eem with a periodic window and 1, 2, 5 with a sliding one, on create and update', async () => {
    const { cse, crs, update, ae, containers } = await setup();
    for (const [twt, eems] of [
      [1, [1, 2, 3, 4, 5]],
      [2, [1, 2, 5]],
    ] as const) {
      for (const eem of eems) {
        expect((await crs({ nu: [ae], twt, eem, tws: 'PT5S', rrat: containers.slice(0, 2), encs: ONE_ENC })).rsc).toBe(
          2001,
        );
        expect((await send(cse.url, { op: 4, to: 'cse-in/app/crs', fr: ae })).rsc).toBe(2002);
      }
    }
    await crs({ nu: [ae], twt: 2, tws: 'PT5S', rrat: containers.slice(0, 2), encs: ONE_ENC });
    for (const eem of [1, 2, 5]) expect((await update({ eem })).rsc).toBe(2004);
    for (const eem of [3, 4]) expect((await update({ eem })).rsc).toBe(4000);
    await settled(cse);
  });
});
