import { describe, expect, it } from 'vitest';
import { ADMIN, body, create, dbg, registerAe, send, settled, testCse } from './helpers.js';

// Groups: member validation, member counts, and the fanOutPoint (fopt).

const ALL = 63;

type Rsp = { rsc: number; rqi: string; pc?: Record<string, Record<string, unknown>>; fr?: string; to?: string };

/** Two AEs, each with a container holding one content instance. */
async function setup() {
  const cse = await testCse();
  const alice = await registerAe(cse.url, 'alice');
  const bob = await registerAe(cse.url, 'bob');
  const a = await create(cse.url, alice, 'cse-in/alice', 3, 'm2m:cnt', { rn: 'data' });
  const b = await create(cse.url, bob, 'cse-in/bob', 3, 'm2m:cnt', { rn: 'data' });
  await create(cse.url, alice, 'cse-in/alice/data', 4, 'm2m:cin', { con: 'from alice' });
  await create(cse.url, bob, 'cse-in/bob/data', 4, 'm2m:cin', { con: 'from bob' });
  return { cse, alice, bob, a: String(a['ri']), b: String(b['ri']) };
}

const group = (url: string, attributes: Record<string, unknown>, fr = ADMIN, parent = 'cse-in') =>
  send(url, { op: 1, to: parent, fr, ty: 9, pc: { 'm2m:grp': { mnm: 10, ...attributes } } });

