import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { root } from './helpers/paths.js';

// The type-level tests in test/types/ are only meaningful when compiled: run tsc over the whole
// project, which also proves the generated code type-checks under strict settings.
it('the project, including test/types, compiles with tsc', async () => {
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  const result = await promisify(execFile)(tsc, ['-p', join(root, 'tsconfig.json'), '--noEmit']).then(
    () => ({ code: 0, stdout: '' }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  expect(result.stdout).toBe('');
  expect(result.code).toBe(0);
}, 180_000);
