import { describe, expect, it } from 'vitest';
import { cborCodec, EncodingError, jsonCodec } from '../../src/encoding/index.js';
import type { PrimitiveContent } from '../../src/primitives/content.js';

// The encoders refuse what JSON.stringify would silently alter, and name where it is; the check
// runs on every request, so it is a cheap walk with a slow one only to name the problem.

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe.each([jsonCodec, cborCodec])('$encoding encoder', (codec) => {
  const cases: [string, unknown, string, RegExp][] = [
    ['NaN', { 'm2m:cin': { con: Number.NaN } }, '/m2m:cin/con', /NaN is not a finite number/],
    ['Infinity in a list', { 'm2m:cnt': { lbl: ['a', Number.POSITIVE_INFINITY] } }, '/m2m:cnt/lbl/1', /finite/],
    ['a function', { 'm2m:cnt': { rn: () => 'x' } }, '/m2m:cnt/rn', /a function is not data/],
    ['a symbol deep down', { 'm2m:cin': { con: { a: [{ b: Symbol('s') }] } } }, '/m2m:cin/con/a/0/b', /symbol/],
    ['a bigint', { 'm2m:cnt': { mni: 10n } }, '/m2m:cnt/mni', /bigint/],
    ['a key with / and ~', { 'm2m:cin': { con: { 'a/b~c': Number.NaN } } }, '/m2m:cin/con/a~1b~0c', /finite/],
  ];
  for (const [what, content, pointer, reason] of cases)
    it(`refuses ${what}, naming ${pointer}`, () => {
      try {
        codec.encode(content as PrimitiveContent);
        throw new Error('expected an EncodingError');
      } catch (error) {
        expect(error).toBeInstanceOf(EncodingError);
        expect((error as EncodingError).pointer).toBe(pointer);
        expect((error as EncodingError).reason).toMatch(reason);
      }
    });

  it('accepts null (an attribute to delete), nested lists and objects', () => {
    const content = { 'm2m:cnt': { lbl: null, at: [['a'], []], con: { x: { y: [1, 2.5, -3] } } } };
    expect(codec.decode(codec.encode(content as PrimitiveContent))).toEqual(content);
  });

  it('ignores inherited properties, as JSON.stringify does', () => {
    const content = Object.create({ inherited: Number.NaN }) as Record<string, unknown>;
    content['m2m:cnt'] = { rn: 'x' };
    expect(codec.decode(codec.encode(content as PrimitiveContent))).toEqual({ 'm2m:cnt': { rn: 'x' } });
  });
});

describe('JSON byte strings', () => {
  it('a Uint8Array anywhere travels as base64', () => {
    const content = { 'm2m:cin': { con: { a: [new Uint8Array([0, 1, 2, 255])] } } };
    expect(text(jsonCodec.encode(content))).toBe('{"m2m:cin":{"con":{"a":["AAEC/w=="]}}}');
  });

  it('content without byte strings is written as JSON.stringify writes it', () => {
    const content = { 'm2m:cnt': { rn: 'x', lbl: ['a'], mni: 3, dr: true, u: undefined } };
    expect(text(jsonCodec.encode(content))).toBe(JSON.stringify(content));
  });
});
