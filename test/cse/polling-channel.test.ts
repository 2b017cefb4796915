import { describe, expect, it } from 'vitest';
import { ADMIN, body, create, dbg, registerAe, send, settled, testCse } from './helpers.js';

// Polling channels: an AE that is not request-reachable (rr=false) gets its notifications by
// retrieving <pollingChannel>/pcu (long polling).

/** A CSE with an rr=false AE `cse-in/phone` that has a polling channel `pch`, and a container `cse-in/box`. */
async function setup(options: Parameters<typeof testCse>[0] = {}) {
  const cse = await testCse(options);
  const aei = await registerAe(cse.url, 'phone', 'C', { rr: false });
  await create(cse.url, aei, 'cse-in/phone', 15, 'm2m:pch', { rn: 'pch' });
  await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'box' });
  const poll = (extra: { rqet?: number; fr?: string } = {}) =>
    send(cse.url, {
      op: 2,
      to: 'cse-in/phone/pch/pcu',
      fr: extra.fr ?? aei,
      ...(extra.rqet === undefined ? {} : { rqet: extra.rqet }),
    });
  return { cse, aei, poll };
}

type Rqp = { op: number; to: string; fr: string; rqi: string; pc: { 'm2m:sgn': Record<string, unknown> } };

describe('polling channels', () => {
  it('delivers a notification to an rr=false AE through a long poll started before the event', async () => {
    const { cse, aei, poll } = await setup();
    const sub = await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', {
      rn: 'watch',
      nu: [aei],
      enc: { net: [3] },
    });
    // The verification request was queued (and counts as verified).
    const verification = body<Rqp>(await poll(), 'm2m:rqp');
    expect(verification).toMatchObject({
      op: 5,
      to: aei,
      fr: '/id-in',
      pc: { 'm2m:sgn': { vrq: true, sur: `/id-in/${String(sub['ri'])}` } },
    });

    let answered = false;
    const pending = poll().then((response) => ((answered = true), response));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    const cin = await create(cse.url, ADMIN, 'cse-in/box', 4, 'm2m:cin', { con: '42' });
    const response = await pending;
    expect(response.rsc).toBe(2000);
    const request = body<Rqp>(response, 'm2m:rqp');
    expect(request.pc['m2m:sgn']).toMatchObject({ nev: { net: 3, rep: { 'm2m:cin': { ri: cin['ri'], con: '42' } } } });

    // The AE answers the polled request through the pcu.
    const answer = await send(cse.url, {
      op: 5,
      to: 'cse-in/phone/pch/pcu',
      fr: aei,
      pc: { 'm2m:rsp': { rsc: 2000, rqi: request.rqi } },
    });
    expect(answer.rsc).toBe(2000);
    expect(cse.cse.context.pollingQueues.responseTo(request.rqi)?.rsc).toBe(2000);
    await settled(cse);
  });

  it('returns queued requests oldest first, and times out with 4008 (rqet or the CSE default)', async () => {
    const { cse, aei, poll } = await setup({ pollingTimeoutMs: 100 });
    await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', { rn: 'watch', nu: [aei], enc: { net: [3] }, nct: 3 });
    const a = await create(cse.url, ADMIN, 'cse-in/box', 4, 'm2m:cin', { con: 'a' });
    const b = await create(cse.url, ADMIN, 'cse-in/box', 4, 'm2m:cin', { con: 'b' });
    await settled(cse);
    const reps = [];
    for (let i = 0; i < 3; i++) reps.push(body<Rqp>(await poll(), 'm2m:rqp').pc['m2m:sgn']);
    expect(
      reps.map((sgn) => (sgn['vrq'] ? 'vrq' : (sgn['nev'] as { rep: { 'm2m:uri': string } }).rep['m2m:uri'])),
    ).toEqual(['vrq', a['ri'], b['ri']]);
    const started = Date.now();
    const timedOut = await poll({ rqet: 60 });
    expect(timedOut.rsc).toBe(4008);
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await poll()).rsc).toBe(4008);
    // With requestAggregation, one poll takes everything queued.
    expect(
      (await send(cse.url, { op: 3, to: 'cse-in/phone/pch', fr: aei, pc: { 'm2m:pch': { rqag: true } } })).rsc,
    ).toBe(2004);
    const c = await create(cse.url, ADMIN, 'cse-in/box', 4, 'm2m:cin', { con: 'c' });
    const d = await create(cse.url, ADMIN, 'cse-in/box', 4, 'm2m:cin', { con: 'd' });
    await settled(cse);
    const all = body<Rqp[]>(await poll(), 'm2m:agrp');
    expect(all.map((r) => (r.pc['m2m:sgn']['nev'] as { rep: { 'm2m:uri': string } }).rep['m2m:uri'])).toEqual([
      c['ri'],
      d['ri'],
    ]);
  });

  it('lets only the owning AE use its pcu', async () => {
    const { cse, poll } = await setup({ pollingTimeoutMs: 50 });
    const other = await registerAe(cse.url, 'other');
    expect((await poll({ fr: other })).rsc).toBe(4103);
    expect((await poll({ fr: ADMIN })).rsc).toBe(4103);
    expect((await send(cse.url, { op: 4, to: 'cse-in/phone/pch/pcu', fr: ADMIN })).rsc).toBe(4103);
    const aei = String(body(await send(cse.url, { op: 2, to: 'cse-in/phone', fr: ADMIN }), 'm2m:ae')['aei']);
    expect((await send(cse.url, { op: 4, to: 'cse-in/phone/pch/pcu', fr: aei })).rsc).toBe(4005);
    const bad = await send(cse.url, { op: 5, to: 'cse-in/phone/pch/pcu', fr: aei, pc: { 'm2m:sgn': { sur: 'x' } } });
    expect([bad.rsc, dbg(bad)]).toEqual([4000, expect.stringContaining('m2m:rsp')]);
  });

  it('allows one polling channel per AE, and refuses subscriptions for an rr=false AE without one', async () => {
    const { cse, aei } = await setup();
    const second = await send(cse.url, {
      op: 1,
      to: 'cse-in/phone',
      fr: aei,
      ty: 15,
      pc: { 'm2m:pch': { rn: 'again' } },
    });
    expect(second.rsc).toBe(4108);
    const silent = await registerAe(cse.url, 'silent', 'C', { rr: false });
    const sub = await send(cse.url, {
      op: 1,
      to: 'cse-in/box',
      fr: ADMIN,
      ty: 23,
      pc: { 'm2m:sub': { nu: [silent] } },
    });
    expect([sub.rsc, dbg(sub)]).toEqual([5204, expect.stringContaining('pollingChannel')]);
  });

  it('does not hand a request to a poll whose requester hung up', async () => {
    const { cse, aei, poll } = await setup();
    await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', { rn: 'watch', nu: [aei], enc: { net: [3] }, nct: 3 });
    await poll(); // the verification request
    const controller = new AbortController();
    const abandoned = fetch(`${cse.url}/cse-in/phone/pch/pcu`, {
      headers: { 'x-m2m-origin': aei, 'x-m2m-ri': 'gone', 'x-m2m-rvi': '4' },
      signal: controller.signal,
    }).catch(() => 'aborted');
    await new Promise((resolve) => setTimeout(resolve, 30));
    controller.abort();
    expect(await abandoned).toBe('aborted');
    await new Promise((resolve) => setTimeout(resolve, 30));
    const cin = await create(cse.url, ADMIN, 'cse-in/box', 4, 'm2m:cin', { con: 'kept' });
    const next = body<Rqp>(await poll({ rqet: 1000 }), 'm2m:rqp');
    expect((next.pc['m2m:sgn']['nev'] as { rep: unknown }).rep).toEqual({ 'm2m:uri': cin['ri'] });
  });

  it('ends a waiting poll and drops the queue when the polling channel is deleted', async () => {
    const { cse, aei, poll } = await setup();
    await create(cse.url, ADMIN, 'cse-in/box', 23, 'm2m:sub', { rn: 'watch', nu: [aei], enc: { net: [3] } });
    expect(cse.cse.context.pollingQueues.size(aei)).toBe(1);
    await poll();
    const pending = poll();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await send(cse.url, { op: 4, to: 'cse-in/phone/pch', fr: aei })).rsc).toBe(2002);
    expect((await pending).rsc).toBe(4008);
  });
});
