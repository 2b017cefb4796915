import { execFile } from 'node:child_process';
import { root } from './paths.js';

export { builtCli } from './paths.js';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut?: boolean;
}

/**
 * Runs the built command with node; never rejects. A run over `timeoutMs` (60 s unless given) is
 * killed and reported with code 1 and `timedOut`, so a slow machine reads as what it is.
 */
export function runCli(
  bin: string,
  args: readonly string[],
  options: { input?: string; env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { cwd: options.cwd ?? root, env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 60_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
          ...(error?.killed ? { timedOut: true } : {}),
        }),
    );
    child.stdin?.end(options.input ?? '');
  });
}
