import { beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, body, create, dbg, send, testCse } from './helpers.js';

const pause = () => new Promise((resolve) => setTimeout(resolve, 3));

// A small tree, created in this order:
//   cse-in/home (cnt, lbl room:home)
//   cse-in/home/t1 (cnt, lbl sensor temp, mni 10)
//   cse-in/home/t1/c1 (cin "20", cnf text/plain:0)
//   cse-in/home/t1/c2 (cin "21.5", cnf application/json:0)
//   cse-in/home/h1 (cnt, lbl sensor humidity)
//   cse-in/home/g (sub)
//   cse-in/home/t1/c3 (cin "22")
//   cse-in/other (cnt, lbl room:other)
let url = '';
const made: Record<string, Record<string, unknown>> = {};

async function discover(fc: Record<string, unknown>, extra: Record<string, unknown> = {}, to = 'cse-in') {
  const response = await send(url, { op: 2, to, fr: ADMIN, fc: { fu: 1, ...fc }, ...extra });
  return response;
}

async function uris(
  fc: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  to = 'cse-in',
): Promise<string[]> {
  const response = await discover(fc, extra, to);
  expect(response.rsc, dbg(response)).toBe(2000);
  return body<string[]>(response, 'm2m:uril');
}

beforeEach(async () => {
  const cse = await testCse();
  url = cse.url;
  const add = async (
    key: string,
    parent: string,
    ty: number,
    typeName: string,
    attributes: Record<string, unknown>,
  ) => {
    made[key] = await create(url, ADMIN, parent, ty, typeName, attributes);
    await pause();
  };
  await add('home', 'cse-in', 3, 'm2m:cnt', { rn: 'home', lbl: ['room:home'] });
  await add('t1', 'cse-in/home', 3, 'm2m:cnt', { rn: 't1', lbl: ['sensor', 'temp'], mni: 10 });
  await add('c1', 'cse-in/home/t1', 4, 'm2m:cin', { rn: 'c1', con: '20', cnf: 'text/plain:0', et: '20991231T000000' });
  await add('c2', 'cse-in/home/t1', 4, 'm2m:cin', { rn: 'c2', con: '21.5', cnf: 'application/json:0' });
  await add('h1', 'cse-in/home', 3, 'm2m:cnt', { rn: 'h1', lbl: ['sensor', 'humidity'] });
  // nu is the originator itself, which gets no verification request.
  await add('g', 'cse-in/home', 23, 'm2m:sub', { rn: 'g', nu: [ADMIN] });
  await add('c3', 'cse-in/home/t1', 4, 'm2m:cin', { rn: 'c3', con: '22' });
  await add('other', 'cse-in', 3, 'm2m:cnt', { rn: 'other', lbl: ['room:other'] });
});

