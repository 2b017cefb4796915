import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashRounds } from '../../bench/cse/crash.js';
import { tempDir } from './helpers.js';

// SIGKILL during writes: no acknowledged create, update or delete is lost. A short run with a
// small snapshot threshold, so that kills also land during snapshots; bench/cse-crash.ts runs 20
// rounds (CSE_CRASH_ROUNDS=20 here does too).
describe('crash safety', () => {
  it('loses no acknowledged change when the CSE process is killed during writes', async () => {
    const rounds = Number(process.env['CSE_CRASH_ROUNDS'] ?? 2);
    const report = await crashRounds({
      dataFile: join(await tempDir(), 'cse.json'),
      rounds,
      compactAfterBytes: 16_384,
    });
    expect(report.acknowledged).toBeGreaterThan(20 * rounds);
    expect(report.lost).toEqual([]);
  }, 120_000);
});
