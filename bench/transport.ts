// The Client against the wire: raw undici.request (the limit in Node), raw fetch and the Client,
// in one run, against a fixed local server in a separate process (bench/stub-cse.mjs), for
// retrieve and create, sequentially (latency) and 32 at a time (throughput). Rounds alternate the
// order of the contenders; medians are compared. Goals: Client ≥ 0.9× raw undici throughput at
// concurrency 32 and ≤ 1.25× its sequential latency.
//   npm run bench:transport    (node --expose-gc --import tsx bench/transport.ts; BENCH_ROUNDS,
//                               BENCH_SEQUENTIAL and BENCH_CONCURRENT change the sizes)
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { Client, ContainerDescriptor } from '../src/index.js';

const rounds = Number(process.env['BENCH_ROUNDS'] ?? 15);
const sequentialN = Number(process.env['BENCH_SEQUENTIAL'] ?? 500);
const concurrentN = Number(process.env['BENCH_CONCURRENT'] ?? 3000);
const CONCURRENCY = 32;

const server = spawn(process.execPath, [fileURLToPath(new URL('./stub-cse.mjs', import.meta.url))], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise<number>((resolve, reject) => {
  server.stdout.once('data', (data: Buffer) => resolve(Number(data.toString().trim())));
  server.once('exit', (code) => reject(new Error(`stub CSE exited with ${code}`)));
});
const url = `http://127.0.0.1:${port}`;

type Op = 'retrieve' | 'create';
type Run = (i: number) => Promise<unknown>;

const headers = (i: number) => ({
  'x-m2m-origin': 'CAdmin',
  'x-m2m-ri': `r${i}`,
  'x-m2m-rvi': '3',
  accept: 'application/json',
});
const createHeaders = (i: number) => ({ ...headers(i), 'content-type': 'application/json;ty=3' });
const newContainer = { rn: 'temp', mni: 100, lbl: ['a', 'b'] };

function check(rsc: unknown, expected: string): void {
  if (rsc !== expected) throw new Error(`unexpected rsc ${String(rsc)}`);
}

// What a hand-written client does: the oneM2M headers, the rsc check, the JSON body parsed.
const contenders: Record<string, Record<Op, Run>> = {
  'raw undici.request': {
    retrieve: async (i) => {
      const { headers: h, body } = await request(`${url}/cse-in/ae/temp`, { headers: headers(i) });
      check(h['x-m2m-rsc'], '2000');
      return ((await body.json()) as Record<string, unknown>)['m2m:cnt'];
    },
    create: async (i) => {
      const { headers: h, body } = await request(`${url}/cse-in/ae`, {
        method: 'POST',
        headers: createHeaders(i),
        body: JSON.stringify({ 'm2m:cnt': newContainer }),
      });
      check(h['x-m2m-rsc'], '2001');
      return ((await body.json()) as Record<string, unknown>)['m2m:cnt'];
    },
  },
  'raw fetch': {
    retrieve: async (i) => {
      const response = await fetch(`${url}/cse-in/ae/temp`, { headers: headers(i) });
      check(response.headers.get('x-m2m-rsc'), '2000');
      return ((await response.json()) as Record<string, unknown>)['m2m:cnt'];
    },
    create: async (i) => {
      const response = await fetch(`${url}/cse-in/ae`, {
        method: 'POST',
        headers: createHeaders(i),
        body: JSON.stringify({ 'm2m:cnt': newContainer }),
      });
      check(response.headers.get('x-m2m-rsc'), '2001');
      return ((await response.json()) as Record<string, unknown>)['m2m:cnt'];
    },
  },
};
const client = new Client({ url });
contenders['Client'] = {
  retrieve: () => client.retrieve(ContainerDescriptor, 'cse-in/ae/temp'),
  create: () => client.create(ContainerDescriptor, 'cse-in/ae', newContainer),
};
const overFetch = new Client({ url, fetch: (input, init) => fetch(input, init) });
contenders['Client over fetch'] = {
  retrieve: () => overFetch.retrieve(ContainerDescriptor, 'cse-in/ae/temp'),
  create: () => overFetch.create(ContainerDescriptor, 'cse-in/ae', newContainer),
};

// Each measurement starts with a clean heap, so that none pays for the garbage of the one before
// (fetch leaves much more than undici); run with --expose-gc, as the npm script does.
const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** Microseconds per request, one at a time. */
async function sequential(run: Run): Promise<number> {
  collect();
  const start = performance.now();
  for (let i = 0; i < sequentialN; i++) await run(i);
  return ((performance.now() - start) * 1000) / sequentialN;
}

/** Requests per second with CONCURRENCY requests in flight. */
async function concurrent(run: Run): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < concurrentN) await run(next++);
  };
  collect();
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return concurrentN / ((performance.now() - start) / 1000);
}