describe('discovery (fu=1)', () => {
  it('lists every descendant in creation order by default (rcn 11, structured)', async () => {
    expect(await uris({})).toEqual(
      ['home', 'home/t1', 'home/t1/c1', 'home/t1/c2', 'home/h1', 'home/g', 'home/t1/c3', 'other'].map(
        (p) => `cse-in/${p}`,
      ),
    );
  });

  it('pages with lim and a 1-based ofst', async () => {
    expect(await uris({ lim: 2, ofst: 2 })).toEqual(['cse-in/home/t1', 'cse-in/home/t1/c1']);
    expect(await uris({ lim: 2 })).toEqual(['cse-in/home', 'cse-in/home/t1']);
    expect(await uris({ ofst: 8 })).toEqual(['cse-in/other']);
    expect(await uris({ ofst: 9 })).toEqual([]);
    expect(await uris({ lim: 0 })).toEqual([]);
    expect((await discover({ ofst: 0 })).rsc).toBe(4000);
  });

  it('filters by ty, lbl and lvl', async () => {
    expect(await uris({ ty: [4] })).toEqual(['cse-in/home/t1/c1', 'cse-in/home/t1/c2', 'cse-in/home/t1/c3']);
    expect(await uris({ ty: [23, 4], lim: 1 })).toEqual(['cse-in/home/t1/c1']);
    expect(await uris({ lbl: ['sensor'] })).toEqual(['cse-in/home/t1', 'cse-in/home/h1']);
    expect(await uris({ lbl: ['temp', 'room:other'] })).toEqual(['cse-in/home/t1', 'cse-in/other']);
    expect(await uris({ lvl: 1 })).toEqual(['cse-in/home', 'cse-in/other']);
    expect(await uris({ lvl: 2, ty: [3] })).toEqual([
      'cse-in/home',
      'cse-in/home/t1',
      'cse-in/home/h1',
      'cse-in/other',
    ]);
    expect(await uris({}, {}, 'cse-in/home/t1')).toEqual([
      'cse-in/home/t1/c1',
      'cse-in/home/t1/c2',
      'cse-in/home/t1/c3',
    ]);
  });

  it('filters by creation, modification and expiration times', async () => {
    const c2 = made['c2'] as Record<string, unknown>;
    expect(await uris({ cra: c2['ct'] })).toEqual([
      'cse-in/home/h1',
      'cse-in/home/g',
      'cse-in/home/t1/c3',
      'cse-in/other',
    ]);
    expect(await uris({ crb: c2['ct'], ty: [4] })).toEqual(['cse-in/home/t1/c1']);
    // The container t1 was modified last when c3 arrived.
    expect(await uris({ ms: (made['other'] as Record<string, unknown>)['ct'] })).toEqual([]);
    expect(await uris({ ms: (made['g'] as Record<string, unknown>)['ct'], ty: [3] })).toEqual([
      'cse-in/home/t1',
      'cse-in/other',
    ]);
    expect(await uris({ us: c2['ct'], ty: [4] })).toEqual(['cse-in/home/t1/c1']);
    expect(await uris({ exa: '20900101T000000' })).toEqual(['cse-in/home/t1/c1']);
    expect(await uris({ exb: '20900101T000000', ty: [4] })).toEqual(['cse-in/home/t1/c2', 'cse-in/home/t1/c3']);
    expect((await discover({ cra: 'yesterday' })).rsc).toBe(4000);
  });

  it('filters by state tag, size and content type', async () => {
    expect(await uris({ stb: 1, ty: [4] })).toEqual(['cse-in/home/t1/c2', 'cse-in/home/t1/c3']);
    expect(await uris({ sts: 2, ty: [4] })).toEqual(['cse-in/home/t1/c1']);
    expect(await uris({ stb: 2, ty: [3] })).toEqual(['cse-in/home/t1']);
    expect(await uris({ sza: 3 })).toEqual(['cse-in/home/t1/c2']);
    expect(await uris({ szb: 3 })).toEqual(['cse-in/home/t1/c1', 'cse-in/home/t1/c3']);
    expect(await uris({ cty: ['application/json'] })).toEqual(['cse-in/home/t1/c2']);
    expect(await uris({ cty: ['text/plain:0'] })).toEqual(['cse-in/home/t1/c1']);
  });

  it('combines conditions with fo AND (default), OR and XOR', async () => {
    expect(await uris({ lbl: ['sensor'], ty: [4] })).toEqual([]);
    expect(await uris({ lbl: ['room:home'], ty: [23], fo: 2 })).toEqual(['cse-in/home', 'cse-in/home/g']);
    // XOR: labelled sensor or modified state, not both (t1 has both).
    expect(await uris({ lbl: ['sensor'], lvl: 2, stb: 0, fo: 3 })).toEqual(['cse-in/home/h1']);
  });

  it('filters by attribute values (atr), with wildcards', async () => {
    expect(await uris({ atr: [{ nm: 'con', val: '21.5' }] })).toEqual(['cse-in/home/t1/c2']);
    expect(await uris({ atr: [{ nm: 'mni', val: '10' }] })).toEqual(['cse-in/home/t1']);
    expect(await uris({ atr: [{ nm: 'rn', val: 'c*' }] })).toEqual([
      'cse-in/home/t1/c1',
      'cse-in/home/t1/c2',
      'cse-in/home/t1/c3',
    ]);
    expect(await uris({ atr: [{ nm: 'lbl', val: 'humidity' }] })).toEqual(['cse-in/home/h1']);
  });

  it('filters by child and parent properties (chty, clbl, pty, palb)', async () => {
    expect(await uris({ chty: [4] })).toEqual(['cse-in/home/t1']);
    expect(await uris({ clbl: ['humidity'] })).toEqual(['cse-in/home']);
    expect(await uris({ pty: [5] })).toEqual(['cse-in/home', 'cse-in/other']);
    expect(await uris({ palb: ['room:home'] })).toEqual(['cse-in/home/t1', 'cse-in/home/h1', 'cse-in/home/g']);
  });

  it('applies a relative path to every match (arp)', async () => {
    expect(await uris({ lbl: ['temp'], arp: 'c2' })).toEqual(['cse-in/home/t1/c2']);
  });

  it('answers unstructured addresses for drt=2 and references for rcn=6, and refuses other rcn', async () => {
    const unstructured = await uris({ ty: [23] }, { drt: 2 });
    expect(unstructured).toEqual([`/id-in/${String((made['g'] as Record<string, unknown>)['ri'])}`]);
    const rrl = body<{ rrf: unknown[] }>(await discover({ ty: [23] }, { rcn: 6 }), 'm2m:rrl');
    expect(rrl.rrf).toEqual([{ nm: 'g', typ: 23, val: 'cse-in/home/g' }]);
    expect((await discover({}, { rcn: 1 })).rsc).toBe(4000);
  });

  it('refuses filter criteria this CSE does not evaluate', async () => {
    const response = await discover({ smf: ['SELECT ?x'] });
    expect(response.rsc).toBe(5001);
    expect(dbg(response)).toContain('smf');
  });

  it('discovers through the query string as TS-0009 writes it', async () => {
    const response = await fetch(`${url}/cse-in?fu=1&ty=3&lbl=sensor+temp&lim=5&mni=10`, {
      headers: { 'x-m2m-origin': ADMIN, 'x-m2m-ri': 'q', 'x-m2m-rvi': '3' },
    });
    expect(response.headers.get('x-m2m-rsc')).toBe('2000');
    expect(await response.json()).toEqual({ 'm2m:uril': ['cse-in/home/t1'] });
  });
});

