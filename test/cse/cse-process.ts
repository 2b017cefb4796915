import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { root } from '../helpers/paths.js';

// A CSE in its own process, for what cannot happen in-process: being killed (SIGKILL) in the
// middle of writes, or running out of file size (ulimit -f makes writes fail with EFBIG).

export interface CseProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** What the CSE logged (stderr). */
  readonly log: () => string;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startCseProcess(options: {
  dataFile: string;
  compactAfterBytes?: number;
  fileSizeLimitKiB?: number;
}): Promise<CseProcess> {
  const script = `
    import { journalStorage, startCse } from ${JSON.stringify(join(root, 'src/cse/index.ts'))};
    const log = (line) => process.stderr.write(line + '\\n');
    const running = await startCse({
      port: 0,
      verifySubscriptions: false,
      log,
      storage: journalStorage(${JSON.stringify(options.dataFile)}, { log, compactAfterBytes: ${options.compactAfterBytes ?? 4 * 1024 * 1024} }),
    });
    process.stdout.write(running.url + '\\n');
    process.once('SIGTERM', () => running.close().then(() => process.exit(0)));`;
  const node = [process.execPath, '--import', 'tsx', '--input-type=module', '-e', script];
  // ulimit counts 512-byte blocks in POSIX sh's default; bash counts 1024-byte blocks.
  const child =
    options.fileSizeLimitKiB === undefined
      ? spawn(node[0] as string, node.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('bash', ['-c', `ulimit -f ${options.fileSizeLimitKiB}; exec "$0" "$@"`, ...node], {
          cwd: root,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    void exited.then(() => reject(new Error(`the CSE process exited before listening: ${stderr}`)));
  });
  return {
    url,
    child,
    log: () => stderr,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
