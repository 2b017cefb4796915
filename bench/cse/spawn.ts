// Starts bench/cse/server.ts in a child process and waits for its ready line.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface BenchCse {
  readonly url: string;
  /** From spawning the process to its ready line, in milliseconds (process start and loading included). */
  readonly readyMs: number;
  /** Inside the process: createCse + listen (loading the data included). */
  readonly startMs: number;
  readonly prefillMs: number;
  readonly resources: number;
  readonly child: ChildProcess;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

const server = fileURLToPath(new URL('./server.ts', import.meta.url));

export async function spawnCse(options: { dataFile?: string; prefill?: number } = {}): Promise<BenchCse> {
  const began = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', server], {
    env: { ...process.env, BENCH_CSE: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end >= 0) resolve(text.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`bench CSE exited with ${code}`)));
  });
  const readyMs = performance.now() - began;
  const info = JSON.parse(line) as { url: string; startMs: number; prefillMs: number; resources: number };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ...info,
    readyMs,
    child,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
