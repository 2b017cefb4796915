import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { builtCli, root } from '../helpers/paths.js';
import { body, send, tempDir } from './helpers.js';

function serve(args: readonly string[]) {
  // The built command, as the installed bin runs.
  const child = spawn(process.execPath, [builtCli, 'serve', ...args], {
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

  it('a port in use is one line and exit 2, and nothing keeps running', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((taken.address() as { port: number }).port);
      const server = serve(['--port', port]);
      expect(await server.exit).toBe(2);
      expect(server.output().stderr).toBe(
        `onem2m serve: cannot listen on 127.0.0.1:${port}: the port is in use; stop the other server or pick another --port (0: any free one)\n`,
      );
    } finally {
      taken.close();
    }
  });

  it('an unreadable --data file is one line and exit 2', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'broken.json'), '{ not json');
    const server = serve(['--port', '0', '--data', join(dir, 'broken.json')]);
    expect(await server.exit).toBe(2);
    const { stderr } = server.output();
    expect(stderr).toMatch(/^onem2m serve: .*broken\.json.*\n$/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--log prints a line per request; --cors sets the origins a browser page may call from', async () => {
    const server = serve(['--port', '0', '--log', '--cors', 'http://app.example:3000']);
    const url = await server.url;
    await send(url, { op: 2, to: 'cse-in', fr: 'CAdmin' });
    const allowed = await fetch(`${url}/cse-in`, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.example:3000', 'access-control-request-method': 'GET' },
    });
    expect([allowed.status, allowed.headers.get('access-control-allow-origin')]).toEqual([
      204,
      'http://app.example:3000',
    ]);
    // Loopback pages are no longer allowed once --cors names origins.
    const refused = await fetch(`${url}/cse-in`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
    });
    expect(refused.status).toBe(403);
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    const lines = server
      .output()
      .stderr.split('\n')
      .filter((l) => /^\d{4}-/.test(l));
    expect(lines[0]).toMatch(/^\S+Z GET \/cse-in 200 rsc=2000 fr=CAdmin \d+ms$/);
    expect(lines[1]).toMatch(/^\S+Z OPTIONS \/cse-in 204 \d+ms$/);
    expect(lines).toHaveLength(3);
  });

  it('rejects a --cors value that is not an origin', async () => {
    const server = serve(['--cors', 'localhost:5173']);
    expect(await server.exit).toBe(2);
    expect(server.output().stderr).toMatch(/give origins like http:\/\/localhost:5173/);
  });
});
