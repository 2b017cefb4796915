// Throughput of the embedded CSE in memory, over HTTP with keep-alive connections from this
// process to a CSE in a child process (bench/cse/server.ts). Prints, from the same run:
//   1. creates/s into a filling container against retrieves/s of that container (alternating
//      bursts, medians) and their ratio (target: creates >= 5,000/s and >= 0.5x retrieves);
//   2. for containers holding 10, 1,000 and 10,000 instances (mni keeps them at that size):
//      creates/s into them, the latency of <container>/la and of two discoveries
//      (?fu=1&ty=3 from the AE, ?fu=1&ty=4&lim=10 on the container), each as a ratio to the
//      10-instance container measured in the same round (target: ~1.0, i.e. independent of
//      the container's size).
//   npx tsx bench/cse-throughput.ts        (BENCH_N=requests per round, BENCH_C=connections)
import { headers, load, median, send } from './cse/load.js';
import { spawnCse } from './cse/spawn.js';

const N = Number(process.env['BENCH_N'] ?? 1000);
const C = Number(process.env['BENCH_C'] ?? 16);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 20);
const cse = await spawnCse();
const { url } = cse;
const AE = 'Cbench';

async function must(method: string, path: string, ty: number | undefined, body?: unknown): Promise<void> {
  const { rsc, body: text } = await send(url, {
    method,
    path,
    headers: headers(AE, ty),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!rsc.startsWith('2')) throw new Error(`${method} ${path}: ${rsc} ${text}`);
}

await must('POST', '/cse-in', 2, { 'm2m:ae': { rn: 'bench', api: 'Nbench', rr: false, srv: ['4'] } });
await must('POST', '/cse-in/bench', 3, { 'm2m:cnt': { rn: 'box' } });

const createInto = (path: string) => () => ({
  method: 'POST',
  path,
  headers: headers(AE, 4),
  body: JSON.stringify({ 'm2m:cin': { con: '{"temperature":21.5,"unit":"C"}', lbl: ['reading'] } }),
});
const get = (path: string) => () => ({ method: 'GET', path, headers: headers(AE) });

function check(name: string, statuses: Record<string, number>, expected: string): void {
  const other = Object.entries(statuses).filter(([rsc]) => rsc !== expected);
  if (other.length > 0) throw new Error(`${name}: unexpected answers ${JSON.stringify(statuses)}`);
}

// Warm-up.
await load(url, C, 3000, createInto('/cse-in/bench/box'));
await load(url, C, 3000, get('/cse-in/bench/box'));

// Short alternating bursts: a create burst and the retrieve burst right after it see the same
// machine, so the ratio of each pair is robust against other load; medians over all pairs.
const creates: number[] = [];
const retrieves: number[] = [];
const ratios: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const c = await load(url, C, N, createInto('/cse-in/bench/box'));
  check('create', c.statuses, '2001');
  const r = await load(url, C, N, get('/cse-in/bench/box'));
  check('retrieve', r.statuses, '2000');
  creates.push(c.perSecond);
  retrieves.push(r.perSecond);
  ratios.push(c.perSecond / r.perSecond);
}
console.log(
  `in memory, ${C} connections, ${ROUNDS} pairs of ${N}: creates ${median(creates).toFixed(0)}/s, retrieves ${median(retrieves).toFixed(0)}/s (best ${Math.max(...creates).toFixed(0)}/s, ${Math.max(...retrieves).toFixed(0)}/s); ratio creates/retrieves ${median(ratios).toFixed(2)} (median of pairs; target >= 0.50, creates >= 5000/s)`,
);
console.log(`  the container now holds ${ROUNDS * N + 3000} instances`);

const SIZES = (process.env['BENCH_SIZES'] ?? '10,1000,10000').split(',').map(Number);
for (const size of SIZES) {
  await must('POST', '/cse-in/bench', 3, { 'm2m:cnt': { rn: `s${size}`, mni: size } });
  const filled = await load(url, C, size, createInto(`/cse-in/bench/s${size}`));
  check('fill', filled.statuses, '2001');
}
type Figures = { creates: number; la: number; discoverCnt: number; discoverCin: number };
const keys = ['creates', 'la', 'discoverCnt', 'discoverCin'] as const;
// Per round, every size is measured right after the smallest, and compared with it.
const ratiosBySize = new Map<number, Figures[]>();
const valuesBySize = new Map<number, Figures[]>();
for (let round = 0; round < 5; round++) {
  const measured = new Map<number, Figures>();
  for (const size of SIZES) {
    const path = `/cse-in/bench/s${size}`;
    const c = await load(url, C, N, createInto(path));
    check('create', c.statuses, '2001');
    const la = await load(url, 1, 300, get(`${path}/la`));
    check('la', la.statuses, '2000');
    const d1 = await load(url, 1, 100, get('/cse-in/bench?fu=1&ty=3'));
    check('discovery', d1.statuses, '2000');
    const d2 = await load(url, 1, 100, get(`${path}?fu=1&ty=4&lim=10`));
    check('discovery', d2.statuses, '2000');
    measured.set(size, { creates: c.perSecond, la: la.meanMs, discoverCnt: d1.meanMs, discoverCin: d2.meanMs });
  }
  const base = measured.get(SIZES[0] as number) as Figures;
  for (const [size, figures] of measured) {
    valuesBySize.set(size, [...(valuesBySize.get(size) ?? []), figures]);
    const ratio = Object.fromEntries(keys.map((key) => [key, figures[key] / base[key]])) as Figures;
    ratiosBySize.set(size, [...(ratiosBySize.get(size) ?? []), ratio]);
  }
}
const medianOf = (list: Figures[]): Figures =>
  Object.fromEntries(keys.map((key) => [key, median(list.map((f) => f[key]))])) as Figures;
console.log(
  `\ncontainers kept at their size by mni; medians of 5 rounds, ratios to the ${SIZES[0]}-instance container in the same round`,
);
console.log('instances  creates/s (ratio)   la ms (ratio)        ?fu=1&ty=3 ms (ratio)   ?fu=1&ty=4&lim=10 ms (ratio)');
for (const size of SIZES) {
  const value = medianOf(valuesBySize.get(size) ?? []);
  const ratio = medianOf(ratiosBySize.get(size) ?? []);
  const cell = (key: keyof Figures, digits: number) =>
    `${value[key].toFixed(digits)} (${ratio[key].toFixed(2)})`.padEnd(20);
  console.log(
    `${String(size).padEnd(10)} ${cell('creates', 0)} ${cell('la', 3)} ${cell('discoverCnt', 3)}    ${cell('discoverCin', 3)}`,
  );
}
await cse.stop();
process.exit(0);
