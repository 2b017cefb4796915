import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cborCodec, jsonCodec, xmlCodec } from '../../src/encoding/index.js';
import type { RequestPrimitive } from '../../src/primitives/request.js';
import { ADMIN, body, create, dbg, logger, rawFetch, registerAe, send, tempDir, testCse } from './helpers.js';

// Requests a CSE on a shared network gets: over-deep and unrepresentable content, pathological
// wildcards, floods of non-blocking requests, names that are not names. Each is refused with a
// clear error before anything is stored, and the CSE goes on serving (and persisting) the rest.

const utf8 = new TextEncoder();
const deepArrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

function headers(origin: string, contentType?: string): Record<string, string> {
  return {
    'x-m2m-origin': origin,
    'x-m2m-ri': `h-${Math.random()}`,
    'x-m2m-rvi': '4',
    accept: 'application/json',
    ...(contentType === undefined ? {} : { 'content-type': contentType }),
  };
}

/** `{"m2m:cin": {"con": <item>}}` in CBOR, with the raw bytes of `item`. */
function cborCin(item: readonly number[]): Uint8Array {
  return new Uint8Array([0xa1, 0x67, ...utf8.encode('m2m:cin'), 0xa1, 0x63, ...utf8.encode('con'), ...item]);
}

const rscOf = (response: { headers: Record<string, string> }) => response.headers['x-m2m-rsc'];
const text = (response: { body?: Uint8Array }) => new TextDecoder().decode(response.body ?? new Uint8Array());

async function restartedHas(dataFile: string, paths: readonly string[]): Promise<number> {
  const again = await testCse({ dataFile });
  let found = 0;
  for (const path of paths) if ((await send(again.url, { op: 2, to: path, fr: ADMIN })).rsc === 2000) found++;
  await again.close();
  return found;
}

describe('content that could stop persistence is refused before anything is stored', () => {
  it('an rt=1 request with 6,000-level content from an unregistered originator: 4000, and saving goes on', async () => {
    const dataFile = join(await tempDir(), 'cse.json');
    const log = logger();
    const cse = await testCse({ dataFile, log: log.log });
    const deep = await rawFetch(
      cse.url,
      'POST',
      '/cse-in/nowhere?rt=1',
      headers('Cunknown', 'application/json;ty=4'),
      `{"m2m:cin":{"con":${deepArrays(6000)}}}`,
    );
    expect(rscOf(deep)).toBe('4000');
    expect(text(deep)).toMatch(/deeper than 64 levels/);
    const big = await rawFetch(
      cse.url,
      'POST',
      '/cse-in/nowhere?rt=1',
      headers('Cunknown', 'application/cbor;ty=4'),
      cborCin([0x1b, 0x01, 0, 0, 0, 0, 0, 0, 0]),
    );
    expect(rscOf(big)).toBe('4000');
    expect(text(big)).toMatch(/2\^53/);
    const paths: string[] = [];
    for (let i = 0; i < 10; i++) {
      await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: `kept${i}` });
      paths.push(`cse-in/kept${i}`);
    }
    await cse.close();
    expect(log.lines.filter((line) => /could not write|stack|BigInt/i.test(line))).toEqual([]);
    expect(await restartedHas(dataFile, paths)).toBe(10);
  });

  it('content given in-process (no decoder) is checked too: depth, BigInt, non-data values', async () => {
    const dataFile = join(await tempDir(), 'cse.json');
    const cse = await testCse({ dataFile });
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const handle = (pc: Record<string, unknown>, extra: Partial<RequestPrimitive> = {}) =>
      cse.cse.handle({ op: 1, to: 'cse-in', fr: ADMIN, rqi: 'r', rvi: '4', ty: 28, pc, ...extra } as RequestPrimitive);
    for (const [pc, reason] of [
      [{ 'cod:tempe': { rn: 'f1', cnd: 'org.onem2m.common.moduleclass.temperature', curT0: deep } }, /64 levels/],
      [{ 'cod:tempe': { rn: 'f2', cnd: 'org.onem2m.common.moduleclass.temperature', curT0: 10n ** 20n } }, /BigInt/],
      [{ 'cod:tempe': { rn: 'f3', cnd: 'org.onem2m.common.moduleclass.temperature', curT0: new Map() } }, /Map/],
    ] as const) {
      const response = await handle(pc);
      expect(response.rsc, JSON.stringify(response.pc)).toBe(4000);
      expect(dbg(response)).toMatch(reason);
      expect(dbg(response)).toContain('/cod:tempe/curT0');
    }
    const nonBlocking = await handle({ 'm2m:cin': { con: deep } }, { to: 'cse-in/nowhere', ty: 4, rt: { rtv: 1 } });
    expect(nonBlocking.rsc).toBe(4000);
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'after' });
    await cse.close();
    expect(await restartedHas(dataFile, ['cse-in/after'])).toBe(1);
  });
});

