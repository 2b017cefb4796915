import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { builtCli, root } from './helpers/paths.js';

// One build for the whole run: `npm run build` (tsc -b) brings dist/ up to date, a no-op when
// nothing changed (`npm install` ran it already through prepare). The tests that need built code
// use it: the CLI as its bin runs, the README blocks importing 'onem2m-client' (self-reference
// through the exports map), the packed-package test.
export default async function setup(): Promise<void> {
  const started = Date.now();
  // tsc -b trusts its build info; outputs deleted by hand need a full build.
  if (!existsSync(builtCli) || !existsSync(join(root, 'dist', 'src', 'index.d.ts')))
    await rm(join(root, 'dist', '.tsbuildinfo'), { force: true });
  // As prepare runs it: it also makes the bin executable, which npx needs in a clone.
  await promisify(execFile)('npm', ['run', 'build', '--silent'], { cwd: root }).catch(
    (error: { stdout?: string; message: string }) => {
      throw new Error(`the build failed:\n${error.stdout || error.message}`);
    },
  );
  process.stderr.write(`dist/ built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
