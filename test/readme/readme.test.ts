import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCse } from '../../src/cse/index.js';
import { builtCli, runCli } from '../helpers/built-cli.js';
import { root } from '../helpers/paths.js';

// The README cannot lie. Every TypeScript block is compiled with the project's strict settings and
// run as written, importing 'onem2m-client' through the package's self-reference (what a reader
// gets after `npm install` in a clone); a block marked as needing a running CSE gets an embedded
// one in place of http://127.0.0.1:8080, and only such blocks may talk to it. Every `npx onem2m`
// line of a shell block runs as a reader runs it, through npx; every npm line names a script that
// exists; the CI snippet's validate step is run on payloads.

interface Block {
  readonly lang: string;
  readonly code: string;
  readonly line: number;
  /** Preceded by `<!-- compile-only: why -->`: compiled, not run (it needs a server the test has not). */
  readonly compileOnly: boolean;
}

const readme = await readFile(join(root, 'README.md'), 'utf8');
const blocks: Block[] = [];
{
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (let m = fence.exec(readme); m; m = fence.exec(readme))
    blocks.push({
      lang: m[1] ?? '',
      code: m[2] ?? '',
      line: readme.slice(0, m.index).split('\n').length,
      compileOnly: /<!-- compile-only: [^>]+-->\s*$/.test(readme.slice(0, m.index)),
    });
}
const ts = blocks.filter((b) => b.lang === 'ts');
const sh = blocks.filter((b) => b.lang === 'sh');
const yaml = blocks.filter((b) => b.lang === 'yaml');

const NEEDS_CSE = '// Needs a running CSE';
const exportsMap = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')).exports as Record<string, unknown>;
const checkDir = join(root, '.check-readme');
const fileOf = (block: Block) => join(checkDir, `readme-line-${block.line}.ts`);

beforeAll(async () => {
  await rm(checkDir, { recursive: true, force: true });
  await mkdir(checkDir, { recursive: true });
  for (const block of ts) {
    for (const [, name] of block.code.matchAll(/from '(onem2m-client[^']*)'/g))
      if (!(`.${name!.slice('onem2m-client'.length)}` in exportsMap))
        throw new Error(`README line ${block.line}: ${name} is not an entry point of the package`);
    await writeFile(fileOf(block), `${block.code}\nexport {};\n`);
  }
  await writeFile(join(checkDir, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', include: ['*.ts'] }));
}, 120_000);
afterAll(async () => {
  await rm(checkDir, { recursive: true, force: true });
});

it('the README has TypeScript, shell and CI blocks to check', () => {
  expect(ts.length).toBeGreaterThanOrEqual(4);
  expect(sh.length).toBeGreaterThanOrEqual(4);
  expect(yaml).toHaveLength(1);
});

it('every TypeScript block compiles under the project’s strict settings', async () => {
  const result = await promisify(execFile)(join(root, 'node_modules', '.bin', 'tsc'), [
    '-p',
    join(checkDir, 'tsconfig.json'),
    '--noEmit',
  ]).then(
    () => '',
    (e: { stdout: string }) => e.stdout,
  );
  expect(result).toBe('');
}, 120_000);

describe('every TypeScript block runs as written', () => {
  for (const block of ts.filter((b) => !b.compileOnly)) {
    const needsCse = block.code.includes('127.0.0.1:8080');
    it(`README line ${block.line}${needsCse ? ' (against a CSE)' : ''}`, async () => {
      // A reader must be told before running it that a block needs a CSE.
      expect(block.code.startsWith(NEEDS_CSE), `the first line says ${NEEDS_CSE}`).toBe(needsCse);
      const cse = needsCse ? await startCse({ port: 0 }) : undefined;
      try {
        const source = (await readFile(fileOf(block), 'utf8')).replaceAll('http://127.0.0.1:8080', cse?.url ?? '');
        const file = fileOf(block).replace(/\.ts$/, '.run.ts');
        await writeFile(file, source);
        const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) =>
          execFile(
            process.execPath,
            ['--import', 'tsx', file],
            { cwd: root, timeout: 60_000 },
            (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
          ),
        );
        expect(stderr).toBe('');
        expect(code).toBe(0);
      } finally {
        await cse?.close();
      }
    }, 60_000);
  }
});

/** Runs a shell line in the package root the way a reader's shell would; never rejects. */
function run(command: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      '/bin/sh',
      ['-c', command],
      // npm_config_yes=false: npx must find the bin here, never download a package of that name.
      { cwd: root, env: { ...process.env, ...env, npm_config_yes: 'false' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

const scripts = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
describe('shell blocks', () => {
  for (const block of sh) {
    it(`README line ${block.line}`, async () => {
      const cse = await startCse({ port: 0 });
      try {
        for (const line of block.code.split('\n').filter((l) => l.trim() !== '')) {
          for (const command of line.split('&&').map((c) => c.trim())) {
            const words = command.split(/\s+/);
            if (words[0] === 'npm') {
              const script = words[1] === 'run' ? words[2] : words[1];
              if (script === 'install') continue;
              expect(scripts, `npm ${script}`).toHaveProperty(String(script));
            } else if (words[0] === 'npx' && words[1] === 'onem2m') {
              // As a reader runs it in a clone: npx finds the package's own bin (built by prepare).
              const result = await run(command, { ONEM2M_URL: cse.url });
              expect(result.stderr, command).toBe('');
              expect(result.code, command).toBe(0);
            } else throw new Error(`README line ${block.line}: cannot check the command ${command}`);
          }
        }
      } finally {
        await cse.close();
      }
    }, 60_000);
  }
});

it('the CI snippet’s validate step passes on valid payloads and fails on an invalid one', async () => {
  const runs = [...(yaml[0]?.code ?? '').matchAll(/^\s*- run: (.*)$/gm)].map((m) => m[1] ?? '');
  const validateStep = runs.find((r) => r.startsWith('npx onem2m validate'));
  expect(validateStep).toBeDefined();
  const args = [...(validateStep ?? '').slice('npx onem2m '.length).matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? '',
  );
  const dir = await mkdtemp(join(tmpdir(), 'onem2m-ci-'));
  try {
    await mkdir(join(dir, 'payloads', 'sensors'), { recursive: true });
    await writeFile(join(dir, 'payloads', 'sensors', 'cnt.json'), '{"m2m:cnt": {"rn": "temperature", "mni": 10}}');
    expect((await runCli(builtCli, args, { cwd: dir })).code).toBe(0);
    await writeFile(join(dir, 'payloads', 'bad.json'), '{"m2m:cnt": {"ri": "x"}}');
    expect((await runCli(builtCli, args, { cwd: dir })).code).toBe(1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