const names = Object.keys(contenders);
const results: Record<string, number[]> = {};
const record = (key: string, value: number) => {
  results[key] ??= [];
  results[key].push(value);
};

// Warm-up: connections, JIT, the undici import the Client makes on its first request.
for (const name of names)
  for (const op of ['retrieve', 'create'] as const) {
    const run = contenders[name]?.[op];
    if (run) for (let i = 0; i < 500; i++) await run(i);
  }

// The machine is shared and its load changes by the second: the contenders of one measurement
// run back to back, in an order that alternates from round to round.
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? names : [...names].reverse();
  for (const op of ['retrieve', 'create'] as const) {
    for (const name of order) {
      const run = contenders[name]?.[op];
      if (run) record(`${name}|${op}|seq`, await sequential(run));
    }
    for (const name of order) {
      const run = contenders[name]?.[op];
      if (run) record(`${name}|${op}|c32`, await concurrent(run));
    }
  }
  if (process.env['BENCH_VERBOSE']) process.stderr.write(`round ${round + 1}/${rounds} done\n`);
}

const median = (xs: readonly number[] = []) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const m = (name: string, op: Op, mode: 'seq' | 'c32') => median(results[`${name}|${op}|${mode}`]);

console.log(
  `\nmedians of ${rounds} rounds; sequential ${sequentialN} requests, concurrency ${CONCURRENCY} ${concurrentN}`,
);
console.log(`${''.padEnd(20)} ${'op'.padEnd(9)} ${'sequential µs'.padStart(14)} ${'c=32 req/s'.padStart(11)}`);
for (const op of ['retrieve', 'create'] as const)
  for (const name of names)
    console.log(
      `${name.padEnd(20)} ${op.padEnd(9)} ${m(name, op, 'seq').toFixed(0).padStart(14)} ${m(name, op, 'c32').toFixed(0).padStart(11)}`,
    );
console.log('');
let met = true;
for (const op of ['retrieve', 'create'] as const) {
  const throughput = m('Client', op, 'c32') / m('raw undici.request', op, 'c32');
  const latency = m('Client', op, 'seq') / m('raw undici.request', op, 'seq');
  const ok = throughput >= 0.9 && latency <= 1.25;
  met &&= ok;
  console.log(
    `${op.padEnd(9)} Client/raw undici: throughput ${throughput.toFixed(2)}× (goal ≥ 0.90), latency ${latency.toFixed(2)}× (goal ≤ 1.25)  ${ok ? 'met' : 'NOT MET'}`,
  );
  console.log(
    `${''.padEnd(9)} Client/raw fetch:  throughput ${(m('Client', op, 'c32') / m('raw fetch', op, 'c32')).toFixed(2)}×, latency ${(m('Client', op, 'seq') / m('raw fetch', op, 'seq')).toFixed(2)}×`,
  );
}
console.log(met ? '\nall goals met' : '\nsome goals not met');
await client.close();
server.kill();
process.exit(0);
