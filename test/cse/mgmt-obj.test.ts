import { describe, expect, it } from 'vitest';
import { xmlCodec } from '../../src/encoding/index.js';
import { ADMIN, body, dbg, send, testCse } from './helpers.js';

// Management objects without a device behind them (TS-0001 Annex D, TS-0004 Annex D): status
// attributes start uninitialized, action triggers read back at rest, contradictory triggers are 4000.

async function withNode() {
  const cse = await testCse();
  const nod = await send(cse.url, {
    op: 1,
    to: 'cse-in',
    fr: ADMIN,
    ty: 14,
    pc: { 'm2m:nod': { rn: 'nod', ni: 'urn:sn:1' } },
  });
  expect(nod.rsc).toBe(2001);
  const mgmt = async (typeName: string, attributes: Record<string, unknown>) => {
    const r = await send(cse.url, { op: 1, to: 'cse-in/nod', fr: ADMIN, ty: 13, pc: { [typeName]: attributes } });
    expect([r.rsc, dbg(r)]).toEqual([2001, '']);
    return body(r, typeName);
  };
  const update = (rn: string, typeName: string, attributes: Record<string, unknown>) =>
    send(cse.url, { op: 3, to: `cse-in/nod/${rn}`, fr: ADMIN, pc: { [typeName]: attributes } });
  return { cse, mgmt, update };
}

const UNINITIALIZED = { sus: 0 };

describe('<mgmtObj> behaviours', () => {
  it('starts firmware and software status uninitialized, with the software triggers false', async () => {
    const { mgmt } = await withNode();
    const fwr = await mgmt('m2m:fwr', {
      mgd: 1001,
      rn: 'fwr',
      vr: '1.0',
      fwn: 'fw',
      url: 'http://example.com',
      ud: false,
    });
    expect(fwr['uds']).toEqual(UNINITIALIZED);
    const swr = await mgmt('m2m:swr', { mgd: 1002, rn: 'swr', vr: '1.0', swn: 'sw', url: 'http://example.com' });
    expect(swr).toMatchObject({
      ins: UNINITIALIZED,
      acts: UNINITIALIZED,
      in: false,
      un: false,
      act: false,
      dea: false,
    });
  });

  it('writes the initial status in XML too (no empty acn, which XML would read as null)', async () => {
    const { cse, mgmt } = await withNode();
    await mgmt('m2m:fwr', { mgd: 1001, rn: 'fwr', vr: '1.0', fwn: 'fw', url: 'http://example.com', ud: false });
    const r = await send(cse.url, { op: 2, to: 'cse-in/nod/fwr', fr: ADMIN }, { codec: xmlCodec, accept: xmlCodec });
    expect([r.rsc, dbg(r)]).toEqual([2000, '']);
    expect(body(r, 'm2m:fwr')['uds']).toEqual(UNINITIALIZED);
  });

  it('performs deviceCapability enable/disable at once: both read true, both at once is 4000', async () => {
    const { mgmt, update } = await withNode();
    const dvc = await mgmt('m2m:dvc', {
      mgd: 1008,
      rn: 'dvc',
      can: 'cap',
      att: true,
      cas: { acn: 'a', sus: 1 },
      cus: true,
    });
    expect([dvc['ena'], dvc['dis']]).toEqual([true, true]);
    for (const change of [{ ena: true }, { ena: false }, { dis: true }, { dis: false }, { ena: false, dis: false }]) {
      const r = await update('dvc', 'm2m:dvc', change);
      expect([r.rsc, body(r, 'm2m:dvc')['ena'], body(r, 'm2m:dvc')['dis']]).toEqual([2004, true, true]);
    }
    const both = await update('dvc', 'm2m:dvc', { ena: true, dis: true });
    expect(both.rsc).toBe(4000);
    expect(dbg(both)).toContain("'ena' and 'dis'");
  });

  it('performs reboot and factory reset at once: both read false, both at once is 4000', async () => {
    const { mgmt, update } = await withNode();
    const rbo = await mgmt('m2m:rbo', { mgd: 1009, rn: 'rbo', rbo: true });
    expect([rbo['rbo'], rbo['far']]).toEqual([false, false]);
    for (const change of [{ rbo: true }, { rbo: false }, { far: true }, { far: false }, { rbo: false, far: false }]) {
      const r = await update('rbo', 'm2m:rbo', change);
      expect([r.rsc, body(r, 'm2m:rbo')['rbo'], body(r, 'm2m:rbo')['far']]).toEqual([2004, false, false]);
    }
    expect((await update('rbo', 'm2m:rbo', { rbo: true, far: true })).rsc).toBe(4000);
  });
});
