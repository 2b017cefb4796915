import { describe, expect, it } from 'vitest';
import { decodeContent, encodeContent, parseContentInfo, type ContentValue } from '../../src/model/index.js';
import { ENCODINGS, sessionFor, unique, useCse } from './helpers.js';

const cse = useCse();

const VALUES: ReadonlyArray<readonly [string, ContentValue, string]> = [
  ['a string', 'twenty-one ½', 'text/plain:0'],
  ['an empty string', '', 'text/plain:0'],
  ['a number', 21.5, 'application/json:0'],
  ['zero', 0, 'application/json:0'],
  ['a boolean', false, 'application/json:0'],
  ['null', null, 'application/json:0'],
  ['an object', { temperature: 21.5, unit: 'C', tags: ['a', 'b'], nested: { ok: true } }, 'application/json:0'],
  ['an array', [1, 'two', null], 'application/json:0'],
  ['bytes', new Uint8Array([0, 1, 2, 253, 254, 255]), 'application/octet-stream:1'],
  ['no bytes', new Uint8Array([]), 'application/octet-stream:1'],
];

describe('content values and contentInfo', () => {
  it('encodes each kind of value with a cnf that decodes it back', () => {
    for (const [, value, cnf] of VALUES) {
      const encoded = encodeContent(value);
      expect(encoded.cnf).toBe(cnf);
      expect(typeof encoded.con).toBe('string');
      expect(decodeContent(encoded.con, encoded.cnf)).toEqual(value);
    }
  });

  it('follows explicit contentInfo and tolerates what does not decode', () => {
    expect(parseContentInfo('application/json:1')).toEqual({ mediaType: 'application/json', encoding: 1 });
    expect(parseContentInfo(undefined)).toEqual({ mediaType: undefined, encoding: 0 });
    expect(encodeContent('héllo', 'text/plain:1')).toEqual({ con: 'aMOpbGxv', cnf: 'text/plain:1' });
    expect(decodeContent('aMOpbGxv', 'text/plain:1')).toBe('héllo');
    expect(decodeContent('eyJhIjoxfQ==', 'application/json:1')).toEqual({ a: 1 });
    expect(decodeContent('{"a":1}', 'application/vnd.example+json:0')).toEqual({ a: 1 });
    expect(decodeContent('{not json', 'application/json:0')).toBe('{not json');
    expect(decodeContent('21', undefined)).toBe('21');
    expect(decodeContent({ already: 'structured' }, 'application/json:0')).toEqual({ already: 'structured' });
    expect(decodeContent('AAEC', 'image/png:2')).toEqual(new Uint8Array([0, 1, 2]));
    expect(encodeContent({ a: 1 }, 'application/vnd.example+json:0')).toEqual({
      con: '{"a":1}',
      cnf: 'application/vnd.example+json:0',
    });
    expect(() => encodeContent(Number.NaN)).toThrow(RangeError);
  });
});

for (const encoding of ENCODINGS) {
  describe(`content through the CSE (${encoding})`, () => {
    it('reads back every value with the type it was added with', async () => {
      const cb = await sessionFor(cse.current, encoding).cseBase();
      const ae = await cb.ae(unique('content'), { api: 'Ncontent', rr: true, srv: ['3'] });
      const cnt = await ae.container('values');
      expect([
        await cnt.latestContentInstance(),
        await cnt.oldestContentInstance(),
        await cnt.latestContent(),
        await cnt.oldestContent(),
      ]).toEqual([undefined, undefined, undefined, undefined]);
      const values = encoding === 'xml' ? VALUES.filter(([what]) => what !== 'no bytes') : VALUES;
      for (const [what, value, cnf] of values) {
        const cin = await cnt.addContent(value);
        if (!(encoding === 'xml' && value === '')) expect(cin.cnf, what).toBe(cnf);
        expect(cin.content, what).toEqual(value);
        expect((await cnt.latestContent()) as unknown, what).toEqual(value);
      }
      expect(await cnt.contents()).toEqual(values.map(([, value]) => value));
      if (encoding === 'xml') await expect(cnt.addContent(new Uint8Array())).rejects.toThrow(/empty/);
      expect(await cnt.oldestContent()).toBe(VALUES[0]?.[1]);
      const latest = await cnt.latestContentInstance();
      expect(latest?.address).toBe(`${cnt.address}/${latest?.rn}`);
      expect((await cnt.oldestContentInstance())?.content).toBe(VALUES[0]?.[1]);
      await ae.delete();
    });

    it('takes contentInstance attributes and an explicit cnf', async () => {
      const cb = await sessionFor(cse.current, encoding).cseBase();
      const ae = await cb.ae(unique('cin'), { api: 'Ncin', rr: true, srv: ['3'] });
      const cnt = await ae.container('c');
      const cin = await cnt.addContent('<b>x</b>', { rn: 'first', lbl: ['html'], cnf: 'text/html:0' });
      expect([cin.rn, cin.lbl, cin.cnf, cin.content, cin.rawContent, cin.cs]).toEqual([
        'first',
        ['html'],
        'text/html:0',
        '<b>x</b>',
        '<b>x</b>',
        8,
      ]);
      expect(cin.address).toBe(`${cnt.address}/first`);
      await ae.delete();
    });
  });
}
