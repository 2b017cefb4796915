// Persistence of the embedded CSE (`--data`): what durability costs as the tree grows. For
// trees of 1k, 10k and 100k resources (BENCH_SIZES), one CSE in memory and one with a data
// file run side by side in child processes (bench/cse/server.ts); bursts of creates alternate
// between them, and the median of the per-pair ratios data/memory is printed (target >= 0.5,
// flat across sizes). Then the data CSE is restarted twice: after a clean stop and after a
// SIGKILL, each against the start of an empty data file measured in the same run (target: a
// 100k tree loads in under 5 s).
//   npx tsx bench/cse-persistence.ts   (BENCH_SIZES=1000,10000,100000 BENCH_N=1000 BENCH_C=16
//   BENCH_ROUNDS=10 BENCH_DIR=<a directory on the disk to measure; default the OS temp dir>)
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { headers, load, median, send } from './cse/load.js';
import { type BenchCse, spawnCse } from './cse/spawn.js';

const SIZES = (process.env['BENCH_SIZES'] ?? '1000,10000,100000').split(',').map(Number);
const N = Number(process.env['BENCH_N'] ?? 1000);
const C = Number(process.env['BENCH_C'] ?? 16);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 10);
const dir = await mkdtemp(join(process.env['BENCH_DIR'] ?? tmpdir(), 'onem2m-bench-'));

async function prepare(cse: BenchCse): Promise<void> {
  for (const [path, ty, body] of [
    ['/cse-in', 2, { 'm2m:ae': { rn: 'bench', api: 'Nbench', rr: false, srv: ['4'] } }],
    ['/cse-in/bench', 3, { 'm2m:cnt': { rn: 'box', mni: 1000 } }],
  ] as const) {
    const { rsc, body: text } = await send(cse.url, {
      method: 'POST',
      path,
      headers: headers('Cbench', ty),
      body: JSON.stringify(body),
    });
    if (rsc !== '2001') throw new Error(`${path}: ${rsc} ${text}`);
  }
}

// mni keeps the tree at its size: each create adds an instance and drops the oldest.
const create = () => ({
  method: 'POST',
  path: '/cse-in/bench/box',
  headers: headers('Cbench', 4),
  body: JSON.stringify({ 'm2m:cin': { con: '{"temperature":21.5,"unit":"C"}', lbl: ['reading'] } }),
});

async function rate(cse: BenchCse): Promise<number> {
  const result = await load(cse.url, C, N, create);
  if (result.statuses['2001'] !== N) throw new Error(`creates: ${JSON.stringify(result.statuses)}`);
  return result.perSecond;
}

async function bytesOf(prefix: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) if (name.startsWith(prefix)) total += (await stat(join(dir, name))).size;
  return total;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
// The process start itself (node, tsx compiling the sources) is the baseline of "ready".
const emptyStarts: number[] = [];
for (let i = 0; i < 3; i++) {
  const empty = await spawnCse({ dataFile: join(dir, `empty${i}.json`) });
  emptyStarts.push(empty.readyMs);
  await empty.stop();
}
const emptyStart = median(emptyStarts);

const rows: string[] = [];
for (const size of SIZES) {
  const name = `cse-${size}.json`;
  const dataFile = join(dir, name);
  const memory = await spawnCse({ prefill: size });
  const data = await spawnCse({ prefill: size, dataFile });
  console.log(
    `${size} resources: prefilled in ${seconds(memory.prefillMs)} in memory, ${seconds(data.prefillMs)} with data`,
  );
  await prepare(memory);
  await prepare(data);
  await load(memory.url, C, 2000, create);
  await load(data.url, C, 2000, create);
  const memoryRates: number[] = [];
  const dataRates: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const m = await rate(memory);
    const d = await rate(data);
    memoryRates.push(m);
    dataRates.push(d);
    ratios.push(d / m);
  }
  await memory.stop();
  const resources = data.resources + 2 + 1000;
  await data.stop();
  const bytes = await bytesOf(name);
  const clean = await spawnCse({ dataFile });
  if (clean.resources !== resources) throw new Error(`restarted with ${clean.resources} resources, not ${resources}`);
  // A crash: the next start replays what the journal holds since the last snapshot.
  await load(clean.url, C, N, create);
  await clean.kill();
  const crashed = await spawnCse({ dataFile });
  if (crashed.resources !== resources)
    throw new Error(`restarted with ${crashed.resources} resources, not ${resources}`);
  await crashed.stop();
  rows.push(
    `${String(resources).padEnd(10)} ${median(memoryRates).toFixed(0).padStart(8)} ${median(dataRates).toFixed(0).padStart(8)}  ${median(ratios).toFixed(2).padStart(5)}   ${seconds(clean.startMs).padStart(7)} ${seconds(crashed.startMs).padStart(7)}   ${seconds(clean.readyMs).padStart(7)} ${seconds(crashed.readyMs).padStart(7)} (empty ${seconds(emptyStart)})   ${(bytes / 1e6).toFixed(1).padStart(5)} MB`,
  );
}
console.log(`\n${C} connections, bursts of ${N} creates, ${ROUNDS} alternating pairs; medians`);
console.log(
  'resources  memory/s   data/s  ratio   load: restart / after kill   process ready: restart / after kill   data on disk',
);
for (const row of rows) console.log(row);
await rm(dir, { recursive: true, force: true });
process.exit(0);
