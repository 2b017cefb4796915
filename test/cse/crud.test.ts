import { describe, expect, it } from 'vitest';
import { CseError } from '../../src/cse/index.js';
import { ADMIN, body, create, dbg, send, testCse } from './helpers.js';

describe('schema-driven checks', () => {
  it('refuses an NP/RO attribute in a create with BAD_REQUEST naming it', async () => {
    const cse = await testCse();
    const response = await send(cse.url, {
      op: 1,
      to: 'cse-in',
      fr: ADMIN,
      ty: 3,
      pc: { 'm2m:cnt': { rn: 'c', cni: 5 } },
    });
    expect(response.rsc).toBe(4000);
    expect(dbg(response)).toContain("'cni' (currentNrOfInstances) is not permitted in a create");
    expect((await send(cse.url, { op: 2, to: 'cse-in/c', fr: ADMIN })).rsc).toBe(4004);
  });

  it('refuses an NP attribute in an update, naming it', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'c' });
    const response = await send(cse.url, { op: 3, to: 'cse-in/c', fr: ADMIN, pc: { 'm2m:cnt': { rn: 'renamed' } } });
    expect(response.rsc).toBe(4000);
    expect(dbg(response)).toContain("'rn' (resourceName) is not permitted in an update");
  });

  it('refuses a create without a mandatory attribute, naming it', async () => {
    const cse = await testCse();
    const response = await send(cse.url, { op: 1, to: 'cse-in', fr: ADMIN, ty: 23, pc: { 'm2m:sub': { rn: 's' } } });
    expect(response.rsc).toBe(4000);
    expect(dbg(response)).toContain("mandatory attribute 'nu' (notificationURI) is missing");
  });

  it('refuses unknown attributes and wrong data types, naming them', async () => {
    const cse = await testCse();
    const unknown = await send(cse.url, { op: 1, to: 'cse-in', fr: ADMIN, ty: 3, pc: { 'm2m:cnt': { mnii: 3 } } });
    expect(unknown.rsc).toBe(4000);
    expect(dbg(unknown)).toContain("did you mean 'mni'");
    const wrong = await send(cse.url, { op: 1, to: 'cse-in', fr: ADMIN, ty: 3, pc: { 'm2m:cnt': { mni: -1 } } });
    expect(wrong.rsc).toBe(4000);
    expect(dbg(wrong)).toContain("'mni'");
  });

  it('refuses a child type the parent does not allow with 4108', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'c' });
    const response = await send(cse.url, {
      op: 1,
      to: 'cse-in/c',
      fr: ADMIN,
      ty: 1,
      pc: { 'm2m:acp': { pv: { acr: [] }, pvs: { acr: [] } } },
    });
    expect(response.rsc).toBe(4108);
    expect(response.http.status).toBe(403);
    expect(dbg(response)).toContain('cannot be a child of Container');
  });

  it('refuses a taken name with CONFLICT and a bad name with BAD_REQUEST', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'c' });
    const taken = await send(cse.url, { op: 1, to: 'cse-in', fr: ADMIN, ty: 3, pc: { 'm2m:cnt': { rn: 'c' } } });
    expect(taken.rsc).toBe(4105);
    expect(taken.http.status).toBe(409);
    const bad = await send(cse.url, { op: 1, to: 'cse-in', fr: ADMIN, ty: 3, pc: { 'm2m:cnt': { rn: 'a/b' } } });
    expect(bad.rsc).toBe(4000);
  });

  it('refuses operations on unknown targets with NOT_FOUND', async () => {
    const cse = await testCse();
    for (const op of [1, 2, 3, 4] as const) {
      const response = await send(cse.url, {
        op,
        to: 'cse-in/missing',
        fr: ADMIN,
        ...(op === 1 ? { ty: 3 } : {}),
        ...(op === 1 || op === 3 ? { pc: { 'm2m:cnt': {} } } : {}),
      });
      expect({ op, rsc: response.rsc }).toEqual({ op, rsc: 4004 });
    }
  });

  it('refuses to update a resource with content for another type', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'c' });
    expect((await send(cse.url, { op: 3, to: 'cse-in/c', fr: ADMIN, pc: { 'm2m:ae': { lbl: ['x'] } } })).rsc).toBe(
      4000,
    );
  });

  it('refuses to delete or create the CSEBase', async () => {
    const cse = await testCse();
    expect((await send(cse.url, { op: 4, to: 'cse-in', fr: ADMIN })).rsc).toBe(4005);
  });

  it('refuses an expirationTime in the past and a non-null creator', async () => {
    const cse = await testCse();
    expect(
      (await send(cse.url, { op: 1, to: 'cse-in', fr: ADMIN, ty: 3, pc: { 'm2m:cnt': { et: '20000101T000000' } } }))
        .rsc,
    ).toBe(4000);
    const cr = await send(cse.url, { op: 1, to: 'cse-in', fr: ADMIN, ty: 3, pc: { 'm2m:cnt': { cr: 'Csomeone' } } });
    expect(cr.rsc).toBe(4000);
    expect(dbg(cr)).toContain("'cr'");
  });

  it('refuses acpi references to resources that are not policies', async () => {
    const cse = await testCse();
    const response = await send(cse.url, {
      op: 1,
      to: 'cse-in',
      fr: ADMIN,
      ty: 3,
      pc: { 'm2m:cnt': { acpi: ['cse-in/nope'] } },
    });
    expect(response.rsc).toBe(4000);
    expect(dbg(response)).toContain('acpi');
  });
});

