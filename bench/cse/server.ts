// The CSE under test, in its own process (as `onem2m serve` runs it), so that the load
// generator does not share its event loop. Options come as JSON in BENCH_CSE (dataFile,
// prefill: number of contentInstances to create in-process before listening, spread over
// containers of 1,000). Prints one JSON line {"url", "startMs", "prefillMs", "resources"} when ready.
import { startCse } from '../../src/cse/index.js';
import type { RequestPrimitive } from '../../src/primitives/request.js';

const began = performance.now();
const options = JSON.parse(process.env['BENCH_CSE'] ?? '{}') as { dataFile?: string; prefill?: number };
const running = await startCse({
  port: 0,
  verifySubscriptions: false,
  log: (line) => process.stderr.write(`${line}\n`),
  ...(options.dataFile === undefined ? {} : { dataFile: options.dataFile }),
});
const startMs = performance.now() - began;
let rqi = 0;
const handle = async (request: Omit<RequestPrimitive, 'rqi' | 'rvi'>): Promise<void> => {
  const response = await running.cse.handle({ rvi: '4', rqi: `p${++rqi}`, ...request } as RequestPrimitive);
  if (response.rsc >= 4000) throw new Error(`prefill: ${response.rsc} ${JSON.stringify(response.pc)}`);
};

const prefillStart = performance.now();
const prefill = options.prefill ?? 0;
if (prefill > 0) {
  await handle({
    op: 1,
    to: 'cse-in',
    fr: 'Cfill',
    ty: 2,
    pc: { 'm2m:ae': { rn: 'fill', api: 'Nfill', rr: false, srv: ['4'] } },
  });
  const PER_CONTAINER = 1000;
  for (let c = 0; c * PER_CONTAINER < prefill; c++) {
    await handle({ op: 1, to: 'cse-in/fill', fr: 'Cfill', ty: 3, pc: { 'm2m:cnt': { rn: `c${c}` } } });
    const count = Math.min(PER_CONTAINER, prefill - c * PER_CONTAINER);
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < count) {
          const i = next++;
          await handle({
            op: 1,
            to: `cse-in/fill/c${c}`,
            fr: 'Cfill',
            ty: 4,
            pc: { 'm2m:cin': { con: `{"t":21.5,"i":${i}}`, lbl: ['fill'] } },
          });
        }
      }),
    );
  }
}
const prefillMs = performance.now() - prefillStart;
process.stdout.write(
  `${JSON.stringify({ url: running.url, startMs, prefillMs, resources: running.cse.context.tree.size })}\n`,
);
process.once('SIGTERM', () => {
  running.close().then(() => process.exit(0));
});
