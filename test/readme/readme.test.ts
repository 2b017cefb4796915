import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCse } from '../../src/cse/index.js';
import { buildCli, runCli, type BuiltCli } from '../helpers/built-cli.js';
import { root } from '../helpers/paths.js';

// The README cannot lie: every TypeScript block is compiled with the project's strict settings and
// run against an embedded CSE; every `onem2m` line of a shell block is run with the built command;
// every npm line names a script that exists; the CI snippet's validate step is run on payloads.

interface Block {
  readonly lang: string;
  readonly code: string;
  readonly line: number;
}

const readme = await readFile(join(root, 'README.md'), 'utf8');
const blocks: Block[] = [];
{
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (let m = fence.exec(readme); m; m = fence.exec(readme))
    blocks.push({ lang: m[1] ?? '', code: m[2] ?? '', line: readme.slice(0, m.index).split('\n').length });
}
const ts = blocks.filter((b) => b.lang === 'ts');
const sh = blocks.filter((b) => b.lang === 'sh');
const yaml = blocks.filter((b) => b.lang === 'yaml');

const IMPORTS: Record<string, string> = {
  'onem2m-client': '../src/index.js',
  'onem2m-client/validators': '../src/validators.js',
  'onem2m-client/cse': '../src/cse/index.js',
  'onem2m-client/notifications': '../src/notifications/index.js',
  'onem2m-client/flexcontainers': '../src/flexcontainers.js',
};
const checkDir = join(root, '.check-readme');
const fileOf = (block: Block) => join(checkDir, `readme-line-${block.line}.ts`);
let cli: BuiltCli;

beforeAll(async () => {
  await rm(checkDir, { recursive: true, force: true });
  await mkdir(checkDir, { recursive: true });
  for (const block of ts) {
    const code = block.code.replace(/from '(onem2m-client[^']*)'/g, (_all, name: string) => {
      if (!(name in IMPORTS))
        throw new Error(`README line ${block.line}: ${name} is not an entry point of the package`);
      return `from '${IMPORTS[name]}'`;
    });
    await writeFile(fileOf(block), `${code}\nexport {};\n`);
  }
  await writeFile(join(checkDir, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', include: ['*.ts'] }));
  cli = await buildCli('readme-cli');
}, 120_000);
afterAll(async () => {
  await rm(checkDir, { recursive: true, force: true });
  await cli?.remove();
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

describe('every TypeScript block runs against a CSE', () => {
  for (const block of ts) {
    it(`README line ${block.line}`, async () => {
      const cse = await startCse({ port: 0 });
      try {
        const source = (await readFile(fileOf(block), 'utf8')).replaceAll('http://127.0.0.1:8080', cse.url);
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
        await cse.close();
      }
    }, 60_000);
  }
});

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
            } else if (words[0] === 'onem2m') {
              const args = [...command.slice('onem2m '.length).matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map(
                (m) => m[1] ?? m[2] ?? m[3] ?? '',
              );
              const result = await runCli(cli.bin, args, { env: { ONEM2M_URL: cse.url } });
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
    expect((await runCli(cli.bin, args, { cwd: dir })).code).toBe(0);
    await writeFile(join(dir, 'payloads', 'bad.json'), '{"m2m:cnt": {"ri": "x"}}');
    expect((await runCli(cli.bin, args, { cwd: dir })).code).toBe(1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
