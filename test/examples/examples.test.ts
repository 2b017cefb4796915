import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCse, type RunningCse } from '../../src/cse/index.js';
import { root } from '../helpers/paths.js';

// Every example runs as its own process (node with the tsx loader, as `npx tsx examples/<name>.ts`):
// against the embedded CSE it starts itself, and against a CSE given by ONEM2M_URL in another
// encoding, as it would against any CSE. Each must exit 0 and print its key line.

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(example: string | readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('ONEM2M_')));
  // Several examples run one after the other in one process (each is a module that runs on import).
  const args =
    typeof example === 'string'
      ? [join(root, 'examples', `${example}.ts`)]
      : [
          '--input-type=module',
          '-e',
          `for (const f of ${JSON.stringify(example.map((e) => join(root, 'examples', `${e}.ts`)))}) await import(f);`,
        ];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', ...args],
      { cwd: root, env: { ...clean, ...env }, timeout: typeof example === 'string' ? 60_000 : 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

/** Starting node with the TypeScript loader takes a few seconds per example on a busy machine. */
const TIMEOUT = 60_000;

const KEY_LINES: Readonly<Record<string, RegExp>> = {
  'create-ae': /createAE with the same name: 4105 Conflict[\s\S]*AE exampleAE_\w+ deleted/,
  'content-instances': /contents: 4 values, the second is the number 21\.5/,
  'get-all-aes': /found \d+ AEs/,
  discovery: /discovered 4 contentInstances in pages of 2: Label1, Label2, Label3, Label4/,
  groups: /both containers hold "Some value": okay!/,
  subscription: /the callback received Some value \| Another value \| A third value/,
  'subscription-polling':
    /notification through the polling channel: createOfDirectChildResource, content "polled value"/,
  'access-control-policies': /may not update it: 4103 OriginatorHasNoPrivilege/,
  'remote-cse': /found AE remoteAE_\w+ directly on the remote CSE/,
  'smart-lamp':
    /notification: updateOfResource of \S+\/lamp\/switch: state true[\s\S]*watched through a subscription: okay!/,
};

it.concurrent(
  'the examples type-check (strict, as the package)',
  async () => {
    const result = await new Promise<Run>((resolve) => {
      execFile(
        process.execPath,
        [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', join(root, 'examples')],
        { cwd: root, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
      );
    });
    expect([result.code, result.stdout]).toEqual([0, '']);
  },
  TIMEOUT,
);

it('every example file has a test', () => {
  const files = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.ts') && f !== 'support.ts');
  expect(files.map((f) => f.slice(0, -3)).sort()).toEqual(Object.keys(KEY_LINES).sort());
});

describe('examples against the embedded CSE they start', () => {
  for (const [example, line] of Object.entries(KEY_LINES)) {
    it.concurrent(
      example,
      async () => {
        const result = await run(example);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(line);
        expect(result.stdout).toContain(`✓ ${example} done`);
      },
      TIMEOUT,
    );
  }
});

describe('examples against a CSE given by ONEM2M_URL', () => {
  let cse: RunningCse;
  beforeAll(async () => {
    cse = await startCse({ port: 0, cseId: '/id-test', cseName: 'cse-test', log: () => undefined });
  });
  afterAll(() => cse.close());
  const env = (encoding: string) => ({
    ONEM2M_URL: cse.url,
    ONEM2M_CSE_ID: '/id-test',
    ONEM2M_CSE_NAME: 'cse-test',
    ONEM2M_ORIGIN: 'CAdmin',
    ONEM2M_RVI: '4',
    ONEM2M_ENCODING: encoding,
    ONEM2M_NOTIFY_HOST: '127.0.0.1',
    ONEM2M_NOTIFY_PORT: '0',
  });

  for (const [example, encoding] of [
    ['create-ae', 'cbor'],
    ['content-instances', 'xml'],
    ['discovery', 'cbor'],
    ['groups', 'xml'],
    ['subscription', 'cbor'],
    ['subscription-polling', 'xml'],
    ['access-control-policies', 'cbor'],
    ['smart-lamp', 'xml'],
  ] as const) {
    it.concurrent(
      `${example} (${encoding})`,
      async () => {
        const result = await run(example, env(encoding));
        expect(result.stderr).toBe('');
        expect([result.code, result.stdout]).toEqual([0, expect.stringMatching(KEY_LINES[example] as RegExp)]);
        expect(result.stdout).not.toContain('embedded CSE');
      },
      TIMEOUT,
    );
  }

  it.concurrent(
    'remote-cse with no remoteCSE registered says so and succeeds',
    async () => {
      const result = await run('remote-cse', env('json'));
      expect([result.code, result.stderr]).toEqual([0, '']);
      expect(result.stdout).toContain('no remoteCSE is registered with this CSE: nothing to show');
    },
    TIMEOUT,
  );

  it.concurrent(
    'an example exits non-zero when the CSE cannot be reached',
    async () => {
      const result = await run('create-ae', { ...env('json'), ONEM2M_URL: 'http://127.0.0.1:9' });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/✗ create-ae failed: NetworkError/);
    },
    TIMEOUT,
  );

  it.concurrent(
    'an example exits non-zero on a bad setting',
    async () => {
      const result = await run('get-all-aes', { ...env('json'), ONEM2M_ENCODING: 'yaml' });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('ONEM2M_ENCODING must be json, xml or cbor, not "yaml"');
    },
    TIMEOUT,
  );
});

// The same examples, unchanged, over MQTT and WebSocket: ONEM2M_URL names the broker (mqtt://) or
// the WebSocket address (ws://) of an embedded CSE that serves all three bindings. All examples
// of a binding run in one process, one after the other, to keep the suite's time down.
describe('examples over MQTT and WebSocket (ONEM2M_URL mqtt:// and ws://)', () => {
  let cse: RunningCse;
  beforeAll(async () => {
    cse = await startCse({ port: 0, mqtt: { port: 0 }, webSocket: { port: 0 }, log: () => undefined });
  });
  afterAll(() => cse.close());

  for (const [binding, encoding] of [
    ['mqtt', 'json'],
    ['websocket', 'cbor'],
  ] as const) {
    it.concurrent(`every example over ${binding} (${encoding})`, async () => {
      const url = binding === 'mqtt' ? (cse.mqttUrl as string) : (cse.wsUrl as string);
      const result = await run(Object.keys(KEY_LINES), {
        ONEM2M_URL: url,
        ONEM2M_ENCODING: encoding,
        ONEM2M_NOTIFY_HOST: '127.0.0.1',
        ONEM2M_NOTIFY_PORT: '0',
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      for (const [example, line] of Object.entries(KEY_LINES)) {
        if (example !== 'remote-cse') expect(result.stdout).toMatch(line);
        expect(result.stdout).toContain(`✓ ${example} done`);
      }
      // Over MQTT and WebSocket the subscription example is notified over the same binding.
      expect(result.stdout).toContain('subscribed: events');
    }, 120_000);
  }
});
