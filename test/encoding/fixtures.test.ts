import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cborCodec, jsonCodec, xmlCodec } from '../../src/encoding/index.js';
import type { PrimitiveContent } from '../../src/primitives/content.js';

// Response bodies as a CSE sends them, written by hand from TS-0004 (JSON §8.4, XML §8.3 with the
// members in the XSD's order and indented); the .cbor files come from the independent encoder cbor2
// (make-cbor.ts). All three must decode to the same object.

const directory = new URL('../fixtures/encoding/', import.meta.url);
const read = (file: string) => new Uint8Array(readFileSync(new URL(file, directory)));

function decodeAll(name: string): { json: PrimitiveContent; xml: PrimitiveContent; cbor: PrimitiveContent } {
  return {
    json: jsonCodec.decode(read(`${name}.json`)),
    xml: xmlCodec.decode(read(`${name}.xml`)),
    cbor: cborCodec.decode(read(`${name}.cbor`)),
  };
}

const member = (content: PrimitiveContent, root: string) => content[root] as Record<string, unknown>;

describe.each(['ae', 'cnt', 'cin', 'cin-la', 'cin-ol', 'sub', 'uril', 'dbg'])('fixture %s', (name) => {
  it('decodes to the same object from JSON, XML and CBOR', () => {
    const { json, xml, cbor } = decodeAll(name);
    expect(Object.keys(json)).toHaveLength(1);
    expect(xml).toStrictEqual(json);
    expect(cbor).toStrictEqual(json);
  });
});

describe('fixture cb', () => {
  it('decodes to the same object from all three, pi included', () => {
    const { json, xml, cbor } = decodeAll('cb');
    expect(cbor).toStrictEqual(json);
    // The CSEBase's parentID is "" in JSON; in XML its element is empty, which elsewhere means
    // null (TS-0004 §8.3.1). pi is read-only and never reset, so the codec reads it as "".
    expect(member(json, 'm2m:cb')['pi']).toBe('');
    expect(xml).toStrictEqual(json);
    expect(xmlCodec.decode(xmlCodec.encode(json))).toStrictEqual(json);
  });

  it('gives typed values', () => {
    const cb = member(xmlCodec.decode(read('cb.xml')), 'm2m:cb');
    expect(cb['srt']).toEqual([1, 2, 3, 4, 5, 9, 13, 14, 15, 16, 17, 23, 28, 48]);
    expect(cb['srv']).toEqual(['2a', '3', '4', '5']);
    expect(cb['cst']).toBe(1);
    expect(cb['rn']).toBe('cse-in');
  });
});

describe('typed facts', () => {
  it.each(['json', 'xml', 'cbor'] as const)('container from %s: numbers, a one-label list, a boolean', (encoding) => {
    const cnt = member(decodeAll('cnt')[encoding], 'm2m:cnt');
    expect(cnt['cni']).toBe(4);
    expect(cnt['mni']).toBe(100);
    expect(cnt['lbl']).toEqual(['unit:celsius']);
    expect(cnt['disr']).toBe(false);
    expect(cnt['rn']).toBe('temperature');
  });

  it.each(['json', 'xml', 'cbor'] as const)('AE from %s: rr is a boolean, srv a list of strings', (encoding) => {
    const ae = member(decodeAll('ae')[encoding], 'm2m:ae');
    expect(ae['rr']).toBe(true);
    expect(ae['srv']).toEqual(['3']);
    expect(ae['poa']).toEqual(['http://192.0.2.10:9090/notify']);
    expect(ae['ty']).toBe(2);
  });

  it('contentInstance content stays a string, numeric-looking or JSON text', () => {
    expect(member(decodeAll('cin').xml, 'm2m:cin')['con']).toBe('21.5');
    expect(member(decodeAll('cin-ol').xml, 'm2m:cin')['con']).toBe('20.0');
    expect(JSON.parse(member(decodeAll('cin-la').xml, 'm2m:cin')['con'] as string)).toEqual({
      temperature: 22.1,
      unit: 'C',
    });
    expect(member(decodeAll('cin-ol').xml, 'm2m:cin')['dgt']).toBe('20250314T101509,500000');
  });

  it('subscription: complex members, number lists, a list of one complex value', () => {
    const sub = member(decodeAll('sub').xml, 'm2m:sub');
    expect(sub['enc']).toEqual({ net: [1, 3], chty: [4] });
    expect(sub['bn']).toEqual({ num: 5, dur: 'PT10S' });
    expect(sub['nsi']).toEqual([{ tg: 'CLightApp', rqs: 12, rsr: 11, noec: 0 }]);
    expect(sub['nu']).toEqual(['CLightApp', 'http://192.0.2.10:9090/notify']);
  });

  it('discovery result and debug text', () => {
    expect(decodeAll('uril').xml['m2m:uril']).toEqual([
      'cse-in/lightApp/temperature',
      'cse-in/lightApp/humidity',
      'cse-in/heater/temperature',
    ]);
    expect(decodeAll('dbg').cbor['m2m:dbg']).toMatch(/^resource not found/);
  });
});