describe('universal attributes and updates', () => {
  it('sets ri, pi, rn, ct, lt, et, ty, st and fills cr when asked', async () => {
    const cse = await testCse();
    const before = Date.now();
    const cnt = await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { cr: null });
    expect(cnt).toMatchObject({ ty: 3, pi: 'id-in', st: 0, cni: 0, cbs: 0, cr: ADMIN });
    expect(cnt['ri']).toMatch(/^cnt[a-z0-9]{10}$/);
    expect(cnt['rn']).toMatch(/^cnt_[a-z0-9]{10}$/);
    expect(cnt['ct']).toBe(cnt['lt']);
    expect(String(cnt['ct'])).toMatch(/^\d{8}T\d{6},\d{6}$/);
    const et = String(cnt['et']);
    expect(Number(et.slice(0, 4))).toBeGreaterThanOrEqual(new Date(before).getUTCFullYear() + 4);
  });

  it('updates attributes, removes those set to null, resets et, bumps lt and st', async () => {
    const cse = await testCse();
    const cnt = await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', {
      rn: 'c',
      lbl: ['a'],
      mni: 5,
      et: '20991231T000000',
    });
    await new Promise((r) => setTimeout(r, 5));
    const response = await send(cse.url, {
      op: 3,
      to: 'cse-in/c',
      fr: ADMIN,
      pc: { 'm2m:cnt': { lbl: ['b', 'c'], mni: null, et: null } },
    });
    expect(response.rsc).toBe(2004);
    const updated = body(response, 'm2m:cnt');
    expect(updated['lbl']).toEqual(['b', 'c']);
    expect(updated).not.toHaveProperty('mni');
    expect(updated['et']).not.toBe('20991231T000000');
    expect(updated['st']).toBe(1);
    expect(String(updated['lt']) > String(cnt['lt'])).toBe(true);
    expect(updated['ct']).toBe(cnt['ct']);
  });
});

