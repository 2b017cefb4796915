import { describe, expect, it } from 'vitest';
import { ADMIN, body, create, dbg, send, testCse } from './helpers.js';

async function containerWith(url: string, attributes: Record<string, unknown>, contents: readonly string[]) {
  await create(url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'box', ...attributes });
  for (const [i, con] of contents.entries())
    await create(url, ADMIN, 'cse-in/box', 4, 'm2m:cin', { rn: `i${i + 1}`, con });
  return body(await send(url, { op: 2, to: 'cse-in/box', fr: ADMIN }), 'm2m:cnt');
}

describe('containers and content instances', () => {
  it('keeps mni=3 instances out of 5: cni 3, ol is the third, la the fifth', async () => {
    const cse = await testCse();
    const cnt = await containerWith(cse.url, { mni: 3 }, ['a', 'bb', 'ccc', 'dddd', 'eeeee']);
    expect(cnt).toMatchObject({ cni: 3, cbs: 3 + 4 + 5, st: 5 });
    const ol = body(await send(cse.url, { op: 2, to: 'cse-in/box/ol', fr: ADMIN }), 'm2m:cin');
    expect(ol).toMatchObject({ rn: 'i3', con: 'ccc', cs: 3, st: 3 });
    const la = body(await send(cse.url, { op: 2, to: 'cse-in/box/la', fr: ADMIN }), 'm2m:cin');
    expect(la).toMatchObject({ rn: 'i5', con: 'eeeee', st: 5 });
    for (const gone of ['i1', 'i2'])
      expect((await send(cse.url, { op: 2, to: `cse-in/box/${gone}`, fr: ADMIN })).rsc).toBe(4004);
  });

  it('drops the oldest instances to respect mbs and refuses an instance larger than mbs', async () => {
    const cse = await testCse();
    const cnt = await containerWith(cse.url, { mbs: 10 }, ['1234', '5678', '90ab']);
    expect(cnt).toMatchObject({ cni: 2, cbs: 8 });
    const tooBig = await send(cse.url, {
      op: 1,
      to: 'cse-in/box',
      fr: ADMIN,
      ty: 4,
      pc: { 'm2m:cin': { con: 'x'.repeat(11) } },
    });
    expect(tooBig.rsc).toBe(5207);
    expect(dbg(tooBig)).toContain('mbs');
  });

  it('counts content sizes in UTF-8 bytes and structured content as its JSON text', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'box' });
    expect((await create(cse.url, ADMIN, 'cse-in/box', 4, 'm2m:cin', { con: 'é€' }))['cs']).toBe(5);
    expect((await create(cse.url, ADMIN, 'cse-in/box', 4, 'm2m:cin', { con: { t: 21 } }))['cs']).toBe(8);
    expect(body(await send(cse.url, { op: 2, to: 'cse-in/box', fr: ADMIN }), 'm2m:cnt')).toMatchObject({
      cni: 2,
      cbs: 13,
    });
  });

  it('drops the oldest instances when an update lowers mni', async () => {
    const cse = await testCse();
    await containerWith(cse.url, {}, ['a', 'b', 'c', 'd']);
    const updated = body(
      await send(cse.url, { op: 3, to: 'cse-in/box', fr: ADMIN, pc: { 'm2m:cnt': { mni: 1 } } }),
      'm2m:cnt',
    );
    expect(updated).toMatchObject({ mni: 1, cni: 1, cbs: 1 });
    expect(body(await send(cse.url, { op: 2, to: 'cse-in/box/ol', fr: ADMIN }), 'm2m:cin')['con']).toBe('d');
  });

  it('caps a new instance’s et at its container’s mia', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'box', mia: 60 });
    const cin = await create(cse.url, ADMIN, 'cse-in/box', 4, 'm2m:cin', { con: 'x' });
    const ct = String(cin['ct']);
    const et = String(cin['et']);
    const seconds = (t: string) =>
      Date.UTC(
        +t.slice(0, 4),
        +t.slice(4, 6) - 1,
        +t.slice(6, 8),
        +t.slice(9, 11),
        +t.slice(11, 13),
        +t.slice(13, 15),
      ) / 1000;
    expect(seconds(et) - seconds(ct)).toBeGreaterThanOrEqual(59);
    expect(seconds(et) - seconds(ct)).toBeLessThanOrEqual(61);
  });

  it('keeps cni and cbs right when instances are deleted, directly or through ol/la', async () => {
    const cse = await testCse();
    await containerWith(cse.url, {}, ['a', 'bb', 'ccc']);
    expect((await send(cse.url, { op: 4, to: 'cse-in/box/i2', fr: ADMIN })).rsc).toBe(2002);
    expect((await send(cse.url, { op: 4, to: 'cse-in/box/ol', fr: ADMIN })).rsc).toBe(2002);
    expect(body(await send(cse.url, { op: 2, to: 'cse-in/box', fr: ADMIN }), 'm2m:cnt')).toMatchObject({
      cni: 1,
      cbs: 3,
    });
    expect((await send(cse.url, { op: 4, to: 'cse-in/box/la', fr: ADMIN })).rsc).toBe(2002);
    expect(body(await send(cse.url, { op: 2, to: 'cse-in/box', fr: ADMIN }), 'm2m:cnt')).toMatchObject({
      cni: 0,
      cbs: 0,
    });
  });

  it('answers la/ol of an empty container with NOT_FOUND and refuses create/update on them', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'box' });
    for (const v of ['la', 'ol']) {
      expect((await send(cse.url, { op: 2, to: `cse-in/box/${v}`, fr: ADMIN })).rsc).toBe(4004);
      expect((await send(cse.url, { op: 4, to: `cse-in/box/${v}`, fr: ADMIN })).rsc).toBe(4004);
      expect(
        (await send(cse.url, { op: 1, to: `cse-in/box/${v}`, fr: ADMIN, ty: 4, pc: { 'm2m:cin': { con: 'x' } } })).rsc,
      ).toBe(4005);
      expect(
        (await send(cse.url, { op: 3, to: `cse-in/box/${v}`, fr: ADMIN, pc: { 'm2m:cin': { lbl: ['x'] } } })).rsc,
      ).toBe(4005);
    }
  });

  it('reserves the names la and ol under containers and keeps them out of discovery', async () => {
    const cse = await testCse();
    await containerWith(cse.url, {}, ['a']);
    const named = await send(cse.url, {
      op: 1,
      to: 'cse-in/box',
      fr: ADMIN,
      ty: 4,
      pc: { 'm2m:cin': { rn: 'la', con: 'x' } },
    });
    expect(named.rsc).toBe(4005);
    const found = body<string[]>(
      await send(cse.url, { op: 2, to: 'cse-in/box', fr: ADMIN, fc: { fu: 1 } }),
      'm2m:uril',
    );
    expect(found).toEqual(['cse-in/box/i1']);
    // Not a container: la is an ordinary name there.
    await create(cse.url, ADMIN, 'cse-in', 9, 'm2m:grp', { rn: 'g', mid: [], mnm: 3 });
    expect((await send(cse.url, { op: 2, to: 'cse-in/g/la', fr: ADMIN })).rsc).toBe(4004);
  });

  it('refuses to update a content instance', async () => {
    const cse = await testCse();
    await containerWith(cse.url, {}, ['a']);
    const response = await send(cse.url, { op: 3, to: 'cse-in/box/i1', fr: ADMIN, pc: { 'm2m:cin': { lbl: ['x'] } } });
    expect(response.rsc).toBe(4005);
  });

  it('applies the same rules to timeSeries and their instances', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 29, 'm2m:ts', { rn: 'series', mni: 2 });
    for (const [i, con] of ['1', '22', '333'].entries()) {
      await create(cse.url, ADMIN, 'cse-in/series', 30, 'm2m:tsi', { dgt: `2026010${i + 1}T000000`, con });
    }
    expect(body(await send(cse.url, { op: 2, to: 'cse-in/series', fr: ADMIN }), 'm2m:ts')).toMatchObject({
      cni: 2,
      cbs: 5,
    });
    expect(body(await send(cse.url, { op: 2, to: 'cse-in/series/ol', fr: ADMIN }), 'm2m:tsi')['con']).toBe('22');
    expect(body(await send(cse.url, { op: 2, to: 'cse-in/series/la', fr: ADMIN }), 'm2m:tsi')['con']).toBe('333');
  });

  it('accepts a flexContainer specialisation with its own root and custom attributes', async () => {
    const cse = await testCse();
    const created = await send(cse.url, {
      op: 1,
      to: 'cse-in',
      fr: ADMIN,
      ty: 28,
      pc: { 'cod:tempe': { rn: 'thermo', cnd: 'org.onem2m.common.moduleclass.temperature', curT0: 21.5 } },
    });
    expect(created.rsc).toBe(2001);
    expect(body(created, 'cod:tempe')).toMatchObject({ ty: 28, curT0: 21.5, st: 0 });
    const updated = await send(cse.url, { op: 3, to: 'cse-in/thermo', fr: ADMIN, pc: { 'cod:tempe': { curT0: 22 } } });
    expect(body(updated, 'cod:tempe')).toMatchObject({ curT0: 22, st: 1 });
  });
});
