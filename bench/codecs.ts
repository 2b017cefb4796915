// The codecs against the raw libraries they wrap, on oneM2M payloads, in the same run with
// alternating rounds (medians): JSON against JSON.stringify/JSON.parse with TextEncoder/TextDecoder,
// CBOR against cborg called directly. Prints operations per second and the ratio codec / raw
// (1.00 = no overhead).
//   npx tsx bench/codecs.ts
import * as cborg from 'cborg';
import { cborCodec, jsonCodec } from '../src/encoding/index.js';
import type { PrimitiveContent } from '../src/primitives/content.js';
import { payloads } from './payloads.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const contenders = {
  json: {
    codec: jsonCodec,
    raw: {
      encode: (v: PrimitiveContent) => encoder.encode(JSON.stringify(v)),
      decode: (b: Uint8Array) => JSON.parse(decoder.decode(b)) as unknown,
    },
  },
  cbor: {
    codec: cborCodec,
    raw: {
      encode: (v: PrimitiveContent) => cborg.encode(v, { mapSorter: undefined }),
      decode: (b: Uint8Array) => cborg.decode(b) as unknown,
    },
  },
};

function opsPerSecond(run: () => unknown, minMs = 200): number {
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 50; i++) run();
    n += 50;
    elapsed = performance.now() - start;
  }
  return n / (elapsed / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 7);
for (const [encoding, { codec, raw }] of Object.entries(contenders))
  for (const [name, payload] of Object.entries(payloads)) {
    const bytes = codec.encode(payload);
    for (const op of ['encode', 'decode'] as const) {
      const ours: number[] = [];
      const theirs: number[] = [];
      const runOurs = op === 'encode' ? () => codec.encode(payload) : () => codec.decode(bytes);
      const runRaw = op === 'encode' ? () => raw.encode(payload) : () => raw.decode(bytes);
      for (let round = 0; round < rounds; round++) {
        if (round % 2 === 0) {
          ours.push(opsPerSecond(runOurs));
          theirs.push(opsPerSecond(runRaw));
        } else {
          theirs.push(opsPerSecond(runRaw));
          ours.push(opsPerSecond(runOurs));
        }
      }
      const a = median(ours);
      const b = median(theirs);
      console.log(
        `${encoding} ${name.padEnd(14)} ${op}: codec ${a.toFixed(0).padStart(8)}/s  raw ${b.toFixed(0).padStart(8)}/s  codec/raw time ${(b / a).toFixed(2)}×`,
      );
    }
  }
