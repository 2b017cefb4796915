import { describe, expect, it } from 'vitest';
import { cborCodec, DecodingError, jsonCodec, xmlCodec } from '../../src/encoding/index.js';

// Decode-time limits: content nesting deeper than 64 levels, and CBOR values JSON cannot carry
// (integers beyond ±(2^53 - 1), maps with non-string keys, undefined, tagged values), are refused
// as DecodingError naming the limit, whatever the depth (no stack overflow, in linear time).

const utf8 = new TextEncoder();

/** `{"m2m:cin":{"con":[[[…]]]}}` with `arrays` nested arrays: depth arrays + 2. */
function deepJson(arrays: number): Uint8Array {
  return utf8.encode(`{"m2m:cin":{"con":${'['.repeat(arrays)}${']'.repeat(arrays)}}}`);
}

/** The same in CBOR: a1 "m2m:cin" a1 "con" 81 81 … 80. */
function deepCbor(arrays: number, tail: readonly number[] = [0x80]): Uint8Array {
  const head = [0xa1, 0x67, ...utf8.encode('m2m:cin'), 0xa1, 0x63, ...utf8.encode('con')];
  return new Uint8Array([...head, ...new Array<number>(arrays - 1).fill(0x81), ...tail]);
}

function deepXml(elements: number): Uint8Array {
  return utf8.encode(
    `<m2m:cin xmlns:m2m="http://www.onem2m.org/xml/protocols"><con>${'<a>'.repeat(elements)}x${'</a>'.repeat(elements)}</con></m2m:cin>`,
  );
}

function refusal(decode: () => unknown): DecodingError {
  try {
    decode();
  } catch (error) {
    expect(error).toBeInstanceOf(DecodingError);
    return error as DecodingError;
  }
  throw new Error('decoded');
}

describe('nesting depth is limited to 64 levels in every encoding', () => {
  it('json: 64 levels decode, 65 and 200,000 are refused naming the limit', () => {
    expect(jsonCodec.decode(deepJson(62))).toBeDefined();
    expect(refusal(() => jsonCodec.decode(deepJson(63))).message).toMatch(/deeper than 64 levels/);
    expect(refusal(() => jsonCodec.decode(deepJson(200_000))).message).toMatch(/deeper than 64 levels/);
  });

  it('cbor: 64 levels decode, 65 and 200,000 are refused naming the limit', () => {
    expect(cborCodec.decode(deepCbor(62))).toBeDefined();
    expect(refusal(() => cborCodec.decode(deepCbor(63))).message).toMatch(/deeper than 64 levels/);
    expect(refusal(() => cborCodec.decode(deepCbor(200_000))).message).toMatch(/deeper than 64 levels/);
    // Maps and tags count as levels too.
    expect(refusal(() => cborCodec.decode(deepCbor(70, [0xa1, 0x61, 0x6b, 0x80]))).message).toMatch(/64 levels/);
  });

  it('xml: 64 levels decode, 65 and 100,000 are refused naming the limit', () => {
    expect(xmlCodec.decode(deepXml(62))).toBeDefined();
    expect(refusal(() => xmlCodec.decode(deepXml(63))).message).toMatch(/deeper than 64 levels/);
    expect(refusal(() => xmlCodec.decode(deepXml(100_000))).message).toMatch(/deeper than 64 levels/);
  });
});

describe('cbor values that JSON cannot carry are refused', () => {
  const content = (item: readonly number[]) => deepCbor(1, item);

  it('integers beyond ±(2^53 - 1), as plain integers or bignums', () => {
    expect(cborCodec.decode(content([0x1b, 0x00, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toEqual({
      'm2m:cin': { con: Number.MAX_SAFE_INTEGER },
    });
    for (const item of [
      [0x1b, 0x00, 0x20, 0, 0, 0, 0, 0, 0], // 2^53
      [0x3b, 0x10, 0, 0, 0, 0, 0, 0, 0], // -2^60 - 1
      [0xc2, 0x49, 0x01, 0, 0, 0, 0, 0, 0, 0, 0], // tag 2 bignum 2^64
    ]) {
      const error = refusal(() => cborCodec.decode(content(item)));
      expect(error.message).toMatch(/2\^53/);
      expect(error.message).toContain('/m2m:cin/con');
    }
  });

  it('undefined, maps with non-string keys and tagged values such as dates', () => {
    expect(refusal(() => cborCodec.decode(content([0xf7]))).message).toMatch(/undefined/);
    expect(refusal(() => cborCodec.decode(content([0xa1, 0x01, 0x02]))).message).toMatch(/non-string key/);
    expect(refusal(() => cborCodec.decode(content([0xc1, 0x1a, 0x65, 0x00, 0x00, 0x00]))).message).toMatch(/tag/);
  });

  it('byte strings stay binary content', () => {
    expect(cborCodec.decode(content([0x43, 1, 2, 3]))).toEqual({ 'm2m:cin': { con: new Uint8Array([1, 2, 3]) } });
  });
});
