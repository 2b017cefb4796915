// cbor2 against cborg on oneM2M payloads, encode and decode, measured in the same run with
// alternating rounds; prints operations per second and the ratio cborg / cbor2 (medians).
//   npx tsx bench/cbor-libraries.ts
import * as cbor2 from 'cbor2';
import * as cborg from 'cborg';
import { payloads } from './payloads.js';

const libraries = {
  cbor2: { encode: (v: unknown) => cbor2.encode(v), decode: (b: Uint8Array) => cbor2.decode(b) },
  // Keys in the caller's order, as cbor2 and JSON keep them (cborg sorts them by default).
  cborg: {
    encode: (v: unknown) => cborg.encode(v, { mapSorter: undefined }),
    decode: (b: Uint8Array) => cborg.decode(b),
  },
};

function opsPerSecond(run: () => unknown, minMs = 250): number {
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 100; i++) run();
    n += 100;
    elapsed = performance.now() - start;
  }
  return n / (elapsed / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 7);
for (const [name, payload] of Object.entries(payloads)) {
  const bytes = cbor2.encode(payload);
  // Both libraries must read each other's output the same way.
  if (JSON.stringify(cborg.decode(bytes)) !== JSON.stringify(payload)) throw new Error('cborg misread cbor2 output');
  if (JSON.stringify(cbor2.decode(libraries.cborg.encode(payload))) !== JSON.stringify(payload))
    throw new Error('cbor2 misread cborg output');
  for (const op of ['encode', 'decode'] as const) {
    const results: Record<string, number[]> = { cbor2: [], cborg: [] };
    for (let round = 0; round < rounds; round++) {
      // Alternate which library runs first.
      const order = round % 2 === 0 ? (['cbor2', 'cborg'] as const) : (['cborg', 'cbor2'] as const);
      for (const lib of order) {
        const library = libraries[lib];
        results[lib]?.push(opsPerSecond(op === 'encode' ? () => library.encode(payload) : () => library.decode(bytes)));
      }
    }
    const a = median(results['cbor2'] ?? []);
    const b = median(results['cborg'] ?? []);
    console.log(
      `${name.padEnd(14)} ${op}: cbor2 ${a.toFixed(0).padStart(8)}/s  cborg ${b.toFixed(0).padStart(8)}/s  cborg/cbor2 ${(b / a).toFixed(2)}×`,
    );
  }
}
