// A small closed-loop HTTP load generator for the CSE benchmarks: `concurrency` keep-alive
// connections, each sending its next request as soon as the previous answer arrived.
import { Agent, request } from 'node:http';

export interface LoadRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface LoadResult {
  readonly perSecond: number;
  /** Mean latency in milliseconds. */
  readonly meanMs: number;
  /** Answers by X-M2M-RSC. */
  readonly statuses: Record<string, number>;
}

const agents = new Map<string, Agent>();

function agentFor(url: string, concurrency: number): Agent {
  const key = `${url}#${concurrency}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    agents.set(key, agent);
  }
  return agent;
}

/** Sends one request; resolves with the X-M2M-RSC and the body. */
export function send(url: string, req: LoadRequest, agent?: Agent): Promise<{ rsc: string; body: string }> {
  const target = new URL(req.path, url);
  return new Promise((resolve, reject) => {
    const r = request(
      target,
      {
        method: req.method,
        headers: {
          ...req.headers,
          ...(req.body === undefined ? {} : { 'content-length': Buffer.byteLength(req.body) }),
        },
        ...(agent ? { agent } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ rsc: String(res.headers['x-m2m-rsc'] ?? res.statusCode), body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/** Sends `total` requests made by `make(i)` over `concurrency` connections. */
export async function load(
  url: string,
  concurrency: number,
  total: number,
  make: (i: number) => LoadRequest,
): Promise<LoadResult> {
  const agent = agentFor(url, concurrency);
  const statuses: Record<string, number> = {};
  let next = 0;
  let latency = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        const { rsc } = await send(url, make(i), agent);
        latency += performance.now() - t;
        statuses[rsc] = (statuses[rsc] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { perSecond: total / seconds, meanMs: latency / total, statuses };
}

export const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

let rqi = 0;

/** oneM2M request headers for the JSON binding. */
export function headers(originator: string, ty?: number): Record<string, string> {
  return {
    'x-m2m-origin': originator,
    'x-m2m-ri': `b${++rqi}`,
    'x-m2m-rvi': '4',
    accept: 'application/json',
    ...(ty === undefined ? {} : { 'content-type': `application/json;ty=${ty}` }),
  };
}
