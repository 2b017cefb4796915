import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { root } from './paths.js';

export interface BuiltCli {
  /** The compiled `onem2m` entry (what the package's bin points to). */
  readonly bin: string;
  remove(): Promise<void>;
}

/** Compiles src/ and generated/ with tsconfig.build.json into `.check-<name>` and returns the bin. */
export async function buildCli(name: string): Promise<BuiltCli> {
  const dir = join(root, `.check-${name}`);
  await rm(dir, { recursive: true, force: true });
  await promisify(execFile)(join(root, 'node_modules', '.bin', 'tsc'), [
    '-p',
    join(root, 'tsconfig.build.json'),
    '--outDir',
    dir,
  ]);
  return { bin: join(dir, 'src', 'cli', 'main.js'), remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built command with node; never rejects. */
export function runCli(
  bin: string,
  args: readonly string[],
  options: { input?: string; env?: Record<string, string>; cwd?: string } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { cwd: options.cwd ?? root, env: { ...process.env, ...options.env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.input ?? '');
  });
}
