import { encode as cborEncode } from 'cborg';
import { describe, expect, it } from 'vitest';
import { peekPrimitive } from '../../src/transport/primitive-peek.js';
import { deepRequest } from '../helpers/deep-primitive.js';

// What a refused message still tells at its top level (rqi, request or response), in each
// serialization, however deep its content and wherever the rqi stands.

const text = (s: string) => new TextEncoder().encode(s);

describe('peekPrimitive', () => {
  it('json and cbor: the rqi after content 100 000 levels deep', () => {
    for (const encoding of ['json', 'cbor'] as const)
      expect(peekPrimitive(encoding, deepRequest(encoding, { rqi: 'r1', rn: 'x', depth: 100_000 }))).toEqual({
        rqi: 'r1',
        kind: 'request',
      });
  });

  it('cbor: indefinite-length maps, strings and a response', () => {
    const bytes = Uint8Array.from([
      0xbf, // indefinite map
      ...cborEncode('pc'),
      0xbf,
      ...cborEncode('m2m:dbg'),
      0x7f, // indefinite text
      ...cborEncode('a'),
      ...cborEncode('b'),
      0xff,
      0xff,
      ...cborEncode('rsc'),
      ...cborEncode(4000),
      ...cborEncode('rqi'),
      ...cborEncode('r2'),
      0xff,
    ]);
    expect(peekPrimitive('cbor', bytes)).toEqual({ rqi: 'r2', kind: 'response' });
  });

  it('xml: the children of m2m:rqp / m2m:rsp only, not an rqi inside the content', () => {
    const xml = `<?xml version="1.0"?><m2m:rqp xmlns:m2m="http://www.onem2m.org/xml/protocols"><op>1</op>
      <pc><m2m:req><rqi>inner</rqi><!-- <rqi>comment</rqi> --></m2m:req></pc><to/><rqi> r3 </rqi></m2m:rqp>`;
    expect(peekPrimitive('xml', text(xml))).toEqual({ rqi: 'r3', kind: 'request' });
  });

  it('nothing to tell: not an object, truncated, garbage', () => {
    expect(peekPrimitive('json', text('[1,2]'))).toEqual({});
    expect(peekPrimitive('json', text('{ not json'))).toEqual({});
    expect(peekPrimitive('cbor', Uint8Array.of(0xa2, 0x63, 0x72))).toEqual({});
    expect(peekPrimitive('cbor', Uint8Array.of(0x81, 0x01))).toEqual({});
    expect(peekPrimitive('xml', text('garbage'))).toEqual({});
  });
});
