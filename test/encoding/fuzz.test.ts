import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cborCodec, DecodingError, jsonCodec, xmlCodec, type ContentCodec } from '../../src/encoding/index.js';
import { root } from '../helpers/paths.js';

// Every decoder faces bytes from the network: whatever arrives, it returns content or throws a
// DecodingError, never another exception. Inputs are random bytes and random mutations of real
// bodies (the fixtures), which reach deeper into each parser than noise does.

const dir = join(root, 'test', 'fixtures', 'encoding');
const seeds: Record<string, Uint8Array[]> = { json: [], xml: [], cbor: [] };
for (const file of readdirSync(dir)) {
  const ext = file.split('.').pop() ?? '';
  if (ext in seeds) seeds[ext]!.push(new Uint8Array(readFileSync(join(dir, file))));
}

function decodesOrRefuses(codec: ContentCodec, bytes: Uint8Array): void {
  try {
    codec.decode(bytes);
  } catch (error) {
    if (!(error instanceof DecodingError))
      throw new Error(
        `${codec.encoding} decoder threw ${(error as Error)?.name}: ${(error as Error)?.message} for ${Buffer.from(bytes).toString('base64')}`,
      );
  }
}

const mutation = (seedList: Uint8Array[]) =>
  fc
    .record({
      seed: fc.constantFrom(...seedList),
      edits: fc.array(
        fc.record({
          at: fc.nat(),
          byte: fc.integer({ min: 0, max: 255 }),
          kind: fc.constantFrom('set', 'insert', 'delete', 'truncate'),
        }),
        { minLength: 1, maxLength: 6 },
      ),
    })
    .map(({ seed, edits }) => {
      let bytes = [...seed];
      for (const { at, byte, kind } of edits) {
        const i = bytes.length === 0 ? 0 : at % bytes.length;
        if (kind === 'set') bytes[i] = byte;
        else if (kind === 'insert') bytes.splice(i, 0, byte);
        else if (kind === 'delete') bytes.splice(i, 1);
        else bytes = bytes.slice(0, i);
      }
      return new Uint8Array(bytes);
    });

describe('decoders never fail with anything but DecodingError', () => {
  for (const codec of [jsonCodec, xmlCodec, cborCodec]) {
    it(`${codec.encoding}: random bytes`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => decodesOrRefuses(codec, bytes)),
        { numRuns: 500 },
      );
    });
    it(`${codec.encoding}: mutated real bodies`, () => {
      expect(seeds[codec.encoding]!.length).toBeGreaterThan(3);
      fc.assert(
        fc.property(mutation(seeds[codec.encoding]!), (bytes) => decodesOrRefuses(codec, bytes)),
        { numRuns: 1500 },
      );
    });
  }

  it('xml: deep nesting and entity tricks are refused, not expanded', () => {
    const deep = `<m2m:cnt xmlns:m2m="http://www.onem2m.org/xml/protocols">${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</m2m:cnt>`;
    expect(() => xmlCodec.decode(new TextEncoder().encode(deep))).toThrow(DecodingError);
    const laughs = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><m2m:cnt xmlns:m2m="http://www.onem2m.org/xml/protocols"><lbl>&b;</lbl></m2m:cnt>`;
    expect(() => xmlCodec.decode(new TextEncoder().encode(laughs))).toThrow(DecodingError);
  });

  it('cbor: a huge declared length does not allocate it', () => {
    // A byte string claiming 2^32 bytes, followed by nothing.
    expect(() => cborCodec.decode(new Uint8Array([0x5a, 0xff, 0xff, 0xff, 0xff]))).toThrow(DecodingError);
  });
});
