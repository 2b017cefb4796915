import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { root } from '../helpers/paths.js';

// `npm run docs` (typedoc.json) must stay warning-free: every public export documented, every
// type a public signature uses reachable. treatWarningsAsErrors turns a warning into exit 1.
it('the API reference builds without a warning', async () => {
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve) =>
    execFile(
      process.execPath,
      [join(root, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--emit', 'none'],
      { cwd: root, timeout: 170_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    ),
  );
  expect(output.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(/\[(warning|error)\]/);
  expect(code).toBe(0);
}, 180_000);