describe('conditional retrieval (fu=2)', () => {
  it('returns the target only when it matches', async () => {
    const match = await send(url, { op: 2, to: 'cse-in/home/t1', fr: ADMIN, fc: { lbl: ['temp'] } });
    expect(match.rsc).toBe(2000);
    const miss = await send(url, { op: 2, to: 'cse-in/home/t1', fr: ADMIN, fc: { lbl: ['humidity'] } });
    expect(miss.rsc).toBe(4004);
  });

  it('selects the children included for rcn 4 and 6', async () => {
    const response = await send(url, {
      op: 2,
      to: 'cse-in/home/t1',
      fr: ADMIN,
      rcn: 6,
      fc: { atr: [{ nm: 'con', val: '2*' }], lim: 2 },
    });
    expect(body<{ rrf: { nm: string }[] }>(response, 'm2m:rrl').rrf.map((r) => r.nm)).toEqual(['c1', 'c2']);
    const nested = body(await send(url, { op: 2, to: 'cse-in/home', fr: ADMIN, rcn: 4, fc: { ty: [3] } }), 'm2m:cnt');
    expect((nested['m2m:cnt'] as { rn: string }[]).map((c) => c.rn)).toEqual(['t1', 'h1']);
    expect(nested).not.toHaveProperty('m2m:sub');
  });
});
