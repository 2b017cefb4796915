import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/paths.js';
import { body, send, tempDir } from './helpers.js';

function serve(args: readonly string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'serve', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before listening: ${stderr}`)));
  });
  url.catch(() => undefined); // observed by the tests that wait for it
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url, exit, output: () => ({ stdout, stderr }) };
}

describe('onem2m serve', () => {
  it('prints its URL, answers a CSEBase retrieve and exits 0 on SIGTERM', async () => {
    const dir = await tempDir();
    const server = serve([
      '--port',
      '0',
      '--cse-id',
      '/id-cli',
      '--cse-name',
      'cse-cli',
      '--admin',
      'CBoss',
      '--data',
      join(dir, 'data.json'),
    ]);
    const url = await server.url;
    expect(server.output().stdout.trim().split('\n')).toHaveLength(1);
    const response = await send(url, { op: 2, to: 'cse-cli', fr: 'CBoss' });
    expect(response.rsc).toBe(2000);
    expect(body(response, 'm2m:cb')).toMatchObject({ csi: '/id-cli', rn: 'cse-cli' });
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
  });

  it('stops on SIGINT too', async () => {
    const server = serve(['--port', '0']);
    await server.url;
    server.child.kill('SIGINT');
    expect(await server.exit).toBe(0);
  });

  it('rejects a bad port with a message', async () => {
    const server = serve(['--port', 'eighty']);
    expect(await server.exit).not.toBe(0);
    expect(server.output().stderr).toContain('TCP port');
  });
});
