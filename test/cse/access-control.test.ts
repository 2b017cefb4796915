import { describe, expect, it } from 'vitest';
import { ADMIN, body, create, send, testCse } from './helpers.js';

const CREATE = 1;
const RETRIEVE = 2;
const UPDATE = 4;
const DELETE = 8;
const DISCOVERY = 32;
const ALL = 63;

async function setup() {
  const cse = await testCse();
  for (const fr of ['Cowner', 'Cother']) {
    const response = await send(cse.url, {
      op: 1,
      to: 'cse-in',
      fr,
      ty: 2,
      pc: { 'm2m:ae': { rn: fr.slice(1), api: 'Napp', rr: true, srv: ['4'] } },
    });
    expect(response.rsc).toBe(2001);
  }
  await create(cse.url, 'Cowner', 'cse-in/owner', 3, 'm2m:cnt', { rn: 'data' });
  await create(cse.url, 'Cowner', 'cse-in/owner/data', 4, 'm2m:cin', { rn: 'v1', con: '1' });
  return cse;
}

const rsc = async (url: string, fr: string, op: 1 | 2 | 3 | 4, to: string, pc?: Record<string, unknown>, ty?: number) =>
  (
    await send(url, {
      op,
      to,
      fr,
      ...(pc === undefined ? {} : { pc }),
      ...(ty === undefined ? {} : { ty: ty as never }),
    })
  ).rsc;

async function policy(url: string, rn: string, rules: { acor: string[]; acop: number; acod?: unknown[] }[]) {
  return create(url, 'Cowner', 'cse-in/owner', 1, 'm2m:acp', {
    rn,
    pv: { acr: rules },
    pvs: { acr: [{ acor: ['Cowner'], acop: ALL }] },
  });
}

