import { describe, expect, it } from 'vitest';
import { ADMIN, body, create, dbg, send, testCse } from './helpers.js';

const ae = (rn?: string) => ({ 'm2m:ae': { ...(rn === undefined ? {} : { rn }), api: 'Napp', rr: true, srv: ['4'] } });

describe('AE registration', () => {
  it('assigns a C-ID when the originator is absent, empty or C', async () => {
    const cse = await testCse();
    for (const fr of [undefined, 'C']) {
      const response = await send(cse.url, {
        op: 1,
        to: 'cse-in',
        ty: 2,
        ...(fr === undefined ? {} : { fr }),
        pc: ae(),
      });
      expect(response.rsc).toBe(2001);
      const created = body(response, 'm2m:ae');
      expect(created['aei']).toMatch(/^C[a-z0-9]{10}$/);
      expect(created['ri']).toBe(created['aei']);
      expect(created['rn']).toBe(created['aei']);
      expect(created['pi']).toBe('id-in');
    }
  });

  it('assigns an S-ID for S and keeps a given C… or S… AE-ID', async () => {
    const cse = await testCse();
    const s = await send(cse.url, { op: 1, to: 'cse-in', ty: 2, fr: 'S', pc: ae('s1') });
    expect(body(s, 'm2m:ae')['aei']).toMatch(/^S[a-z0-9]{10}$/);
    const given = await send(cse.url, { op: 1, to: 'cse-in', ty: 2, fr: 'Cmine', pc: ae('mine') });
    expect(body(given, 'm2m:ae')).toMatchObject({ aei: 'Cmine', ri: 'Cmine', rn: 'mine' });
    const sp = await send(cse.url, { op: 1, to: 'cse-in', ty: 2, fr: '/id-in/Cspr', pc: ae() });
    expect(body(sp, 'm2m:ae')).toMatchObject({ aei: 'Cspr', rn: 'Cspr' });
    const sGiven = await send(cse.url, { op: 1, to: 'cse-in', ty: 2, fr: 'Sorg', pc: ae() });
    expect(body(sGiven, 'm2m:ae')['aei']).toBe('Sorg');
  });

  it('refuses an originator that is already registered with 4117', async () => {
    const cse = await testCse();
    expect((await send(cse.url, { op: 1, to: 'cse-in', ty: 2, fr: 'Ctwice', pc: ae('one') })).rsc).toBe(2001);
    const again = await send(cse.url, { op: 1, to: 'cse-in', ty: 2, fr: 'Ctwice', pc: ae('two') });
    expect(again.rsc).toBe(4117);
    expect(again.http.status).toBe(403);
    expect(dbg(again)).toContain('already registered');
  });

  it('refuses an AE name that another resource has with CONFLICT', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'taken' });
    const response = await send(cse.url, { op: 1, to: 'cse-in', ty: 2, fr: 'Cnew', pc: ae('taken') });
    expect(response.rsc).toBe(4105);
  });

  it('refuses originators that are not AE-IDs and App-IDs that are neither R… nor N…', async () => {
    const cse = await testCse();
    const wrong = await send(cse.url, { op: 1, to: 'cse-in', ty: 2, fr: 'xyz', pc: ae() });
    expect(wrong.rsc).toBe(4126);
    const api = await send(cse.url, {
      op: 1,
      to: 'cse-in',
      ty: 2,
      fr: 'Capi',
      pc: { 'm2m:ae': { api: 'app', rr: true, srv: ['4'] } },
    });
    expect(api.rsc).toBe(4000);
    expect(dbg(api)).toContain("'api'");
  });

  it('allows an AE only under the CSEBase', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'box' });
    const response = await send(cse.url, { op: 1, to: 'cse-in/box', ty: 2, fr: 'Cnested', pc: ae() });
    expect(response.rsc).toBe(4108);
  });

  it('deregisters an AE with its subtree, after which the AE-ID can register again', async () => {
    const cse = await testCse();
    await send(cse.url, { op: 1, to: 'cse-in', ty: 2, fr: 'Cgone', pc: ae('gone') });
    const cnt = await create(cse.url, 'Cgone', 'cse-in/gone', 3, 'm2m:cnt', { rn: 'data' });
    await create(cse.url, 'Cgone', 'cse-in/gone/data', 4, 'm2m:cin', { con: '1' });
    const removed = await send(cse.url, { op: 4, to: 'cse-in/gone', fr: 'Cgone' });
    expect(removed.rsc).toBe(2002);
    expect((await send(cse.url, { op: 2, to: 'cse-in/gone', fr: ADMIN })).rsc).toBe(4004);
    expect((await send(cse.url, { op: 2, to: String(cnt['ri']), fr: ADMIN })).rsc).toBe(4004);
    expect((await send(cse.url, { op: 1, to: 'cse-in', ty: 2, fr: 'Cgone', pc: ae('gone') })).rsc).toBe(2001);
  });

  it('lets only the AE itself (or the admin) deregister it', async () => {
    const cse = await testCse();
    await send(cse.url, { op: 1, to: 'cse-in', ty: 2, fr: 'Cowner', pc: ae('owner') });
    await send(cse.url, { op: 1, to: 'cse-in', ty: 2, fr: 'Cother', pc: ae('other') });
    expect((await send(cse.url, { op: 4, to: 'cse-in/owner', fr: 'Cother' })).rsc).toBe(4103);
    expect((await send(cse.url, { op: 4, to: 'cse-in/owner', fr: ADMIN })).rsc).toBe(2002);
  });

  it('lets registered AEs retrieve the CSEBase, unknown originators not', async () => {
    const cse = await testCse();
    await send(cse.url, { op: 1, to: 'cse-in', ty: 2, fr: 'Creg', pc: ae('reg') });
    expect((await send(cse.url, { op: 2, to: 'cse-in', fr: 'Creg' })).rsc).toBe(2000);
    expect((await send(cse.url, { op: 2, to: 'cse-in', fr: 'Cstranger' })).rsc).toBe(4103);
  });
});