describe('result content (rcn)', () => {
  it('answers a create per rcn 0, 1, 2, 3, 9 and refuses others', async () => {
    const cse = await testCse();
    const make = (rn: string, rcn?: number) =>
      send(cse.url, {
        op: 1,
        to: 'cse-in',
        fr: ADMIN,
        ty: 3,
        ...(rcn === undefined ? {} : { rcn: rcn as never }),
        pc: { 'm2m:cnt': { rn, lbl: ['x'] } },
      });
    expect((await make('r0', 0)).pc).toBeUndefined();
    expect(body(await make('r1', 1), 'm2m:cnt')['rn']).toBe('r1');
    expect(body(await make('r2', 2), 'm2m:uri')).toBe('cse-in/r2');
    expect(body(await make('r3', 3), 'm2m:rce')).toMatchObject({ uri: 'cse-in/r3', cnt: { rn: 'r3' } });
    const modified = body(await make('r9', 9), 'm2m:cnt');
    expect(modified).toHaveProperty('ri');
    expect(modified).not.toHaveProperty('rn');
    expect(modified).not.toHaveProperty('lbl');
    const wrong = await make('r4', 4);
    expect(wrong.rsc).toBe(4000);
    expect(dbg(wrong)).toContain('rcn=4');
    expect((await send(cse.url, { op: 2, to: 'cse-in/r4', fr: ADMIN })).rsc).toBe(4004);
  });

  it('answers a retrieve per rcn 1, 4, 5, 6, 8', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'p' });
    await create(cse.url, ADMIN, 'cse-in/p', 3, 'm2m:cnt', { rn: 'k' });
    await create(cse.url, ADMIN, 'cse-in/p/k', 4, 'm2m:cin', { rn: 'i', con: 'x' });
    const get = (rcn: number, extra: object = {}) =>
      send(cse.url, { op: 2, to: 'cse-in/p', fr: ADMIN, rcn: rcn as never, ...extra });
    const four = body(await get(4), 'm2m:cnt');
    expect(four['rn']).toBe('p');
    const kids = four['m2m:cnt'] as Record<string, unknown>[];
    expect(kids.map((k) => k['rn'])).toEqual(['k']);
    expect((kids[0]?.['m2m:cin'] as Record<string, unknown>[])[0]?.['con']).toBe('x');
    const five = body(await get(5), 'm2m:cnt');
    expect(five['ch']).toEqual([
      { nm: 'k', typ: 3, val: 'cse-in/p/k' },
      { nm: 'i', typ: 4, val: 'cse-in/p/k/i' },
    ]);
    expect(body(await get(6), 'm2m:rrl')).toEqual({
      rrf: [expect.objectContaining({ nm: 'k' }), expect.objectContaining({ nm: 'i' })],
    });
    const lvl1 = body(await get(6, { fc: { lvl: 1 } }), 'm2m:rrl') as { rrf: unknown[] };
    expect(lvl1.rrf).toHaveLength(1);
    const eight = body(await get(8), 'm2m:cnt');
    expect(eight).not.toHaveProperty('rn');
    expect((eight['m2m:cnt'] as unknown[]).length).toBe(1);
    expect((await get(9)).rsc).toBe(4000);
    const unstructured = body(await get(6, { drt: 2 }), 'm2m:rrl') as { rrf: { val: string }[] };
    expect(unstructured.rrf[0]?.val).toMatch(/^\/id-in\/cnt/);
  });

  it('answers an update per rcn 0, 1, 9', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'u' });
    const update = (rcn: number) =>
      send(cse.url, { op: 3, to: 'cse-in/u', fr: ADMIN, rcn: rcn as never, pc: { 'm2m:cnt': { lbl: [`v${rcn}`] } } });
    expect((await update(0)).pc).toBeUndefined();
    expect(body(await update(1), 'm2m:cnt')['rn']).toBe('u');
    // rcn 9: what the CSE changed beyond the request (TS-0004 §7.5.2), not the lbl it was sent.
    const nine = body(await update(9), 'm2m:cnt');
    expect(Object.keys(nine).sort()).toEqual(['lt', 'st']);
    expect((await update(2)).rsc).toBe(4000);
  });

  it('answers a delete per rcn 0 and 1', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'd0' });
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'd1' });
    const zero = await send(cse.url, { op: 4, to: 'cse-in/d0', fr: ADMIN });
    expect(zero.rsc).toBe(2002);
    expect(zero.pc).toBeUndefined();
    const one = await send(cse.url, { op: 4, to: 'cse-in/d1', fr: ADMIN, rcn: 1 });
    expect(body(one, 'm2m:cnt')['rn']).toBe('d1');
  });

  it('answers a delete with rcn 4 and 6 describing the deleted subtree', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'd' });
    await create(cse.url, ADMIN, 'cse-in/d', 4, 'm2m:cin', { rn: 'i', con: 'x' });
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'e' });
    await create(cse.url, ADMIN, 'cse-in/e', 4, 'm2m:cin', { rn: 'j', con: 'y' });
    const four = body(await send(cse.url, { op: 4, to: 'cse-in/d', fr: ADMIN, rcn: 4 }), 'm2m:cnt');
    expect(four).toMatchObject({ rn: 'd', 'm2m:cin': [expect.objectContaining({ rn: 'i' })] });
    const six = body(await send(cse.url, { op: 4, to: 'cse-in/e', fr: ADMIN, rcn: 6 }), 'm2m:rrl');
    expect(six).toEqual({ rrf: [{ nm: 'j', typ: 4, val: 'cse-in/e/j' }] });
    expect((await send(cse.url, { op: 4, to: 'cse-in', fr: ADMIN, rcn: 2 })).rsc).toBe(4000);
  });

  it('retrieves only the attributes atrl names (partial retrieve)', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'p', lbl: ['x'], mni: 3 });
    const response = await send(cse.url, { op: 2, to: 'cse-in/p', fr: ADMIN, atrl: ['lbl', 'mni'] });
    expect(body(response, 'm2m:cnt')).toEqual({ lbl: ['x'], mni: 3 });
    const hash = await send(cse.url, { op: 2, to: 'cse-in/p#cni', fr: ADMIN });
    expect(body(hash, 'm2m:cnt')).toEqual({ cni: 0 });
    expect((await send(cse.url, { op: 2, to: 'cse-in/p', fr: ADMIN, atrl: ['nope'] })).rsc).toBe(4000);
  });
});

