// The crash workload: a CSE process with a data file takes creates, updates and deletes from
// concurrent clients and is killed (SIGKILL) at a random moment; the next start must hold every
// change that was acknowledged (and may hold ones that were not). Used by test/cse/crash.test.ts
// (a few rounds) and bench/cse-crash.ts (20 rounds).
import { type CseProcess, startCseProcess } from '../../test/cse/cse-process.js';
import { send } from './load.js';

const ADMIN = 'CAdmin';
let rqi = 0;

function request(method: string, path: string, ty?: number, body?: unknown) {
  return {
    method,
    path,
    headers: {
      'x-m2m-origin': ADMIN,
      'x-m2m-ri': `crash-${++rqi}`,
      'x-m2m-rvi': '4',
      accept: 'application/json',
      ...(ty === undefined ? {} : { 'content-type': `application/json;ty=${ty}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

/** What the clients were told, per container (one per client). */
interface Expected {
  /** Instances whose create was acknowledged and whose delete was not sent. */
  readonly present: Set<string>;
  /** Instances whose delete was acknowledged. */
  readonly absent: Set<string>;
  /** The last acknowledged label number of the container (updates are sequential per client). */
  label: number;
}

export interface CrashReport {
  readonly rounds: number;
  /** Acknowledged changes in all rounds. */
  readonly acknowledged: number;
  /** Acknowledged changes missing after a restart (must be empty). */
  readonly lost: string[];
  /** Restarts in milliseconds (process start to listening, journal replay included). */
  readonly restartMs: number[];
}

async function verify(cse: CseProcess, expected: Map<string, Expected>, lost: string[]): Promise<void> {
  for (const [container, state] of expected) {
    const found = await send(cse.url, request('GET', `/cse-in/${container}?fu=1&ty=4`));
    const uris = (JSON.parse(found.body) as { 'm2m:uril': string[] })['m2m:uril'];
    const names = new Set(uris.map((uri) => uri.slice(uri.lastIndexOf('/') + 1)));
    for (const rn of state.present) if (!names.has(rn)) lost.push(`create of ${container}/${rn}`);
    for (const rn of state.absent) if (names.has(rn)) lost.push(`delete of ${container}/${rn}`);
    const cnt = JSON.parse((await send(cse.url, request('GET', `/cse-in/${container}`))).body) as {
      'm2m:cnt'?: { lbl?: string[] };
    };
    const label = Number(cnt['m2m:cnt']?.lbl?.[0]?.slice(1) ?? 0);
    if (label < state.label) lost.push(`update of ${container} to v${state.label} (found v${label})`);
  }
}

/** Runs `rounds` crash rounds against the data file; every round kills the CSE after `killAfterMs()`. */
export async function crashRounds(options: {
  dataFile: string;
  rounds: number;
  clients?: number;
  killAfterMs?: () => number;
  compactAfterBytes?: number;
}): Promise<CrashReport> {
  const clients = options.clients ?? 8;
  const killAfter = options.killAfterMs ?? (() => 100 + Math.random() * 400);
  const expected = new Map<string, Expected>();
  const lost: string[] = [];
  const restartMs: number[] = [];
  let acknowledged = 0;
  const start = async () => {
    const began = performance.now();
    const cse = await startCseProcess({
      dataFile: options.dataFile,
      ...(options.compactAfterBytes === undefined ? {} : { compactAfterBytes: options.compactAfterBytes }),
    });
    restartMs.push(performance.now() - began);
    return cse;
  };
  let cse = await start();
  for (let c = 0; c < clients; c++) {
    const response = await send(cse.url, request('POST', '/cse-in', 3, { 'm2m:cnt': { rn: `w${c}`, lbl: ['v0'] } }));
    if (response.rsc !== '2001') throw new Error(`setup: ${response.rsc} ${response.body}`);
    expected.set(`w${c}`, { present: new Set(), absent: new Set(), label: 0 });
  }
  for (let round = 0; round < options.rounds; round++) {
    let killed = false;
    const work = Array.from({ length: clients }, async (_, c) => {
      const container = `w${c}`;
      const state = expected.get(container) as Expected;
      for (let i = 0; !killed; i++) {
        const dice = Math.random();
        try {
          if (dice < 0.7) {
            const rn = `r${round}-${i}`;
            const response = await send(
              cse.url,
              request('POST', `/cse-in/${container}`, 4, { 'm2m:cin': { rn, con: `round ${round} item ${i}` } }),
            );
            if (response.rsc === '2001') {
              state.present.add(rn);
              acknowledged++;
            }
          } else if (dice < 0.85 && state.present.size > 0) {
            const [rn] = state.present;
            state.present.delete(rn as string); // from now on its state is unknown until acknowledged
            const response = await send(cse.url, request('DELETE', `/cse-in/${container}/${rn}`));
            if (response.rsc === '2002') {
              state.absent.add(rn as string);
              acknowledged++;
            }
          } else {
            const label = state.label + 1;
            const response = await send(
              cse.url,
              request('PUT', `/cse-in/${container}`, undefined, { 'm2m:cnt': { lbl: [`v${label}`] } }),
            );
            if (response.rsc === '2004') {
              state.label = label;
              acknowledged++;
            }
          }
        } catch {
          return; // the CSE is gone
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, killAfter()));
    killed = true;
    await cse.kill();
    await Promise.all(work);
    cse = await start();
    await verify(cse, expected, lost);
  }
  await cse.stop();
  return { rounds: options.rounds, acknowledged, lost, restartMs };
}
