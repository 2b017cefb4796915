// The client's cost over hand-written fetch for the same retrieve, measured in the same run
// against a local server: prints requests per second for both and the ratio.
//   npm run bench:client
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, ContainerDescriptor } from '../src/index.js';

const BODY = JSON.stringify({
  'm2m:cnt': {
    rn: 'temp',
    ri: 'cnt123',
    pi: 'ae1',
    ty: 3,
    ct: '20260101T000000',
    lt: '20260101T000000',
    et: '20370101T000000',
    st: 3,
    cni: 3,
    cbs: 12,
    mni: 100,
    lbl: ['a', 'b'],
  },
});
const server = createServer((req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json',
    'x-m2m-rsc': '2000',
    'x-m2m-ri': String(req.headers['x-m2m-ri'] ?? ''),
  });
  res.end(BODY);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function rawFetch(i: number): Promise<unknown> {
  const response = await fetch(`${url}/cse-in/ae/temp`, {
    headers: { 'X-M2M-Origin': 'CAdmin', 'X-M2M-RI': `r${i}`, 'X-M2M-RVI': '3', Accept: 'application/json' },
  });
  if (response.headers.get('x-m2m-rsc') !== '2000') throw new Error('unexpected rsc');
  return ((await response.json()) as Record<string, unknown>)['m2m:cnt'];
}
const client = new Client({ url });
const viaClient = () => client.retrieve(ContainerDescriptor, 'cse-in/ae/temp');

async function measure(name: string, run: (i: number) => Promise<unknown>, n: number): Promise<number> {
  for (let i = 0; i < 200; i++) await run(i); // warm-up
  const start = performance.now();
  for (let i = 0; i < n; i++) await run(i);
  const perSecond = n / ((performance.now() - start) / 1000);
  console.log(`${name.padEnd(12)} ${perSecond.toFixed(0)} requests/s`);
  return perSecond;
}

// Alternating rounds so that neither side profits from running second; medians are compared.
const n = Number(process.env['BENCH_N'] ?? 3000);
const raws: number[] = [];
const typed: number[] = [];
for (let round = 0; round < 3; round++) {
  raws.push(await measure('raw fetch', rawFetch, n));
  typed.push(await measure('Client', viaClient, n));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `ratio Client/raw fetch (median throughput): ${(median(typed) / median(raws)).toFixed(2)} (1.00 = no overhead)`,
);
server.close();