describe('deletion and atomicity', () => {
  it('deletes the whole subtree', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'a' });
    const b = await create(cse.url, ADMIN, 'cse-in/a', 3, 'm2m:cnt', { rn: 'b' });
    const c = await create(cse.url, ADMIN, 'cse-in/a/b', 4, 'm2m:cin', { con: 'x' });
    expect((await send(cse.url, { op: 4, to: 'cse-in/a', fr: ADMIN })).rsc).toBe(2002);
    for (const ri of [b['ri'], c['ri']])
      expect((await send(cse.url, { op: 2, to: String(ri), fr: ADMIN })).rsc).toBe(4004);
    const left = await send(cse.url, { op: 2, to: 'cse-in', fr: ADMIN, fc: { fu: 1 } });
    expect(body(left, 'm2m:uril')).toEqual([]);
  });

  it('leaves the tree unchanged when a request fails half-way', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'box', mni: 2 });
    await create(cse.url, ADMIN, 'cse-in/box', 4, 'm2m:cin', { rn: 'first', con: 'a' });
    await create(cse.url, ADMIN, 'cse-in/box', 4, 'm2m:cin', { rn: 'second', con: 'b' });
    const seen: string[] = [];
    cse.cse.events.on((event) => void seen.push(`${event.type} ${event.resource.rn}`));
    // A plug-in that fails after the new instance is in, the oldest one is gone and the
    // container's counters are updated: everything must be undone.
    cse.cse.addBehaviour({
      name: 'fails late',
      appliesTo: (info) => info.descriptor.typeName === 'm2m:cnt',
      childCreated(m) {
        if (m.events.some((e) => e.type === 'deleted'))
          throw new CseError(5000, 'injected failure after the container changed');
      },
    });
    const before = body(await send(cse.url, { op: 2, to: 'cse-in/box', fr: ADMIN, rcn: 4 }), 'm2m:cnt');
    const failed = await send(cse.url, {
      op: 1,
      to: 'cse-in/box',
      fr: ADMIN,
      ty: 4,
      pc: { 'm2m:cin': { rn: 'third', con: 'c' } },
    });
    expect(failed.rsc).toBe(5000);
    expect(dbg(failed)).toContain('injected failure');
    const after = body(await send(cse.url, { op: 2, to: 'cse-in/box', fr: ADMIN, rcn: 4 }), 'm2m:cnt');
    expect(after).toEqual(before);
    expect((await send(cse.url, { op: 2, to: 'cse-in/box/first', fr: ADMIN })).rsc).toBe(2000);
    expect((await send(cse.url, { op: 2, to: 'cse-in/box/third', fr: ADMIN })).rsc).toBe(4004);
    expect(seen).toEqual([]);
  });
});