describe('over-deep content is refused at decoding, never stored, never a bare 500', () => {
  it('a contentInstance nesting 3,000 levels: 4000 naming the limit in json, xml and cbor; the container stays servable', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'box' });
    const bodies: [string, Uint8Array | string][] = [
      ['application/json;ty=4', `{"m2m:cin":{"con":${deepArrays(3000)}}}`],
      [
        'application/xml;ty=4',
        `<m2m:cin xmlns:m2m="http://www.onem2m.org/xml/protocols"><con>${'<a>'.repeat(3000)}x${'</a>'.repeat(3000)}</con></m2m:cin>`,
      ],
      ['application/vnd.onem2m-res+cbor;ty=4', cborCin([...new Array<number>(3000).fill(0x81), 0x80])],
      ['application/vnd.onem2m-res+cbor;ty=4', cborCin([...new Array<number>(900).fill(0x81), 0x80])],
    ];
    for (const [contentType, payload] of bodies) {
      const response = await rawFetch(cse.url, 'POST', '/cse-in/box', headers(ADMIN, contentType), payload);
      expect(rscOf(response), contentType).toBe('4000');
      expect(text(response)).toMatch(/deeper than 64 levels/);
    }
    expect((await send(cse.url, { op: 2, to: 'cse-in/box/la', fr: ADMIN })).rsc).toBe(4004);
    expect((await send(cse.url, { op: 2, to: 'cse-in/box', fr: ADMIN, rcn: 4 })).rsc).toBe(2000);
    expect((await send(cse.url, { op: 2, to: 'cse-in', fr: ADMIN, rcn: 4 })).rsc).toBe(2000);
  });

  it('content sizes (cs, cbs) of deep content are computed without recursion', async () => {
    const { contentSize } = await import('../../src/cse/behaviours/instance-container.js');
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(contentSize(deep)).toBe(JSON.stringify({ a: 'x' }).length + 6 * (100_000 - 1));
    expect(contentSize({ k: 'é', n: [1, 2.5, null, true], s: '"\n' })).toBe(
      utf8.encode(JSON.stringify({ k: 'é', n: [1, 2.5, null, true], s: '"\n' })).length,
    );
    expect(contentSize(new Uint8Array(7))).toBe(7);
  });

  it('a response that cannot be encoded is answered 5000 with a reason, not a bare HTTP 500', async () => {
    const circular: Record<string, unknown> = { rn: 'loop' };
    circular['self'] = circular;
    const cse = await testCse({
      virtualResources: [
        {
          name: 'broken',
          appliesTo: (parent) => parent.ty === 5,
          handle: async () => ({ rsc: 2000, pc: { 'm2m:cnt': circular } }),
        },
      ],
    });
    for (const accept of [jsonCodec, cborCodec, xmlCodec]) {
      const response = await rawFetch(cse.url, 'GET', '/cse-in/broken', {
        ...headers(ADMIN),
        accept: accept.mediaType,
      });
      expect(response.status).toBe(500);
      expect(rscOf(response)).toBe('5000');
      expect(text(response)).toMatch(/m2m:dbg.*cannot be encoded/);
    }
  });
});

