import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { builtCli, runCli } from '../helpers/built-cli.js';
import { root } from '../helpers/paths.js';

// The CLI over MQTT and WebSocket, as a user runs it: `onem2m serve --mqtt --ws` (the built
// command, an embedded broker) and other commands with --url mqtt:// and ws://.

function serve(args: readonly string[]) {
  const child = spawn(process.execPath, [builtCli, 'serve', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      if (/listening on http:\/\/\S+/.test(stdout)) resolve(stdout);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  ready.catch(() => undefined);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, ready, exit, output: () => ({ stdout, stderr }) };
}

describe('onem2m over MQTT and WebSocket', () => {
  it('serve --mqtt --ws prints the bindings; retrieve --url mqtt:// and ws:// answer; SIGTERM stops it all', async () => {
    const server = serve(['--port', '0', '--mqtt', '--mqtt-port', '0', '--ws', '0']);
    const lines = (await server.ready).trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^MQTT binding on mqtt:\/\/127\.0\.0\.1:\d+ \(embedded broker\)$/),
      expect.stringMatching(/^WebSocket binding on ws:\/\/127\.0\.0\.1:\d+$/),
      expect.stringMatching(/^onem2m CSE \/id-in listening on http:\/\//),
    ]);
    const mqttUrl = /mqtt:\/\/\S+/.exec(lines[0] ?? '')?.[0] as string;
    const wsUrl = /ws:\/\/\S+/.exec(lines[1] ?? '')?.[0] as string;
    const [overMqtt, overWs] = await Promise.all([
      runCli(builtCli, ['retrieve', 'cse-in', '--url', mqttUrl]),
      runCli(builtCli, ['retrieve', 'cse-in', '--url', wsUrl, '--encoding', 'cbor']),
    ]);
    for (const run of [overMqtt, overWs]) {
      expect([run.code, run.stderr]).toEqual([0, '']);
      expect(JSON.parse(run.stdout)).toMatchObject({
        'm2m:cb': { csi: '/id-in', poa: [expect.any(String), mqttUrl, wsUrl] },
      });
    }
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
  }, 60_000);

  it('a taken --mqtt-port is a start failure that names the flag', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    const run = await runCli(builtCli, ['serve', '--port', '0', '--mqtt', '--mqtt-port', String(port)]);
    taken.close();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use; .*--mqtt-port`),
    );
  });

  it('--url with a broker that is not there: a connection error naming it; another scheme: a usage error', async () => {
    const down = await runCli(builtCli, ['retrieve', 'cse-in', '--url', 'mqtt://127.0.0.1:9', '--timeout', '3000']);
    expect(down.code).not.toBe(0);
    expect(down.stderr).toMatch(/mqtt:\/\/127\.0\.0\.1:9.*ECONNREFUSED.*is the MQTT broker running/);
    const usage = await runCli(builtCli, ['retrieve', 'cse-in', '--url', 'coap://127.0.0.1']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/give an http\(s\):\/\/, mqtt\(s\):\/\/ or ws\(s\):\/\/ URL/);
  });
});