describe('groups', () => {
  it('resolves members to resource IDs, drops duplicates and counts them', async () => {
    const { cse, alice, a, b } = await setup();
    const created = await group(cse.url, { rn: 'g', mid: ['cse-in/alice/data', a, `/id-in/${b}`, alice] });
    expect(created.rsc).toBe(2001);
    expect(body(created, 'm2m:grp')).toMatchObject({ mid: [a, b, alice], cnm: 3, mt: 0, csy: 1, mtv: true });
    const updated = await send(cse.url, {
      op: 3,
      to: 'cse-in/g',
      fr: ADMIN,
      pc: { 'm2m:grp': { mid: ['cse-in/bob/data'] } },
    });
    expect(body(updated, 'm2m:grp')).toMatchObject({ mid: [b], cnm: 1 });
  });

  it('refuses unknown members (4004), members the originator may not retrieve (5105) and more than mnm (6010)', async () => {
    const { cse, alice } = await setup();
    const unknown = await group(cse.url, { mid: ['cse-in/nobody'] });
    expect([unknown.rsc, dbg(unknown)]).toEqual([4004, expect.stringContaining('cse-in/nobody')]);
    expect((await group(cse.url, { mid: ['cse-in/bob/data'] }, alice, 'cse-in/alice')).rsc).toBe(5105);
    expect((await group(cse.url, { mid: ['cse-in/alice/data'] }, alice, 'cse-in/alice')).rsc).toBe(2001);
    expect((await group(cse.url, { mid: ['cse-in/alice', 'cse-in/bob'], mnm: 1 })).rsc).toBe(6010);
    expect((await group(cse.url, { rn: 'g', mid: ['cse-in/alice', 'cse-in/bob'], mnm: 2 })).rsc).toBe(2001);
    expect((await send(cse.url, { op: 3, to: 'cse-in/g', fr: ADMIN, pc: { 'm2m:grp': { mnm: 1 } } })).rsc).toBe(6010);
  });

  it('applies the consistency strategy to members of another type than mt', async () => {
    const { cse } = await setup();
    const mid = ['cse-in/alice/data', 'cse-in/alice', 'cse-in/bob/data'];
    const abandonMember = await group(cse.url, { rn: 'm', mid, mt: 3 });
    expect(body(abandonMember, 'm2m:grp')).toMatchObject({ cnm: 2, mt: 3 });
    const abandonGroup = await group(cse.url, { rn: 'g', mid, mt: 3, csy: 2 });
    expect(abandonGroup.rsc).toBe(4110);
    const setMixed = await group(cse.url, { rn: 's', mid, mt: 3, csy: 3 });
    expect(body(setMixed, 'm2m:grp')).toMatchObject({ cnm: 3, mt: 0 });
  });

  it('removes a deleted member from the group', async () => {
    const { cse, bob } = await setup();
    await group(cse.url, { rn: 'g', mid: ['cse-in/alice/data', 'cse-in/bob/data'] });
    expect((await send(cse.url, { op: 4, to: 'cse-in/bob', fr: bob })).rsc).toBe(2002);
    await settled(cse);
    expect(body(await send(cse.url, { op: 2, to: 'cse-in/g', fr: ADMIN }), 'm2m:grp')).toMatchObject({
      cnm: 1,
      mid: [expect.stringMatching(/^cnt/)],
    });
  });

  it('fans a request out to every member with the originator’s own rights, answering per member', async () => {
    const { cse, alice, a, b } = await setup();
    // The admin groups both containers; alice may use the fan-out point (macp) but not bob's container.
    const acp = await create(cse.url, ADMIN, 'cse-in', 1, 'm2m:acp', {
      rn: 'fanout',
      pv: { acr: [{ acor: [alice], acop: ALL }] },
      pvs: { acr: [{ acor: [ADMIN], acop: ALL }] },
    });
    await group(cse.url, { rn: 'g', mid: ['cse-in/alice/data', 'cse-in/bob/data'], macp: [acp['ri']] });

    const retrieved = await send(cse.url, { op: 2, to: 'cse-in/g/fopt', fr: alice, rqi: 'fan-1' });
    expect(retrieved.rsc).toBe(2000);
    const responses = body<{ 'm2m:rsp': Rsp[] }>(retrieved, 'm2m:agr')['m2m:rsp'];
    expect(responses.map((r) => [r.rsc, r.rqi, r.fr, r.to])).toEqual([
      [2000, 'fan-1', `/id-in/${a}`, alice],
      [4103, 'fan-1', `/id-in/${b}`, alice],
    ]);
    expect(responses[0]?.pc?.['m2m:cnt']?.['ri']).toBe(a);
    expect(responses[1]?.pc?.['m2m:dbg']).toEqual(expect.stringContaining('no RETRIEVE privilege'));

    // With a relative path below each member.
    const latest = body<{ 'm2m:rsp': Rsp[] }>(
      await send(cse.url, { op: 2, to: 'cse-in/g/fopt/la', fr: ADMIN }),
      'm2m:agr',
    )['m2m:rsp'];
    expect(latest.map((r) => r.pc?.['m2m:cin']?.['con'])).toEqual(['from alice', 'from bob']);

    // CREATE through the fan-out point.
    const created = body<{ 'm2m:rsp': Rsp[] }>(
      await send(cse.url, { op: 1, to: 'cse-in/g/fopt', fr: alice, ty: 4, pc: { 'm2m:cin': { con: 'hi' } } }),
      'm2m:agr',
    )['m2m:rsp'];
    expect(created.map((r) => r.rsc)).toEqual([2001, 4103]);
  });

  it('refuses the fan-out point to an originator without privileges on it, and follows nested groups', async () => {
    const { cse, bob } = await setup();
    await group(cse.url, { rn: 'inner', mid: ['cse-in/alice/data', 'cse-in/bob/data'] });
    await group(cse.url, { rn: 'outer', mid: ['cse-in/inner/fopt', 'cse-in/alice'] });
    expect((await send(cse.url, { op: 2, to: 'cse-in/outer/fopt', fr: bob })).rsc).toBe(4103);
    const outer = body<{ 'm2m:rsp': Rsp[] }>(
      await send(cse.url, { op: 2, to: 'cse-in/outer/fopt', fr: ADMIN }),
      'm2m:agr',
    )['m2m:rsp'];
    expect(outer.map((r) => Object.keys(r.pc ?? {})[0])).toEqual(['m2m:agr', 'm2m:ae']);
    const nested = outer[0]?.pc?.['m2m:agr']?.['m2m:rsp'] as Rsp[];
    expect(nested.map((r) => r.pc?.['m2m:cnt']?.['rn'])).toEqual(['data', 'data']);
  });
});