describe('wildcards match in linear time (no ReDoS)', () => {
  const pattern = `${'*a'.repeat(12)}*b`;
  const name = 'a'.repeat(46);

  it('a discovery with a pathological attribute pattern answers at once', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: name });
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: `${name}b` });
    const started = performance.now();
    const response = await rawFetch(cse.url, 'GET', `/cse-in?fu=1&rn=${pattern}`, headers(ADMIN));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(JSON.parse(text(response))).toEqual({ 'm2m:uril': [`cse-in/${name}b`] });
  });

  it('an acor wildcard against a long originator answers at once', async () => {
    const cse = await testCse();
    const owner = await registerAe(cse.url, 'owner', 'Cowner');
    const acp = await create(cse.url, owner, 'cse-in/owner', 1, 'm2m:acp', {
      rn: 'policy',
      pv: { acr: [{ acor: [`C${pattern}`], acop: 2 }] },
      pvs: { acr: [{ acor: [owner], acop: 63 }] },
    });
    await create(cse.url, owner, 'cse-in/owner', 3, 'm2m:cnt', { rn: 'box', acpi: [acp['ri']] });
    const started = performance.now();
    expect((await send(cse.url, { op: 2, to: 'cse-in/owner/box', fr: `C${name}` })).rsc).toBe(4103);
    expect((await send(cse.url, { op: 2, to: 'cse-in/owner/box', fr: `C${name}b` })).rsc).toBe(2000);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('non-blocking requests are admitted before anything is stored', () => {
  const requests = async (url: string) =>
    body<string[]>(await send(url, { op: 2, to: 'cse-in', fr: ADMIN, fc: { fu: 1, ty: [17] } }), 'm2m:uril');

  it('unregistered originators cannot fill the CSE with <request> resources', async () => {
    const cse = await testCse();
    const filler = `{"m2m:cin":{"con":"${'x'.repeat(100_000)}"}}`;
    for (let i = 0; i < 20; i++) {
      const response = await rawFetch(
        cse.url,
        'POST',
        '/cse-in/missing?rt=1',
        headers(`Cflood${i}`, 'application/json;ty=4'),
        filler,
      );
      expect(rscOf(response)).toBe('4106');
    }
    expect(await requests(cse.url)).toEqual([]);
  });

  it('a missing target, or one the originator may not use, is refused at once', async () => {
    const cse = await testCse();
    const aei = await registerAe(cse.url, 'app');
    const other = await registerAe(cse.url, 'other');
    await create(cse.url, other, 'cse-in/other', 3, 'm2m:cnt', { rn: 'private' });
    const missing = await send(cse.url, { op: 4, to: 'cse-in/app/missing', fr: aei, rt: { rtv: 1 } });
    expect(missing.rsc).toBe(4004);
    const denied = await send(cse.url, {
      op: 1,
      to: 'cse-in/other/private',
      fr: aei,
      ty: 4,
      pc: { 'm2m:cin': { con: 'x' } },
      rt: { rtv: 1 },
    });
    expect(denied.rsc).toBe(4103);
    expect(await requests(cse.url)).toEqual([]);
  });

  it('bounds the <request> resources one originator holds', async () => {
    const cse = await testCse();
    const aei = await registerAe(cse.url, 'busy');
    const answers: number[] = [];
    for (let i = 0; i < 120; i++)
      answers.push((await send(cse.url, { op: 2, to: 'cse-in/busy', fr: aei, rt: { rtv: 1 } })).rsc);
    expect(answers.filter((rsc) => rsc === 1001)).toHaveLength(100);
    const refused = await send(cse.url, { op: 2, to: 'cse-in/busy', fr: aei, rt: { rtv: 1 } });
    expect(refused.rsc).toBe(5207);
    expect(dbg(refused)).toMatch(/100 <request> resources/);
    expect(await requests(cse.url)).toHaveLength(100);
    // Others are not affected.
    const calm = await registerAe(cse.url, 'calm');
    expect((await send(cse.url, { op: 2, to: 'cse-in/calm', fr: calm, rt: { rtv: 1 } })).rsc).toBe(1001);
  });
});

describe('resource names', () => {
  it('refuses . and .. and names longer than 255 characters with 4000', async () => {
    const cse = await testCse();
    for (const rn of ['.', '..', 'x'.repeat(256), 'y'.repeat(100_000)]) {
      const response = await send(cse.url, { op: 1, to: 'cse-in', fr: ADMIN, ty: 3, pc: { 'm2m:cnt': { rn } } });
      expect(response.rsc, rn.slice(0, 10)).toBe(4000);
      expect(dbg(response)).toMatch(rn.length > 2 ? /255/ : /\. or \.\./);
    }
    expect((await send(cse.url, { op: 2, to: 'cse-in', fr: ADMIN, fc: { fu: 1 } })).pc).toEqual({ 'm2m:uril': [] });
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'z'.repeat(255) });
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: '...' });
  });

  it('refuses an AE whose AE-ID (its default name) is longer than 255 characters', async () => {
    const cse = await testCse();
    const response = await send(cse.url, {
      op: 1,
      to: 'cse-in',
      fr: `C${'a'.repeat(300)}`,
      ty: 2,
      pc: { 'm2m:ae': { api: 'Nlong', rr: false, srv: ['4'] } },
    });
    expect(response.rsc).toBe(4000);
    expect(dbg(response)).toMatch(/255/);
  });
});

describe('no existence oracle', () => {
  it('la and ol of an empty container check privileges before answering 4004', async () => {
    const cse = await testCse();
    const owner = await registerAe(cse.url, 'owner');
    const stranger = await registerAe(cse.url, 'stranger');
    await create(cse.url, owner, 'cse-in/owner', 3, 'm2m:cnt', { rn: 'empty' });
    for (const virtual of ['la', 'ol']) {
      expect((await send(cse.url, { op: 2, to: `cse-in/owner/empty/${virtual}`, fr: stranger })).rsc).toBe(4103);
      expect((await send(cse.url, { op: 4, to: `cse-in/owner/empty/${virtual}`, fr: stranger })).rsc).toBe(4103);
      expect((await send(cse.url, { op: 2, to: `cse-in/owner/empty/${virtual}`, fr: owner })).rsc).toBe(4004);
    }
  });
});
