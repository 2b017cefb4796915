import { describe, expect, it, vi } from 'vitest';
import { createCse } from '../../src/cse/index.js';
import type { RequestPrimitive } from '../../src/primitives/request.js';
import { toTimestamp } from '../../src/time/timestamp.js';
import { body, create, registerAe, send, settled, testCse, testReceiver } from './helpers.js';

// Missing data detection of <timeSeries> (TS-0001 §9.6.36, §10.2.39) over real HTTP. Periods are
// a few hundred ms; a test that expects missing points waits for them to be recorded, one that
// expects none gives each instance generous slack (mdt) to arrive.

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stamp = (ms: number) => toTimestamp(new Date(ms));

async function setup() {
  const cse = await testCse();
  const ae = await registerAe(cse.url, 'app', 'Capp');
  const ts = (attributes: Record<string, unknown>) =>
    send(cse.url, { op: 1, to: 'cse-in/app', fr: ae, ty: 29, pc: { 'm2m:ts': { rn: 'ts', ...attributes } } });
  const update = (attributes: Record<string, unknown>) =>
    send(cse.url, { op: 3, to: 'cse-in/app/ts', fr: ae, pc: { 'm2m:ts': attributes } });
  const read = async () => body(await send(cse.url, { op: 2, to: 'cse-in/app/ts', fr: ae }), 'm2m:ts');
  const tsi = (dgt: number, con = 'v') => create(cse.url, ae, 'cse-in/app/ts', 30, 'm2m:tsi', { dgt: stamp(dgt), con });
  return { cse, ae, ts, update, read, tsi };
}

