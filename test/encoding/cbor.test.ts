import { encode as independentEncode } from 'cbor2';
import { describe, expect, it } from 'vitest';
import { cborCodec, DecodingError } from '../../src/encoding/index.js';

// The CBOR codec runs on cborg; these pin the places where cborg's defaults are not what oneM2M
// content needs, so that a library update or swap cannot change them unnoticed.

const hex = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s/g, ''), 'hex'));

describe('the CBOR codec', () => {
  it('keeps the caller’s key order when encoding', () => {
    const content = { 'm2m:cnt': { rn: 'temp', mni: 10, lbl: ['a'], ty: 3 } };
    expect(Object.keys(cborCodec.decode(cborCodec.encode(content))['m2m:cnt'] as object)).toEqual([
      'rn',
      'mni',
      'lbl',
      'ty',
    ]);
    expect(cborCodec.encode(content)).toEqual(new Uint8Array(independentEncode(content)));
  });

  it('refuses a text string that is not valid UTF-8 instead of repairing it', () => {
    // {"k": <2-byte text: C3 28>}
    expect(() => cborCodec.decode(hex('a1 61 6b 62 c3 28'))).toThrow(DecodingError);
    expect(() => cborCodec.decode(hex('a1 61 6b 62 c3 28'))).toThrow(/not valid UTF-8/);
    // A real U+FFFD in the content is kept.
    expect(cborCodec.decode(hex('a1 61 6b 63 ef bf bd'))).toEqual({ k: '\uFFFD' });
  });

  it('refuses a "__proto__" key rather than letting it set a prototype', () => {
    // {"m2m:cnt": {"__proto__": {"rn": "x"}}}
    const body = hex('a1 67 6d 32 6d 3a 63 6e 74 a1 69 5f 5f 70 72 6f 74 6f 5f 5f a1 62 72 6e 61 78');
    expect(() => cborCodec.decode(body)).toThrow(/"__proto__" is not oneM2M content/);
    // The same text as a value is content like any other.
    expect(cborCodec.decode(hex('a1 61 6b 69 5f 5f 70 72 6f 74 6f 5f 5f'))).toEqual({ k: '__proto__' });
  });

  it('refuses bignums beyond 2^53 (JSON cannot carry them) and other tags', () => {
    expect(() => cborCodec.decode(hex('a1 61 6b c2 49 01 00 00 00 00 00 00 00 00'))).toThrow(/\/k: .*2\^53/);
    expect(() => cborCodec.decode(hex('a1 61 6b c1 1a 5f 5e 10 00'))).toThrow(DecodingError);
  });

  it('refuses non-string keys, trailing bytes and a top level that is not a map', () => {
    for (const body of ['a1 01 01', 'a1 61 6b 01 00', '81 01', '43 01 02 03'])
      expect(() => cborCodec.decode(hex(body)), body).toThrow(DecodingError);
  });
});
