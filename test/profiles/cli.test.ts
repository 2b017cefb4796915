import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCse, type FakeCse } from '../helpers/fake-cse.js';
import { root } from '../helpers/paths.js';

// `onem2m … --profile <name>` and ONEM2M_PROFILE, against fake CSEs (run from source with tsx).

let mobius: FakeCse;
let acme: FakeCse;
beforeAll(async () => {
  [mobius, acme] = await Promise.all([startFakeCse('mobius'), startFakeCse('acme')]);
});
afterAll(() => Promise.all([mobius.close(), acme.close()]));

function onem2m(args: readonly string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('ONEM2M_')));
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), ...args],
      { cwd: root, env: { ...clean, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('onem2m --profile', () => {
  it.concurrent('takes the CSE-ID, CSEBase name, originator and release from the profile', {
    timeout: 60_000,
  }, async () => {
    const flag = await onem2m(['retrieve', 'Mobius', '--profile', 'mobius', '--url', mobius.url]);
    expect([flag.code, flag.stderr]).toEqual([0, '']);
    expect(flag.stdout).toContain('"csi": "/Mobius2"');
    const variable = await onem2m(['retrieve', 'Mobius'], { ONEM2M_PROFILE: 'mobius', ONEM2M_URL: mobius.url });
    expect([variable.code, variable.stderr]).toEqual([0, '']);
    const seen = mobius.requests.filter((r) => r.path === '/Mobius');
    expect(seen.map((r) => [r.headers['x-m2m-origin'], r.headers['x-m2m-rvi']])).toEqual([
      ['Sponde', '2a'],
      ['Sponde', '2a'],
    ]);
  });

  it.concurrent('refuses what the profile says the CSE cannot do, sending nothing', { timeout: 60_000 }, async () => {
    // Nothing listens there: a request sent would end in a connection error instead.
    const run = await onem2m([
      'retrieve',
      'cse-in',
      '--profile',
      'acme',
      '--url',
      'http://127.0.0.1:9',
      '--encoding',
      'xml',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/encoding xml is not supported by the CSE of profile "acme"/);
  });

  it.concurrent('reports an XML request ACME answers with an empty 2000 as an error, not success', {
    timeout: 60_000,
  }, async () => {
    const run = await onem2m(['retrieve', 'cse-in', '--url', acme.url, '--encoding', 'xml']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/does not seem to speak xml/);
  });
});