describe('access control', () => {
  it('gives the creator default privileges and refuses others with 4103', async () => {
    const cse = await setup();
    expect(await rsc(cse.url, 'Cowner', 2, 'cse-in/owner/data')).toBe(2000);
    expect(await rsc(cse.url, 'Cowner', 2, 'cse-in/owner/data/v1')).toBe(2000);
    expect(await rsc(cse.url, 'Cother', 2, 'cse-in/owner/data')).toBe(4103);
    expect(await rsc(cse.url, 'Cother', 2, 'cse-in/owner/data/v1')).toBe(4103); // contentInstance: its container decides
    expect(await rsc(cse.url, 'Cother', 2, 'cse-in/owner/data/la')).toBe(4103);
    expect(await rsc(cse.url, 'Cother', 3, 'cse-in/owner/data', { 'm2m:cnt': { lbl: ['x'] } })).toBe(4103);
    expect(await rsc(cse.url, 'Cother', 1, 'cse-in/owner/data', { 'm2m:cin': { con: 'x' } }, 4)).toBe(4103);
    expect(await rsc(cse.url, 'Cother', 4, 'cse-in/owner/data')).toBe(4103);
    expect(await rsc(cse.url, 'Cstranger', 2, 'cse-in/owner')).toBe(4103);
    const denied = await send(cse.url, { op: 2, to: 'cse-in/owner/data', fr: 'Cother' });
    expect(denied.http.status).toBe(403);
    expect(String(denied.pc?.['m2m:dbg'])).toContain('RETRIEVE');
  });

  it('lets the admin do everything', async () => {
    const cse = await setup();
    expect(await rsc(cse.url, ADMIN, 2, 'cse-in/owner/data/v1')).toBe(2000);
    expect(await rsc(cse.url, ADMIN, 4, 'cse-in/owner/data')).toBe(2002);
  });

  it('grants exactly the operations of the referenced policies, inherited by content instances', async () => {
    const cse = await setup();
    const acp = await policy(cse.url, 'readers', [
      { acor: ['Cowner'], acop: ALL },
      { acor: ['Cother'], acop: RETRIEVE },
    ]);
    expect(await rsc(cse.url, 'Cowner', 3, 'cse-in/owner/data', { 'm2m:cnt': { acpi: [String(acp['ri'])] } })).toBe(
      2004,
    );
    expect(await rsc(cse.url, 'Cother', 2, 'cse-in/owner/data')).toBe(2000);
    expect(await rsc(cse.url, 'Cother', 2, 'cse-in/owner/data/v1')).toBe(2000);
    expect(await rsc(cse.url, 'Cother', 2, 'cse-in/owner/data/la')).toBe(2000);
    expect(await rsc(cse.url, 'Cother', 3, 'cse-in/owner/data', { 'm2m:cnt': { lbl: ['x'] } })).toBe(4103);
    expect(await rsc(cse.url, 'Cother', 1, 'cse-in/owner/data', { 'm2m:cin': { con: 'x' } }, 4)).toBe(4103);
    expect(await rsc(cse.url, 'Cother', 4, 'cse-in/owner/data/v1')).toBe(4103);
    expect(await rsc(cse.url, 'Cowner', 1, 'cse-in/owner/data', { 'm2m:cin': { con: 'x' } }, 4)).toBe(2001);
  });

  it('filters discovery results by the DISCOVERY privilege', async () => {
    const cse = await setup();
    const discover = async () =>
      body<string[]>(await send(cse.url, { op: 2, to: 'cse-in/owner', fr: 'Cother', fc: { fu: 1 } }), 'm2m:uril');
    expect(await discover()).toEqual([]);
    const acp = await policy(cse.url, 'finders', [
      { acor: ['Cowner'], acop: ALL },
      { acor: ['Cother'], acop: RETRIEVE | DISCOVERY },
    ]);
    await send(cse.url, {
      op: 3,
      to: 'cse-in/owner/data',
      fr: 'Cowner',
      pc: { 'm2m:cnt': { acpi: [String(acp['ri'])] } },
    });
    expect(await discover()).toEqual(['cse-in/owner/data', 'cse-in/owner/data/v1']);
  });

  it('matches originators by wildcard, all, group membership, and restricts CREATE by acod', async () => {
    const cse = await setup();
    // Creating a group needs RETRIEVE on every member, so the admin makes it.
    await create(cse.url, ADMIN, 'cse-in/owner', 9, 'm2m:grp', { rn: 'friends', mid: ['Cother'], mnm: 10 });
    const wildcard = await policy(cse.url, 'wild', [{ acor: ['Cot*'], acop: RETRIEVE }]);
    const all = await policy(cse.url, 'all', [{ acor: ['all'], acop: UPDATE }]);
    const group = await policy(cse.url, 'group', [{ acor: ['cse-in/owner/friends'], acop: DELETE }]);
    const acod = await policy(cse.url, 'acod', [{ acor: ['Cother'], acop: CREATE, acod: [{ chty: [4] }] }]);
    const acpi = [wildcard, all, group, acod].map((a) => String(a['ri']));
    // Only the creator sets the acpi of a resource that has none, not even the admin (as ACME).
    expect(await rsc(cse.url, ADMIN, 3, 'cse-in/owner/data', { 'm2m:cnt': { acpi } })).toBe(4103);
    expect(await rsc(cse.url, 'Cowner', 3, 'cse-in/owner/data', { 'm2m:cnt': { acpi, lbl: ['x'] } })).toBe(4000);
    expect(await rsc(cse.url, 'Cowner', 3, 'cse-in/owner/data', { 'm2m:cnt': { acpi } })).toBe(2004);
    expect(await rsc(cse.url, 'Cother', 2, 'cse-in/owner/data')).toBe(2000);
    expect(await rsc(cse.url, 'Cstranger', 3, 'cse-in/owner/data', { 'm2m:cnt': { lbl: ['by-anyone'] } })).toBe(2004);
    expect(await rsc(cse.url, 'Cother', 1, 'cse-in/owner/data', { 'm2m:cin': { con: 'x' } }, 4)).toBe(2001);
    expect(await rsc(cse.url, 'Cother', 1, 'cse-in/owner/data', { 'm2m:cnt': {} }, 3)).toBe(4103);
    expect(await rsc(cse.url, 'Cother', 4, 'cse-in/owner/data')).toBe(2002);
  });

  it('protects a policy with its own selfPrivileges and guards acpi changes', async () => {
    const cse = await setup();
    const acp = await policy(cse.url, 'guard', [{ acor: ['Cowner', 'Cother'], acop: ALL }]);
    expect(await rsc(cse.url, 'Cowner', 2, 'cse-in/owner/guard')).toBe(2000);
    expect(await rsc(cse.url, 'Cother', 2, 'cse-in/owner/guard')).toBe(4103);
    expect(await rsc(cse.url, 'Cother', 3, 'cse-in/owner/guard', { 'm2m:acp': { pv: { acr: [] } } })).toBe(4103);
    expect(await rsc(cse.url, 'Cowner', 3, 'cse-in/owner/data', { 'm2m:cnt': { acpi: [String(acp['ri'])] } })).toBe(
      2004,
    );
    // Cother may UPDATE the container by pv, but changing its acpi needs the policy's pvs.
    expect(await rsc(cse.url, 'Cother', 3, 'cse-in/owner/data', { 'm2m:cnt': { lbl: ['ok'] } })).toBe(2004);
    expect(await rsc(cse.url, 'Cother', 3, 'cse-in/owner/data', { 'm2m:cnt': { acpi: [] } })).toBe(4103);
  });

  it('needs RETRIEVE on the subscribed-to resource to subscribe', async () => {
    const cse = await setup();
    const acp = await policy(cse.url, 'creators', [
      { acor: ['Cowner'], acop: ALL },
      { acor: ['Cother'], acop: CREATE },
    ]);
    await send(cse.url, {
      op: 3,
      to: 'cse-in/owner/data',
      fr: 'Cowner',
      pc: { 'm2m:cnt': { acpi: [String(acp['ri'])] } },
    });
    expect(
      await rsc(cse.url, 'Cother', 1, 'cse-in/owner/data', { 'm2m:sub': { nu: ['http://127.0.0.1:9/n'] } }, 23),
    ).toBe(4103);
    expect(await rsc(cse.url, 'Cother', 1, 'cse-in/owner/data', { 'm2m:cin': { con: 'x' } }, 4)).toBe(2001);
  });

  it('gives a custodian the default privileges instead of the creator', async () => {
    const cse = await setup();
    await create(cse.url, 'Cowner', 'cse-in/owner', 3, 'm2m:cnt', { rn: 'kept', cstn: 'Cother' });
    expect(await rsc(cse.url, 'Cother', 2, 'cse-in/owner/kept')).toBe(2000);
    expect(await rsc(cse.url, 'Cowner', 2, 'cse-in/owner/kept')).toBe(4103);
  });

  it('lets only the parent AE reach its polling channel', async () => {
    const cse = await setup();
    await create(cse.url, 'Cowner', 'cse-in/owner', 15, 'm2m:pch', { rn: 'poll' });
    expect(await rsc(cse.url, 'Cowner', 2, 'cse-in/owner/poll')).toBe(2000);
    expect(await rsc(cse.url, 'Cother', 2, 'cse-in/owner/poll')).toBe(4103);
  });
});
