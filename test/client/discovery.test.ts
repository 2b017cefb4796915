import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '../../src/client/Client.js';
import { ok, startRecorder, type Recorder } from '../helpers/recorder.js';

// A fake CSE holding `total` matches that honours lim and ofst (1-based), optionally telling
// the next offset in X-M2M-CTO, or ignoring ofst to check that the walk does not loop.
let recorder: Recorder;
beforeAll(async () => {
  recorder = await startRecorder();
});
afterAll(() => recorder.close());

function fakeCse(
  total: number,
  behaviour: { contentOffset?: boolean; ignoreOfst?: boolean; ignoreLim?: boolean } = {},
): void {
  recorder.requests.length = 0;
  recorder.reply = (req) => {
    const q = new URLSearchParams(req.query);
    const lim = behaviour.ignoreLim ? total : Number(q.get('lim') ?? total);
    const ofst = behaviour.ignoreOfst ? 1 : Number(q.get('ofst') ?? 1);
    const page = Array.from(
      { length: Math.max(0, Math.min(lim, total - ofst + 1)) },
      (_, i) => `cse-in/ae/cnt${ofst + i}`,
    );
    const reply = ok(req, { 'm2m:uril': page });
    const more = ofst - 1 + page.length < total;
    return behaviour.contentOffset
      ? {
          ...reply,
          headers: {
            ...reply.headers,
            'x-m2m-cts': more ? '1' : '2',
            ...(more ? { 'x-m2m-cto': String(ofst + page.length) } : {}),
          },
        }
      : reply;
  };
}

describe('discovery', () => {
  beforeEach(() => fakeCse(25));

  it('discover sends fu=1 and rcn=11 with the filter and returns the m2m:uril', async () => {
    const found = await new Client({ url: recorder.url }).discover('cse-in', { ty: [3], lbl: ['a'], lim: 3 });
    expect(found).toEqual(['cse-in/ae/cnt1', 'cse-in/ae/cnt2', 'cse-in/ae/cnt3']);
    expect(recorder.requests[0]!.query).toBe('rcn=11&fu=1&lbl=a&lim=3&ty=3');
  });

  it('drt=2 asks for unstructured identifiers', async () => {
    await new Client({ url: recorder.url }).discover('cse-in', {}, { drt: 2 });
    expect(new URLSearchParams(recorder.requests[0]!.query).get('drt')).toBe('2');
  });

  it('discoverAll walks 10 000 matches in pages of lim, one page in memory at a time', async () => {
    fakeCse(10_000);
    let count = 0;
    let last = '';
    for await (const address of new Client({ url: recorder.url }).discoverAll(
      'cse-in',
      { ty: [3] },
      { pageSize: 500 },
    )) {
      count++;
      last = address;
    }
    expect(count).toBe(10_000);
    expect(last).toBe('cse-in/ae/cnt10000');
    // 20 full pages and one empty one that ends the walk.
    expect(recorder.requests.map((r) => new URLSearchParams(r.query).get('ofst'))).toEqual([
      ...Array.from({ length: 20 }, (_, i) => String(1 + i * 500)),
      '10001',
    ]);
    expect(recorder.requests.every((r) => new URLSearchParams(r.query).get('lim') === '500')).toBe(true);
  });

  it('a short page ends the walk without another request', async () => {
    const all = [];
    for await (const a of new Client({ url: recorder.url }).discoverAll('cse-in', {}, { pageSize: 10 })) all.push(a);
    expect(all).toHaveLength(25);
    expect(recorder.requests).toHaveLength(3);
  });

  it('the CSE’s content offset and content status drive the walk when sent', async () => {
    fakeCse(20, { contentOffset: true });
    const all = [];
    for await (const a of new Client({ url: recorder.url }).discoverAll('cse-in', {}, { pageSize: 10 })) all.push(a);
    expect(all).toHaveLength(20);
    expect(recorder.requests).toHaveLength(2);
  });

  it('a CSE that ignores lim returns everything in one page, and the walk stops there', async () => {
    fakeCse(30, { ignoreLim: true });
    const all = [];
    for await (const a of new Client({ url: recorder.url }).discoverAll('cse-in', {}, { pageSize: 10 })) all.push(a);
    expect(all).toHaveLength(30);
    expect(recorder.requests).toHaveLength(1);
  });

  it('a CSE that ignores ofst is asked once for everything: no result twice, none lost, no endless loop', async () => {
    fakeCse(30, { ignoreOfst: true });
    const seen: string[] = [];
    for await (const a of new Client({ url: recorder.url }).discoverAll('cse-in', {}, { pageSize: 10 })) seen.push(a);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => `cse-in/ae/cnt${i + 1}`));
    // page 1, page 2 (the same results again), then one request without lim and ofst.
    expect(recorder.requests.map((r) => new URLSearchParams(r.query).get('ofst'))).toEqual(['1', '11', null]);
  });

  it('never yields an address twice when pages overlap', async () => {
    // A CSE whose pages overlap by one: the old duplicate check compared only the first item.
    recorder.requests.length = 0;
    recorder.reply = (req) => {
      const ofst = Number(new URLSearchParams(req.query).get('ofst') ?? 1);
      const start = Math.max(1, ofst - 1);
      const page = Array.from({ length: Math.max(0, Math.min(10, 25 - start + 1)) }, (_, i) => `cnt${start + i}`);
      return ok(req, { 'm2m:uril': page });
    };
    const seen: string[] = [];
    for await (const a of new Client({ url: recorder.url }).discoverAll('cse-in', {}, { pageSize: 10 })) seen.push(a);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `cnt${i + 1}`));
  });

  it('breaking out of the loop stops requesting pages', async () => {
    fakeCse(1000);
    for await (const a of new Client({ url: recorder.url }).discoverAll('cse-in', {}, { pageSize: 10 }))
      if (a.endsWith('cnt15')) break;
    expect(recorder.requests).toHaveLength(2);
  });

  it('discoverResources retrieves each match lazily', async () => {
    fakeCse(3);
    const inner = recorder.reply;
    recorder.reply = (req, i) =>
      req.query.includes('fu=1') ? inner(req, i) : ok(req, { 'm2m:cnt': { rn: req.path.split('/').pop(), ty: 3 } });
    const out = [];
    for await (const r of new Client({ url: recorder.url }).discoverResources('cse-in', { ty: [3] })) out.push(r);
    expect(out).toEqual([1, 2, 3].map((i) => ({ typeName: 'm2m:cnt', resource: { rn: `cnt${i}`, ty: 3 } })));
  });
});