describe('<timeSeries> missing data detection', () => {
  it('checks pei, peid, mdt and mdd, and defaults peid to pei/2 and mdc to 0', async () => {
    const { ts, update, read } = await setup();
    expect((await ts({ pei: 1000, peid: 501 })).rsc).toBe(4000);
    expect((await ts({ mdd: true, pei: 1000 })).rsc).toBe(4000); // no mdt
    expect((await ts({ mdd: true, pei: 1000, mdt: 500 })).rsc).toBe(4000); // mdt <= peid
    const created = await ts({ pei: 10_000, mdd: true, mdt: 5001, mdn: 10 });
    expect(created.rsc).toBe(2001);
    expect(body(created, 'm2m:ts')).toMatchObject({ pei: 10_000, peid: 5000, mdd: true, mdc: 0 });
    expect(body(created, 'm2m:ts')['mdlt']).toBeUndefined();
    for (const change of [{ pei: 1000 }, { peid: 1000 }, { mdn: 20 }, { mdn: null }, { mdt: 6000 }])
      expect((await update(change)).rsc).toBe(4000);
    expect((await update({ mdd: false, mdt: 6000 })).rsc).toBe(4000);
    expect((await update({ mdd: false })).rsc).toBe(2004);
    expect((await update({ pei: 2000, peid: 2000 })).rsc).toBe(4000);
    const changed = await update({ mdn: 5 });
    expect(body(changed, 'm2m:ts')).toMatchObject({ mdn: 5, mdd: false, mdc: 0 });
    expect((await update({ mdc: 3 })).rsc).toBe(4000);
    expect((await update({ mdlt: [] })).rsc).toBe(4000);
    const plain = await read();
    expect(plain['peid']).toBe(5000);
  });

  it('records nothing while instances arrive on time, and each point that does not (fake clock)', async () => {
    // In-process with a fake clock: the checks run exactly when due, however loaded the machine is.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const cse = await createCse();
      let n = 0;
      const request = (r: Omit<RequestPrimitive, 'rqi' | 'rvi'>) => cse.handle({ rvi: '4', rqi: `r${++n}`, ...r });
      const ae = await request({
        op: 1,
        to: 'cse-in',
        fr: 'Capp',
        ty: 2,
        pc: { 'm2m:ae': { rn: 'app', api: 'Napp', rr: false, srv: ['4'] } },
      });
      expect(ae.rsc).toBe(2001);
      const ts = await request({
        op: 1,
        to: 'cse-in/app',
        fr: 'Capp',
        ty: 29,
        pc: { 'm2m:ts': { rn: 'ts', pei: 1000, mdt: 600, mdd: true } },
      });
      expect(ts.rsc).toBe(2001);
      const start = Date.now();
      const tsi = async (dgt: number) =>
        expect(
          (
            await request({
              op: 1,
              to: 'cse-in/app/ts',
              fr: 'Capp',
              ty: 30,
              pc: { 'm2m:tsi': { dgt: stamp(dgt), con: 'v' } },
            })
          ).rsc,
        ).toBe(2001);
      const mdlt = async () =>
        body(await request({ op: 2, to: 'cse-in/app/ts', fr: 'Capp' }), 'm2m:ts')['mdlt'] as string[];
      for (let i = 0; i < 3; i++) {
        await tsi(start + i * 1000);
        await vi.advanceTimersByTimeAsync(1000);
      }
      await vi.advanceTimersByTimeAsync(500); // the checks at +1600 and +2600 passed
      expect(await mdlt()).toBeUndefined();
      await vi.advanceTimersByTimeAsync(2000); // the points at +3000 and +4000 never came
      expect(await mdlt()).toEqual([stamp(start + 3000), stamp(start + 4000)]);
      await tsi(start + 5600); // the point for +5000, but off by more than peid (500)
      await vi.advanceTimersByTimeAsync(1000);
      expect(await mdlt()).toEqual([stamp(start + 3000), stamp(start + 4000), stamp(start + 5000)]);
      await cse.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('records each expected point that does not come in mdlt, at most mdn of them, and restarts on mdd true', async () => {
    const { cse, ts, tsi, read, update } = await setup();
    await ts({ pei: 100, mdt: 60, mdd: true, mdn: 3 });
    const first = Date.now();
    await tsi(first);
    const full = await until('three missing points', async () => {
      const r = await read();
      return Number(r['mdc']) >= 3 ? r : undefined;
    });
    const mdlt = full['mdlt'] as string[];
    expect(mdlt[0]).toBe(stamp(first + 100));
    await until('mdn to cap the list', async () => {
      const r = await read();
      return (r['mdlt'] as string[])[0] !== mdlt[0] ? r : undefined;
    });
    const capped = await read();
    expect([(capped['mdlt'] as string[]).length, capped['mdc']]).toEqual([3, 3]);

    const restarted = body(await update({ mdd: true }), 'm2m:ts');
    expect([restarted['mdlt'], restarted['mdc']]).toEqual([undefined, 0]);
    await pause(300); // no instance since the restart: nothing is expected
    expect((await read())['mdc']).toBe(0);
    expect((await update({ mdd: false })).rsc).toBe(2004);
    await settled(cse);
  });

  it('keeps mdlt and mdc when detection is switched off', async () => {
    const { ts, tsi, read, update } = await setup();
    await ts({ pei: 100, mdt: 60, mdd: true });
    await tsi(Date.now());
    await until('a missing point', async () => ((await read())['mdlt'] ? true : undefined));
    const off = body(await update({ mdd: false }), 'm2m:ts');
    expect((off['mdlt'] as string[]).length).toBeGreaterThan(0);
    expect(off['mdc']).toBe((off['mdlt'] as string[]).length);
  });

  it('counts an instance whose dgt is off by more than peid as a missing point', async () => {
    const { ts, tsi, read } = await setup();
    await ts({ pei: 300, mdt: 250, mdd: true });
    const start = Date.now();
    await tsi(start);
    await pause(Math.max(0, start + 300 - Date.now()));
    await tsi(start + 600); // the point expected at start + 300 never came
    const r = await until('the missing point', async () => {
      const current = await read();
      return Number(current['mdc']) >= 1 ? current : undefined;
    });
    expect((r['mdlt'] as string[])[0]).toBe(stamp(start + 300));
  });

  it('notifies a net 8 subscription with m2m:tsn once md.num points are missing', async () => {
    const { cse, ae, ts, tsi } = await setup();
    const receiver = await testReceiver();
    await ts({ pei: 100, mdt: 60, mdd: true });
    const refused = await send(cse.url, {
      op: 1,
      to: 'cse-in/app/ts',
      fr: ae,
      ty: 23,
      pc: { 'm2m:sub': { rn: 'nomd', nu: [receiver.url], enc: { net: [8] } } },
    });
    expect(refused.rsc).toBe(4000);
    const misplaced = await send(cse.url, {
      op: 1,
      to: 'cse-in/app',
      fr: ae,
      ty: 23,
      pc: { 'm2m:sub': { rn: 'wrongparent', nu: [receiver.url], enc: { net: [8], md: { num: 2, dur: 'PT1S' } } } },
    });
    expect(misplaced.rsc).toBe(4000);
    const sub = await create(cse.url, ae, 'cse-in/app/ts', 23, 'm2m:sub', {
      rn: 'missing',
      nu: [receiver.url],
      enc: { net: [8], md: { num: 2, dur: 'PT10S' } },
    });
    expect(sub['nct']).toBe(5);
    const first = Date.now();
    await tsi(first);
    const events = await until('two reports', async () => {
      const e = receiver.of('event');
      return e.length >= 2 ? e : undefined;
    });
    expect(events[0]?.notification).toMatchObject({
      sur: `/id-in/${String(sub['ri'])}`,
      nev: { net: 8, rep: { 'm2m:tsn': { mdlt: [stamp(first + 100), stamp(first + 200)], mdc: 2 } } },
    });
    expect(events[1]?.notification.nev?.rep).toEqual({
      'm2m:tsn': { mdlt: [stamp(first + 300), stamp(first + 400)], mdc: 2 },
    });
    await send(cse.url, { op: 4, to: 'cse-in/app/ts', fr: ae });
    await settled(cse);
  });
});
