import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cborCodec, xmlCodec } from '../../src/encoding/index.js';
import { ADMIN, body, create, dbg, rawFetch, send, tempDir, testCse } from './helpers.js';

// flexContainer specialisations in the embedded CSE: created, updated and validated from the
// generated descriptors (root name, cnd, custom attributes), with <flexContainerInstance> history.

const LIGHT = 'org.onem2m.common.device.deviceLight';
const SWITCH = 'org.onem2m.common.moduleclass.binarySwitch';

async function lamp(url: string, extra: Record<string, unknown> = {}) {
  await create(url, ADMIN, 'cse-in', 28, 'cod:devLt', { rn: 'lamp', cnd: LIGHT });
  return create(url, ADMIN, 'cse-in/lamp', 28, 'cod:binSh', { rn: 'switch', cnd: SWITCH, state: false, ...extra });
}

const createFcnt = (url: string, to: string, root: string, content: Record<string, unknown>) =>
  send(url, { op: 1, to, fr: ADMIN, ty: 28, pc: { [root]: content } });

describe('flexContainer specialisations', () => {
  it('creates a device with a module class, stores and answers them under their own root names', async () => {
    const cse = await testCse();
    const created = await lamp(cse.url);
    expect(created).toMatchObject({ ty: 28, rn: 'switch', cnd: SWITCH, state: false, cs: 5 });
    const stored = await send(cse.url, { op: 2, to: 'cse-in/lamp/switch', fr: ADMIN });
    expect(Object.keys(stored.pc ?? {})).toEqual(['cod:binSh']);
    expect(body(stored, 'cod:binSh')).toMatchObject({ state: false, cnd: SWITCH });
    // No custom attribute the creator left out is made up (state is cardinality 1 but optional at create).
    const bare = await create(cse.url, ADMIN, 'cse-in/lamp', 28, 'cod:binSh', { rn: 'bare', cnd: SWITCH });
    expect(bare).not.toHaveProperty('state');
  });

  it('answers 4000 for an unknown specialisation, a cnd mismatch and a wrong attribute type', async () => {
    const cse = await testCse();
    const unknown = await createFcnt(cse.url, 'cse-in', 'cod:noSuchThing', { cnd: SWITCH });
    expect(unknown.rsc).toBe(4000);
    expect(dbg(unknown)).toContain('cod:noSuchThing');

    const cnd = await createFcnt(cse.url, 'cse-in', 'cod:binSh', { cnd: LIGHT, state: true });
    expect(cnd.rsc).toBe(4000);
    expect(dbg(cnd)).toMatch(/'cnd' \(containerDefinition\).*org\.onem2m\.common\.moduleclass\.binarySwitch/);

    const type = await createFcnt(cse.url, 'cse-in', 'cod:binSh', { cnd: SWITCH, state: 'on' });
    expect(type.rsc).toBe(4000);
    expect(dbg(type)).toMatch(/BinarySwitch create: attribute 'state' \(state\).*boolean/);

    const stray = await createFcnt(cse.url, 'cse-in', 'cod:binSh', { cnd: SWITCH, powerState: true });
    expect(stray.rsc).toBe(4000);
    expect(dbg(stray)).toContain("'powerState' is not an attribute of cod:binSh");
    // Nothing of it was stored.
    expect((await send(cse.url, { op: 2, to: 'cse-in', fr: ADMIN, rcn: 6 })).pc?.['m2m:rrl']).toEqual({});
  });

  it('validates updates: wrong type 4000, null only where the cardinality allows it, the old value kept', async () => {
    const cse = await testCse();
    await lamp(cse.url, { dgt: '20250102T030405' });
    const update = (content: Record<string, unknown>) =>
      send(cse.url, { op: 3, to: 'cse-in/lamp/switch', fr: ADMIN, pc: { 'cod:binSh': content } });
    expect((await update({ state: 1 })).rsc).toBe(4000);
    const reset = await update({ state: null });
    expect(reset.rsc).toBe(4000);
    expect(dbg(reset)).toContain('must not be null');
    expect(body(await update({ dgt: null, state: true }), 'cod:binSh')).toMatchObject({ state: true, cs: 4 });
    const now = body(await send(cse.url, { op: 2, to: 'cse-in/lamp/switch', fr: ADMIN }), 'cod:binSh');
    expect(now).not.toHaveProperty('dgt');
    expect((await update({ cnd: LIGHT })).rsc).toBe(4000);
    // The root must be the resource's own.
    const wrongRoot = await send(cse.url, {
      op: 3,
      to: 'cse-in/lamp/switch',
      fr: ADMIN,
      pc: { 'm2m:fcnt': { lbl: ['x'] } },
    });
    expect(wrongRoot.rsc).toBe(4000);
  });

  it('records history when fcied is true: one instance per change of the custom attributes, mni enforced', async () => {
    const cse = await testCse();
    await lamp(cse.url, { fcied: true, mni: 2 });
    const update = (content: Record<string, unknown>) =>
      send(cse.url, { op: 3, to: 'cse-in/lamp/switch', fr: ADMIN, pc: { 'cod:binSh': content } });
    await update({ state: true });
    await update({ state: false });
    await update({ mni: 2 }); // no custom attribute changed: no new instance
    const fcnt = body(await send(cse.url, { op: 2, to: 'cse-in/lamp/switch', fr: ADMIN }), 'cod:binSh');
    expect(fcnt).toMatchObject({ cni: 2, cbs: 9 });
    const la = await send(cse.url, { op: 2, to: 'cse-in/lamp/switch/la', fr: ADMIN });
    expect(Object.keys(la.pc ?? {})).toEqual(['cod:binShInst']);
    expect(body(la, 'cod:binShInst')).toMatchObject({ ty: 58, state: false, cs: 5, org: ADMIN });
    expect(body(await send(cse.url, { op: 2, to: 'cse-in/lamp/switch/ol', fr: ADMIN }), 'cod:binShInst')).toMatchObject(
      {
        state: true,
      },
    );
    // The history cannot be written by a request.
    const write = await send(cse.url, {
      op: 1,
      to: 'cse-in/lamp/switch',
      fr: ADMIN,
      ty: 58,
      pc: { 'cod:binShInst': { state: true } },
    });
    expect(write.rsc).toBe(4005);
    // Removing fcied removes the history, its counters and its limits.
    await update({ fcied: null });
    const plain = body(await send(cse.url, { op: 2, to: 'cse-in/lamp/switch', fr: ADMIN }), 'cod:binSh');
    for (const name of ['fcied', 'cni', 'cbs', 'mni']) expect(plain).not.toHaveProperty(name);
    expect((await send(cse.url, { op: 2, to: 'cse-in/lamp/switch/la', fr: ADMIN })).rsc).toBe(4004);
  });

  it('refuses history limits without fcied, 0 limits and an mbs below the contentSize', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 28, 'cod:devLt', { rn: 'lamp', cnd: LIGHT });
    const limits = await createFcnt(cse.url, 'cse-in/lamp', 'cod:binSh', { cnd: SWITCH, mni: 3 });
    expect([limits.rsc, dbg(limits)]).toEqual([4000, expect.stringContaining('fcied')]);
    const zero = await createFcnt(cse.url, 'cse-in/lamp', 'cod:binSh', { cnd: SWITCH, fcied: true, mni: 0 });
    expect(zero.rsc).toBe(4000);
    const small = await createFcnt(cse.url, 'cse-in/lamp', 'cod:binSh', {
      cnd: SWITCH,
      fcied: true,
      mbs: 2,
      state: true,
    });
    expect([small.rsc, dbg(small)]).toEqual([4000, expect.stringContaining('mbs')]);
  });

  it('refuses a deeply nested custom attribute before storing it, and persistence goes on', async () => {
    const dir = await tempDir();
    const dataFile = join(dir, 'cse.json');
    const cse = await testCse({ dataFile });
    // Sent as text: the client's own encoder would refuse content this deep.
    const deep = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
    const nested = await rawFetch(
      cse.url,
      'POST',
      '/cse-in',
      { 'Content-Type': 'application/json;ty=28', 'X-M2M-Origin': ADMIN, 'X-M2M-RI': 'deep', 'X-M2M-RVI': '4' },
      `{"agd:coAMr": {"rn": "cow", "cnd": "org.onem2m.agriculture.moduleclass.cowActivityMonitor", "hiSCs": [${deep}]}}`,
    );
    expect([nested.status, nested.headers['x-m2m-rsc']]).toEqual([400, '4000']);
    // Refused at decoding already (src/encoding/limits.ts), naming where and the limit.
    expect(new TextDecoder().decode(nested.body)).toMatch(/\/agd:coAMr\/hiSCs\/0.*nests deeper than 64 levels/);
    await lamp(cse.url);
    await cse.close();
    const again = await testCse({ dataFile });
    expect(body(await send(again.url, { op: 2, to: 'cse-in/lamp/switch', fr: ADMIN }), 'cod:binSh')).toMatchObject({
      state: false,
    });
    expect((await send(again.url, { op: 2, to: 'cse-in/cow', fr: ADMIN })).rsc).toBe(4004);
  });

  it('serves specialisations in XML and CBOR as in JSON', async () => {
    const cse = await testCse();
    for (const [name, codec] of [
      ['x', xmlCodec],
      ['c', cborCodec],
    ] as const) {
      const created = await send(
        cse.url,
        {
          op: 1,
          to: 'cse-in',
          fr: ADMIN,
          ty: 28,
          pc: { 'cod:color': { rn: name, cnd: 'org.onem2m.common.moduleclass.colour', red: 255, green: 128, blue: 0 } },
        },
        { codec },
      );
      expect(created.rsc).toBe(2001);
      expect(body(created, 'cod:color')).toMatchObject({ red: 255, green: 128, blue: 0, ty: 28 });
      const bad = await send(
        cse.url,
        { op: 3, to: `cse-in/${name}`, fr: ADMIN, pc: { 'cod:color': { red: true } } },
        { codec: cborCodec, accept: codec },
      );
      expect(bad.rsc).toBe(4000);
    }
    // XML text that is not a number, as another client would send it.
    const xml = await rawFetch(
      cse.url,
      'PUT',
      '/cse-in/x',
      {
        'Content-Type': 'application/xml',
        Accept: 'application/xml',
        'X-M2M-Origin': ADMIN,
        'X-M2M-RI': 'x1',
        'X-M2M-RVI': '4',
      },
      `<cod:color xmlns:cod="urn:any"><red>very</red></cod:color>`,
    );
    expect([xml.status, xml.headers['x-m2m-rsc']]).toEqual([400, '4000']);
  });
});
