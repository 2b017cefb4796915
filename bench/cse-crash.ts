// The crash test at full length: 20 rounds of a CSE process with a data file taking creates,
// updates and deletes from 8 clients and being killed (SIGKILL) at a random moment; each restart
// must hold every acknowledged change. A small snapshot threshold makes kills land during
// snapshots too. Prints the acknowledged and lost changes (target: 0 lost) and restart times.
//   npx tsx bench/cse-crash.ts   (BENCH_ROUNDS=20, BENCH_DIR=<directory of the data file>)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crashRounds } from './cse/crash.js';
import { median } from './cse/load.js';

const rounds = Number(process.env['BENCH_ROUNDS'] ?? 20);
const dir = await mkdtemp(join(process.env['BENCH_DIR'] ?? tmpdir(), 'onem2m-crash-'));
const report = await crashRounds({ dataFile: join(dir, 'cse.json'), rounds, compactAfterBytes: 64 * 1024 });
console.log(
  `${report.rounds} SIGKILLs during writes: ${report.acknowledged} acknowledged changes, ${report.lost.length} lost${report.lost.length > 0 ? `: ${report.lost.slice(0, 10).join(', ')}` : ''}`,
);
console.log(`restart (process start to listening): median ${(median(report.restartMs) / 1000).toFixed(2)} s`);
await rm(dir, { recursive: true, force: true });
process.exit(report.lost.length === 0 ? 0 : 1);
