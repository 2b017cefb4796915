import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { root } from './helpers/paths.js';

// The type-level tests in test/types/ are only meaningful when compiled: run tsc over the tests and
// the code generator (tsconfig.test.json). src/ and generated/ were type-checked under the same
// strict settings by the run's one build (test/global-setup.ts); the tests see them through the
// build's declarations, as a user of the package does.
it('the tests, including test/types, compile with tsc against the build', async () => {
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  const result = await promisify(execFile)(tsc, ['-p', join(root, 'tsconfig.test.json')]).then(
    () => ({ code: 0, stdout: '' }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  expect(result.stdout).toBe('');
  expect(result.code).toBe(0);
}, 180_000);
