// Per-request latency of the Client over each binding against the embedded CSE (one process:
// HTTP, MQTT on its embedded aedes broker, WebSocket), next to the raw binding under it: a bare
// mqtt.js client and a bare ws socket exchanging the same primitive. Sequential retrieves of the
// CSEBase; rounds alternate the order of the contenders; medians of the per-round means are
// printed with ratios to the Client over HTTP and to the raw binding, measured in the same run.
//   npm run bench:bindings   (BENCH_ROUNDS, BENCH_REQUESTS change the sizes)
import mqtt from 'mqtt';
import { WebSocket } from 'ws';
import { Client, CSEBaseDescriptor } from '../src/index.js';
import { startCse } from '../src/cse/index.js';

const rounds = Number(process.env['BENCH_ROUNDS'] ?? 9);
const requests = Number(process.env['BENCH_REQUESTS'] ?? 300);

const cse = await startCse({ port: 0, mqtt: { port: 0 }, webSocket: { port: 0 }, log: () => undefined });
const primitive = (rqi: string) => ({ op: 2, to: 'cse-in', fr: 'CAdmin', rqi, rvi: '3' });

const clients = {
  http: new Client({ url: cse.url }),
  mqtt: new Client({ url: cse.mqttUrl as string }),
  websocket: new Client({ url: cse.wsUrl as string }),
};

// Raw mqtt.js: publish the primitive on the CSE's request topic, wait for its rqi on the response topic.
const raw = mqtt.connect(cse.mqttUrl as string);
await new Promise((resolve) => raw.once('connect', resolve));
await raw.subscribeAsync('/oneM2M/resp/CAdmin/id-in/json', { qos: 0 });
const rawWaiting = new Map<string, () => void>();
raw.on('message', (_topic, payload) => rawWaiting.get((JSON.parse(payload.toString()) as { rqi: string }).rqi)?.());
const rawMqtt = (i: number) =>
  new Promise<void>((resolve) => {
    const rqi = `m${i}`;
    rawWaiting.set(rqi, () => {
      rawWaiting.delete(rqi);
      resolve();
    });
    raw.publish('/oneM2M/req/CAdmin/id-in/json', JSON.stringify(primitive(rqi)), { qos: 0 });
  });

// Raw ws: the same on a connection.
const socket = new WebSocket(cse.wsUrl as string, ['oneM2M.json'], { headers: { 'X-M2M-Origin': 'CAdmin' } });
await new Promise((resolve) => socket.once('open', resolve));
const wsWaiting = new Map<string, () => void>();
socket.on('message', (data: Buffer) => wsWaiting.get((JSON.parse(data.toString()) as { rqi: string }).rqi)?.());
const rawWs = (i: number) =>
  new Promise<void>((resolve) => {
    const rqi = `w${i}`;
    wsWaiting.set(rqi, () => {
      wsWaiting.delete(rqi);
      resolve();
    });
    socket.send(JSON.stringify(primitive(rqi)));
  });

const contenders: Record<string, (i: number) => Promise<unknown>> = {
  'client http': () => clients.http.retrieve(CSEBaseDescriptor, 'cse-in'),
  'client mqtt': () => clients.mqtt.retrieve(CSEBaseDescriptor, 'cse-in'),
  'client websocket': () => clients.websocket.retrieve(CSEBaseDescriptor, 'cse-in'),
  'raw mqtt.js': rawMqtt,
  'raw ws': rawWs,
};
const names = Object.keys(contenders);
const samples = new Map<string, number[]>(names.map((n) => [n, []]));

for (const name of names) for (let i = 0; i < 30; i++) await contenders[name]?.(i); // warm up
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? names : [...names].reverse();
  for (const name of order) {
    const run = contenders[name] as (i: number) => Promise<unknown>;
    const start = performance.now();
    for (let i = 0; i < requests; i++) await run(round * requests + i);
    samples.get(name)?.push(((performance.now() - start) * 1000) / requests);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const result = new Map(names.map((n) => [n, median(samples.get(n) as number[])]));
const http = result.get('client http') as number;
const rawOf: Record<string, string> = { 'client mqtt': 'raw mqtt.js', 'client websocket': 'raw ws' };
console.log(`sequential retrieve of the CSEBase, ${requests} a round, median of ${rounds} rounds (µs a request)`);
for (const name of names) {
  const us = result.get(name) as number;
  const base = rawOf[name] ? ` ${(us / (result.get(rawOf[name] as string) as number)).toFixed(2)}× ${rawOf[name]}` : '';
  console.log(`${name.padEnd(17)} ${us.toFixed(0).padStart(6)} µs  ${(us / http).toFixed(2)}× client http${base}`);
}

raw.end(true);
socket.close();
for (const client of Object.values(clients)) await client.close();
await cse.close();
