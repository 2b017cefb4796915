import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCse, type RunningCse } from '../../src/cse/index.js';
import { builtCli, runCli, type Run } from '../helpers/built-cli.js';
import { root } from '../helpers/paths.js';

// The built `onem2m` command (tsc output, run by node as the installed bin would be) against the
// embedded CSE over HTTP: each subcommand's success, a oneM2M error, a connection error, and
// validate on good and bad files, with the exit statuses scripts rely on.

const bin = builtCli;
let cse: RunningCse;
let files: string;

function onem2m(args: readonly string[], input?: string, env: Record<string, string> = {}): Promise<Run> {
  return runCli(bin, args, { ...(input === undefined ? {} : { input }), env: { ONEM2M_URL: cse.url, ...env } });
}

beforeAll(async () => {
  cse = await startCse({ port: 0 });
  files = await mkdtemp(join(tmpdir(), 'onem2m-cli-'));
}, 120_000);
afterAll(async () => {
  await cse?.close();
  if (files) await rm(files, { recursive: true, force: true });
});

describe('onem2m operations', () => {
  it('create, retrieve, update, discover and delete with content from an argument, a file and stdin', async () => {
    const ae = await onem2m([
      'create',
      'cse-in',
      '{"m2m:ae": {"rn": "cli-app", "api": "Ncli", "rr": false, "srv": ["3"]}}',
      '--origin',
      'Ccli',
    ]);
    expect(ae.stderr).toBe('');
    expect(ae.code).toBe(0);
    expect(JSON.parse(ae.stdout)['m2m:ae']).toMatchObject({ rn: 'cli-app', aei: 'Ccli' });

    await writeFile(join(files, 'cnt.json'), JSON.stringify({ rn: 'temperature', mni: 5 }));
    const cnt = await onem2m([
      'create',
      'cse-in/cli-app',
      '--file',
      join(files, 'cnt.json'),
      '--type',
      'cnt',
      '--origin',
      'Ccli',
    ]);
    expect([cnt.code, JSON.parse(cnt.stdout)['m2m:cnt'].mni]).toEqual([0, 5]);

    const cin = await onem2m(
      ['create', 'cse-in/cli-app/temperature', '-', '--origin', 'Ccli', '--encoding', 'cbor'],
      '{"m2m:cin": {"con": "21.5"}}',
    );
    expect(cin.code).toBe(0);

    const la = await onem2m([
      'retrieve',
      'cse-in/cli-app/temperature/la',
      '--origin',
      'Ccli',
      '--long-names',
      '--encoding',
      'xml',
    ]);
    expect(la.code).toBe(0);
    expect(JSON.parse(la.stdout)['m2m:contentInstance']).toMatchObject({
      content: '21.5',
      resourceName: expect.any(String),
    });

    const updated = await onem2m(
      ['update', 'cse-in/cli-app/temperature', `@${join(files, 'cnt-update.json')}`, '--origin', 'Ccli'].map((a) => a),
      undefined,
    ).then(async (first) => {
      expect(first.code).toBe(2); // the file does not exist yet
      expect(first.stderr).toMatch(/cannot read .*cnt-update\.json/);
      await writeFile(join(files, 'cnt-update.json'), '{"m2m:cnt": {"lbl": ["room:1"]}}');
      return onem2m(['update', 'cse-in/cli-app/temperature', `@${join(files, 'cnt-update.json')}`, '--origin', 'Ccli']);
    });
    expect(JSON.parse(updated.stdout)['m2m:cnt'].lbl).toEqual(['room:1']);

    const found = await onem2m(['discover', 'cse-in/cli-app', '--ty', '3,4', '--lbl', 'room:1', '--origin', 'Ccli']);
    expect([found.code, JSON.parse(found.stdout)]).toEqual([0, ['cse-in/cli-app/temperature']]);
    const all = await onem2m([
      'discover',
      'cse-in/cli-app',
      '--ty',
      '4',
      '--all',
      '--page-size',
      '1',
      '--origin',
      'Ccli',
    ]);
    expect(all.stdout.trim().split('\n')).toHaveLength(1);

    const deleted = await onem2m(['delete', 'cse-in/cli-app', '--origin', 'Ccli']);
    expect([deleted.code, JSON.parse(deleted.stdout)]).toEqual([0, { rsc: 2002 }]);
  }, 60_000);

  it('an error status from the CSE exits 3 with the rsc name and the CSE’s text', async () => {
    const result = await onem2m(['retrieve', 'cse-in/does-not-exist']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /^error: 4004 NotFound \(HTTP 404\): .* — RETRIEVE cse-in\/does-not-exist \(request /,
    );
    // Once: the CSE's text is not repeated.
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('no CSE at the address exits 4', async () => {
    const result = await onem2m(['retrieve', 'cse-in', '--url', 'http://127.0.0.1:9', '--timeout', '2000']);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^connection error: .*no response from http:\/\/127\.0\.0\.1:9/);
  });

  it('an answer that is not oneM2M exits 4 and says so', async () => {
    const server = createServer((_req, res) => res.end('<html>hello</html>'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await onem2m(['retrieve', 'cse-in', '--url', `http://127.0.0.1:${port}`]);
      expect([result.code, result.stderr]).toEqual([4, expect.stringMatching(/^not a oneM2M answer: .*X-M2M-RSC/i)]);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      server.close();
    }
  });

  it('bad input exits 2 before sending; --no-validate sends it and the CSE refuses it', async () => {
    const broken = await onem2m(['create', 'cse-in', '{"m2m:cnt": ']);
    expect([broken.code, broken.stderr]).toEqual([2, expect.stringMatching(/the content argument is not valid JSON/)]);
    const invalid = await onem2m(['create', 'cse-in', '{"m2m:cnt": {"rn": "x", "cni": 1}}']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(
      /not a valid m2m:cnt create.*\n.*\/m2m:cnt\/cni: .*'cni' \(currentNrOfInstances\) is not permitted/,
    );
    const sent = await onem2m(['create', 'cse-in', '{"m2m:cnt": {"rn": "x", "cni": 1}}', '--no-validate']);
    expect(sent.code).toBe(3);
    expect(sent.stderr).toMatch(/4000 BadRequest/);
    const untyped = await onem2m(['create', 'cse-in', '{"rn": "x"}']);
    expect([untyped.code, untyped.stderr]).toEqual([2, expect.stringMatching(/cannot tell the resource type/)]);
    const badOption = await onem2m(['discover', 'cse-in', '--lim', 'ten']);
    expect(badOption.code).not.toBe(0);
    expect(badOption.stderr).toMatch(/--lim takes a number/);
  }, 30_000);

  it('every command has help with an example', async () => {
    for (const command of [
      'retrieve',
      'create',
      'update',
      'delete',
      'discover',
      'subscribe',
      'validate',
      'generate',
      'serve',
      'demo',
    ]) {
      const result = await onem2m([command, '--help']);
      expect(result.code, command).toBe(0);
      expect(result.stdout, command).toMatch(/Example:\n\s+\$ onem2m /);
    }
  }, 60_000);
});

describe('onem2m validate', () => {
  beforeAll(async () => {
    await mkdir(join(files, 'payloads', 'nested'), { recursive: true });
    await writeFile(join(files, 'payloads', 'good.json'), '{"m2m:cnt": {"rn": "temperature", "mni": 10}}');
    await writeFile(
      join(files, 'payloads', 'nested', 'bad.json'),
      '{"m2m:cnt": {"rn": "temperature", "cni": 3, "mni": "ten"}}',
    );
    await writeFile(join(files, 'payloads', 'broken.json'), '{"m2m:cnt": ');
  });

  it('a good file passes with exit 0', async () => {
    const result = await onem2m(['validate', join(files, 'payloads', 'good.json')]);
    expect([result.code, result.stdout]).toEqual([
      0,
      `${join(files, 'payloads', 'good.json')}: ok (m2m:cnt create)\n1 file checked, 0 problems\n`,
    ]);
  });

  it('a bad file prints file, pointer, long name, message and rule, and exits 1', async () => {
    const bad = join(files, 'payloads', 'nested', 'bad.json');
    const result = await onem2m(['validate', bad]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${bad}: /m2m:cnt/cni (currentNrOfInstances): Container create: attribute 'cni' (currentNrOfInstances) is not permitted in a create`,
    );
    expect(result.stdout).toContain('[create-not-permitted]');
    expect(result.stdout).toMatch(
      new RegExp(
        `${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: /m2m:cnt/mni \\(maxNrOfInstances\\): .*\\[data-type\\]`,
      ),
    );
    expect(result.stdout).toMatch(/1 file checked, 2 problems\n$/);
  });

  it('directories and globs expand; broken JSON is a problem; --op changes the rules', async () => {
    const dir = await onem2m(['validate', join(files, 'payloads')]);
    expect(dir.code).toBe(1);
    expect(dir.stdout).toMatch(/broken\.json: not valid JSON/);
    expect(dir.stdout).toMatch(/3 files checked, 3 problems/);
    const glob = await onem2m(['validate', `${join(files, 'payloads')}/**/*.json`, '--quiet']);
    expect(glob.stdout).toMatch(/3 files checked/);
    expect(glob.stdout).not.toMatch(/: ok/);
    const update = await onem2m(['validate', join(files, 'payloads', 'good.json'), '--op', 'update']);
    expect([update.code, update.stdout]).toEqual([
      1,
      expect.stringMatching(/\/m2m:cnt\/rn \(resourceName\): .*\[update-not-permitted\]/),
    ]);
  });

  it('--json prints one report of every file and issue', async () => {
    await mkdir(join(files, 'report'), { recursive: true });
    await writeFile(join(files, 'report', 'good.json'), '{"m2m:cnt": {"rn": "ok"}}');
    await writeFile(join(files, 'report', 'bad.json'), '{"m2m:cnt": {"cni": 1}}');
    await writeFile(join(files, 'report', 'broken.json'), '{');
    const result = await onem2m(['validate', join(files, 'report'), join(files, 'missing.json'), '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ checked: 3, valid: 1, problems: 2, unmatched: [join(files, 'missing.json')] });
    const byName = Object.fromEntries(report.files.map((f: { file: string }) => [f.file.replace(/.*\//, ''), f]));
    expect(byName['good.json']).toEqual({
      file: expect.any(String),
      ok: true,
      type: 'm2m:cnt',
      operation: 'create',
      issues: [],
    });
    expect(byName['bad.json'].issues).toEqual([
      expect.objectContaining({ pointer: '/m2m:cnt/cni', attribute: 'cni', rule: 'create-not-permitted' }),
    ]);
    expect(byName['broken.json']).toMatchObject({ ok: false, error: expect.stringMatching(/^not valid JSON/) });
  });

  it('knows the flexContainer specialisations: root name, cnd and custom attribute types, --type by name', async () => {
    const dir = join(files, 'sdt');
    await mkdir(dir, { recursive: true });
    const good = join(dir, 'switch.json');
    const bad = join(dir, 'bad-switch.json');
    await writeFile(good, '{"cod:binSh": {"cnd": "org.onem2m.common.moduleclass.binarySwitch", "state": true}}');
    await writeFile(bad, '{"cod:binSh": {"cnd": "org.onem2m.common.device.deviceLight", "state": "on"}}');
    const ok = await onem2m(['validate', good]);
    expect([ok.code, ok.stdout]).toEqual([0, `${good}: ok (cod:binSh create)\n1 file checked, 0 problems\n`]);
    const result = await onem2m(['validate', bad]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${bad}: /cod:binSh/cnd (containerDefinition): BinarySwitch create: attribute 'cnd'`,
    );
    expect(result.stdout).toContain(`${bad}: /cod:binSh/state (state): BinarySwitch create: attribute 'state' (state)`);
    const bare = join(dir, 'bare.json');
    await writeFile(bare, '{"red": 300, "green": 0, "blue": "lots"}');
    const typed = await onem2m(['validate', bare, '--type', 'colour', '--op', 'update']);
    expect([typed.code, typed.stdout]).toEqual([1, expect.stringContaining('/blue (blue): Colour update:')]);
  });

  it('nothing to validate exits 2', async () => {
    const result = await onem2m(['validate', join(files, 'nope', '*.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no such file, or no \.json file matches/);
  });
});

describe('the command line itself', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V'])
      expect(await onem2m([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it.each([
    [['retreive', 'cse-in'], "onem2m: unknown command 'retreive' (did you mean retrieve?); see onem2m --help"],
    [['retrieve'], "onem2m: missing required argument 'address'; see onem2m retrieve --help"],
    [
      ['retrieve', 'cse-in', '--encoding', 'yaml'],
      "onem2m: option '--encoding <encoding>' argument 'yaml' is invalid. use json, xml or cbor; see onem2m retrieve --help",
    ],
    [['validate', '--bogus', 'x.json'], "onem2m: unknown option '--bogus'; see onem2m validate --help"],
    [
      ['retrieve', 'cse-in', '--url', '127.0.0.1:8080'],
      "onem2m: option '--url <url>' argument '127.0.0.1:8080' is invalid. give an http(s)://, mqtt(s):// or ws(s):// URL, e.g. http://127.0.0.1:8080; see onem2m retrieve --help",
    ],
  ])('a usage error (%j) exits 2 with one line pointing to --help', async (args, line) => {
    expect(await onem2m(args)).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });

  it('a bad ONEM2M_URL exits 2 naming the fix', async () => {
    const result = await onem2m(['retrieve', 'cse-in'], undefined, { ONEM2M_URL: 'localhost:8080' });
    expect([result.code, result.stderr]).toEqual([
      2,
      expect.stringMatching(
        /^error: --url localhost:8080: give an http\(s\):\/\/, mqtt\(s\):\/\/ or ws\(s\):\/\/ URL, e\.g\. http:\/\/localhost:8080\n$/,
      ),
    ]);
  });

  it('no command prints the help and exits 2; --help exits 0', async () => {
    const none = await onem2m([]);
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('Usage: onem2m')]);
    const help = await onem2m(['--help']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('Usage: onem2m')]);
  });
});

describe('onem2m generate', () => {
  it('--check reports generated/ up to date', async () => {
    // Generation compiles every validator: well over a minute on a loaded 2-core machine.
    const result = await runCli(bin, ['generate', '--check'], { timeoutMs: 170_000 });
    expect([result.code, result.timedOut, result.stdout]).toEqual([
      0,
      undefined,
      expect.stringMatching(/generated\/ is up to date/),
    ]);
  }, 180_000);
});

/** Starts `onem2m subscribe` and resolves once it has subscribed (or exited); output accumulates. */
async function subscribing(args: readonly string[]) {
  const child = spawn(process.execPath, [bin, 'subscribe', ...args], {
    cwd: root,
    env: { ...process.env, ONEM2M_URL: cse.url },
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (c: Buffer) => (output.stdout += c.toString()));
  const subscribed = new Promise<void>((resolve) =>
    child.stderr.on(
      'data',
      (c: Buffer) => ((output.stderr += c.toString()), output.stderr.includes('subscribed to') && resolve()),
    ),
  );
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await Promise.race([subscribed, exit]);
  return { output, exit };
}

describe('onem2m subscribe and demo', () => {
  it('subscribe prints a notification, stops after --count and deletes its subscription', async () => {
    await onem2m([
      'create',
      'cse-in',
      '{"m2m:ae": {"rn": "sub-app", "api": "Nsub", "rr": false, "srv": ["3"]}}',
      '--origin',
      'Csub',
    ]);
    await onem2m(['create', 'cse-in/sub-app', '{"m2m:cnt": {"rn": "c"}}', '--origin', 'Csub']);
    const { output, exit } = await subscribing([
      'cse-in/sub-app/c',
      '--origin',
      'Csub',
      '--net',
      '3',
      '--count',
      '1',
      '--rn',
      'watch',
    ]);
    expect(output.stderr).toMatch(/subscribed to cse-in\/sub-app\/c as cse-in\/sub-app\/c\/watch/);
    await onem2m(['create', 'cse-in/sub-app/c', '{"m2m:cin": {"con": "hello"}}', '--origin', 'Csub']);
    expect(await exit).toBe(0);
    expect(output.stdout).toMatch(/notification \(event 3\) from .*\n\{\n\s+"m2m:cin": \{[\s\S]*"con": "hello"/);
    expect(output.stderr).toMatch(/unsubscribed/);
    const gone = await onem2m(['retrieve', 'cse-in/sub-app/c/watch', '--origin', 'Csub']);
    expect(gone.code).toBe(3);
  }, 60_000);

  it('subscribe --json prints one JSON line per notification and nothing else on stdout', async () => {
    await onem2m([
      'create',
      'cse-in',
      '{"m2m:ae": {"rn": "nd-app", "api": "Nnd", "rr": false, "srv": ["3"]}}',
      '--origin',
      'Cnd',
    ]);
    await onem2m(['create', 'cse-in/nd-app', '{"m2m:cnt": {"rn": "c"}}', '--origin', 'Cnd']);
    const { output, exit } = await subscribing([
      'cse-in/nd-app/c',
      '--origin',
      'Cnd',
      '--net',
      '3',
      '--count',
      '2',
      '--json',
    ]);
    for (const con of ['one', 'two'])
      await onem2m(['create', 'cse-in/nd-app/c', `{"m2m:cin": {"con": "${con}"}}`, '--origin', 'Cnd']);
    expect(await exit).toBe(0);
    const lines = output.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => l['kind'])).toEqual(['verification', 'event', 'event']);
    expect(lines.slice(1)).toEqual([
      expect.objectContaining({ event: 3, resource: { 'm2m:cin': expect.objectContaining({ con: 'one' }) } }),
      expect.objectContaining({ event: 3, resource: { 'm2m:cin': expect.objectContaining({ con: 'two' }) } }),
    ]);
  }, 60_000);

  it('demo walks the story against an embedded CSE it starts itself', async () => {
    const result = await onem2m(['demo'], undefined, { ONEM2M_URL: '' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^0\. Started an embedded CSE \/id-in at http:\/\/127\.0\.0\.1:\d+\n/);
    expect(result.stdout).toMatch(/Received a notification: new content instance with value 22\.4/);
    expect(result.stdout).toMatch(/Done\.\n$/);
  }, 60_000);
});
