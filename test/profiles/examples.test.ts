import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeCse, type FakeCse, type FakeCseKind } from '../helpers/fake-cse.js';
import { root } from '../helpers/paths.js';

// The examples that failed against the real CSEs, run with ONEM2M_PROFILE against fakes that
// answer the way those CSEs do (all examples pass there but subscription-polling on Mobius and
// tinyIoT, which have no polling channels; that one fails before sending, saying so).

const fakes = new Map<FakeCseKind, FakeCse>();
beforeAll(async () => {
  for (const kind of ['acme', 'mobius', 'tinyiot'] as const) fakes.set(kind, await startFakeCse(kind));
});
afterAll(() => Promise.all([...fakes.values()].map((f) => f.close())));

function run(example: string, kind: FakeCseKind): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('ONEM2M_')));
  const env = { ...clean, ONEM2M_PROFILE: kind, ONEM2M_URL: fakes.get(kind)?.url ?? '' };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(root, 'examples', `${example}.ts`)],
      { cwd: root, env, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const CASES: ReadonlyArray<[string, FakeCseKind, RegExp]> = [
  ['access-control-policies', 'acme', /may not update it: 4103/],
  ['groups', 'mobius', /both containers hold "Some value": okay!/],
  ['subscription', 'mobius', /the callback received Some value \| Another value \| A third value/],
  ['subscription', 'tinyiot', /the callback received Some value \| Another value \| A third value/],
  ['discovery', 'tinyiot', /discovered 4 contentInstances in pages of 2/],
];

for (const [example, kind, line] of CASES) {
  it.concurrent(`${example} passes with ONEM2M_PROFILE=${kind}`, { timeout: 90_000 }, async () => {
    const result = await run(example, kind);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toMatch(line);
  });
}

it.concurrent('subscription-polling fails before sending on Mobius, naming the missing polling channel', {
  timeout: 90_000,
}, async () => {
  const result = await run('subscription-polling', 'mobius');
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/<pollingChannel> is not supported by the CSE of profile "mobius"/);
});
