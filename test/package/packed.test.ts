import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../helpers/paths.js';

// What a user gets from npm: the tarball `npm pack` makes (from dist/, which test/global-setup.ts
// built and `prepare` builds on npm install, npm pack and a git install), installed into a fresh
// ESM TypeScript project. Every entry of the exports map is imported, strict code type-checks
// under nodenext and bundler resolution, and the installed `onem2m` runs. publint and
// arethetypeswrong check the tarball. Runs on every Node version CI tests (.ci/run).

interface Done {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}
// Without the npm_* variables of the npm or npx that started vitest (`npx -p node@22` sets the
// package to install, which an inner npx would act on): a user's shell has none.
const userEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
const exec = (file: string, args: readonly string[], cwd: string, env: Record<string, string> = {}) =>
  new Promise<Done>((resolve) =>
    execFile(
      file,
      args,
      { cwd, env: { ...userEnv(), ...env }, timeout: 120_000, maxBuffer: 1 << 26 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );
// npm and npx as a user's shell runs them, with the node running this test first in PATH.
const PATH = `${join(process.execPath, '..')}:${process.env['PATH'] ?? ''}`;
const sh = (command: string, cwd: string) => exec('/bin/sh', ['-c', command], cwd, { PATH, npm_config_yes: 'false' });
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  scripts: Record<string, string>;
  exports: Record<string, unknown>;
  dependencies: Record<string, string>;
};
let work: string;
let tarball: string;
let app: string;

async function sizeOf(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) {
      files++;
      bytes += (await stat(join(entry.parentPath, entry.name))).size;
    }
  return { bytes, files };
}
const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'onem2m-packed-'));
  // dist/ is fresh (global setup); --ignore-scripts keeps npm from running the build hooks again.
  const packed = await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], root, { PATH });
  expect(packed.code, packed.stderr).toBe(0);
  tarball = join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
  app = join(work, 'app');
  await mkdir(join(app, 'src'), { recursive: true });
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  // From the npm cache when it can: the dependencies were installed for this checkout already.
  const installed = await sh(
    `npm install --no-audit --no-fund --prefer-offline ${JSON.stringify(tarball)} @types/node@20`,
    app,
  );
  expect(installed.code, installed.stderr).toBe(0);
}, 240_000);
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the built code and no sources, and says how big it is', async () => {
    const list = await exec('tar', ['-tzf', tarball], work);
    const files = list.stdout.split('\n').filter(Boolean);
    expect(files).toEqual(
      expect.arrayContaining(['package/dist/src/index.js', 'package/dist/src/cli/main.js', 'package/LICENSE']),
    );
    expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => f.includes('.tsbuildinfo') || f.startsWith('package/test/'))).toEqual([]);
    // npm pack, npm publish and a git install build dist/ themselves.
    expect(manifest.scripts['prepare']).toBe('npm run build');
    const pkg = await sizeOf(join(app, 'node_modules', manifest.name));
    const all = await sizeOf(join(app, 'node_modules'));
    const types = await sizeOf(join(app, 'node_modules', '@types'));
    console.log(
      `tarball ${mb((await stat(tarball)).size)} (${files.length} files); installed: the package ${mb(pkg.bytes)} (${pkg.files} files), with its dependencies ${mb(all.bytes - types.bytes)} (${all.files - types.files} files)`,
    );
    // Library users pay for no CLI-, build- or test-only dependency: ajv runs at generation time
    // only, and the CLI carries its own copy of commander (scripts/finish-dist.mjs).
    expect(Object.keys(manifest.dependencies)).not.toContain('ajv');
    expect(Object.keys(manifest.dependencies)).not.toContain('commander');
    expect(files).toContain('package/dist/src/cli/vendor/commander.js');
  });

  it('every entry of the exports map imports, in Node', async () => {
    const dist = join(app, 'node_modules', manifest.name, 'dist');
    const specifiers: string[] = [];
    for (const key of Object.keys(manifest.exports)) {
      const name = `${manifest.name}${key.slice(1)}`;
      if (!key.includes('*') && key !== './package.json') specifiers.push(name);
    }
    // The wildcard entries, each file they map to.
    for (const [key, dir] of [
      ['./resources/', join(dist, 'generated', 'resources')],
      ['./validators/', join(dist, 'generated', 'validators')],
    ] as const)
      for (const file of await readdir(dir))
        if (file.endsWith('.gen.js'))
          specifiers.push(`${manifest.name}${key.slice(1)}${file.replace(/\.gen\.js$/, '')}`);
    const schemas = join(app, 'node_modules', manifest.name, 'schemas');
    const jsons = (await readdir(schemas, { recursive: true })).filter((f) => f.endsWith('.json'));
    const script = [
      'const failures = [];',
      `for (const name of ${JSON.stringify(specifiers)}) { const ns = await import(name); if (Object.keys(ns).length === 0) failures.push(name + ': no exports'); }`,
      `for (const file of ${JSON.stringify(jsons.map((f) => relative('.', f)))}) { const ns = await import('${manifest.name}/schemas/' + file, { with: { type: 'json' } }); if (!ns.default.$id && !ns.default.$schema) failures.push(file); }`,
      `const pkg = await import('${manifest.name}/package.json', { with: { type: 'json' } }); if (pkg.default.version !== ${JSON.stringify(manifest.version)}) failures.push('package.json');`,
      'if (failures.length) { console.error(failures.join("\\n")); process.exit(1); }',
      'console.log("imported", ' + String(specifiers.length + jsons.length + 1) + ');',
    ].join('\n');
    await writeFile(join(app, 'imports.mjs'), script);
    const run = await exec(process.execPath, ['imports.mjs'], app);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^imported \d+/);
    expect(specifiers.length).toBeGreaterThan(100);
  }, 60_000);

  it('strict TypeScript using it type-checks under nodenext and under bundler resolution', async () => {
    await writeFile(
      join(app, 'src', 'app.ts'),
      `import { Client, ContainerDescriptor, isResponseError, Session, type Container } from 'onem2m-client';
import { validate, validateContainerCreate } from 'onem2m-client/validators';
import { startCse } from 'onem2m-client/cse';
import { startNotificationReceiver } from 'onem2m-client/notifications';
import { createContainer } from 'onem2m-client/resources/container';
import { validateAECreate } from 'onem2m-client/validators/ae';

export async function main(): Promise<string> {
  const cse = await startCse({ port: 0, cors: 'loopback' });
  const client = new Client({ url: cse.url, encoding: 'cbor' });
  const container: Container = await client.retrieve(ContainerDescriptor, 'cse-in/x').catch((error: unknown) => {
    if (isResponseError(error, 4004)) return { rn: 'missing' } as Container;
    throw error;
  });
  const created = await createContainer(client, 'cse-in', { rn: 'c', mni: 1 });
  const receiver = await startNotificationReceiver(() => undefined);
  const ok = validate({ 'm2m:cnt': { rn: 'x' } }, { op: 'create' }).ok && validateContainerCreate({ rn: 'y' }).ok;
  const session = new Session({ url: cse.url });
  await receiver.close();
  await cse.close();
  return [container.rn, created.rn, ok, validateAECreate({}).ok, typeof session].join(' ');
}
`,
    );
    const strict = {
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      verbatimModuleSyntax: true,
      noEmit: true,
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      types: ['node'],
    };
    for (const [name, options] of [
      // Once with our declaration files checked too (the slow part), once as most apps configure it.
      ['nodenext', { module: 'nodenext', moduleResolution: 'nodenext', skipLibCheck: false }],
      ['bundler', { module: 'preserve', moduleResolution: 'bundler', skipLibCheck: true }],
    ] as const) {
      await writeFile(
        join(app, `tsconfig.${name}.json`),
        JSON.stringify({ compilerOptions: { ...strict, ...options }, include: ['src'] }),
      );
      const checked = await exec(
        process.execPath,
        [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', `tsconfig.${name}.json`],
        app,
      );
      expect(checked.stdout, name).toBe('');
      expect(checked.code, name).toBe(0);
    }
  }, 180_000);

  it('the installed onem2m runs through npx: --version and validate', async () => {
    const version = await sh('npx onem2m --version', app);
    expect(version.stderr).toBe('');
    expect([version.code, version.stdout]).toEqual([0, `${manifest.version}\n`]);
    await mkdir(join(app, 'payloads'), { recursive: true });
    await writeFile(join(app, 'payloads', 'cnt.json'), '{"m2m:cnt": {"rn": "temperature", "mni": 10}}');
    const good = await sh('npx onem2m validate "payloads/**/*.json" --op create', app);
    expect([good.code, good.stdout]).toEqual([0, expect.stringContaining('1 file checked, 0 problems')]);
    await writeFile(join(app, 'payloads', 'bad.json'), '{"m2m:cnt": {"cni": 1}}');
    const bad = await sh('npx onem2m validate payloads --json', app);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ checked: 2, valid: 1 });
  }, 60_000);

  it('passes publint and arethetypeswrong', async () => {
    const lint = await exec(process.execPath, [bin('publint'), 'run', tarball, '--strict'], work);
    expect(lint.code).toBe(0);
    expect(lint.stdout).not.toMatch(/Errors:|Warnings:/);
    // The one suggestion accepted: the object-valued "browser" field keeps undici out of browser
    // bundles of dist/ and of src/ alike; an exports "browser" condition would cover only dist/.
    const suggestions = (lint.stdout.split('Suggestions:')[1] ?? '').split('\n').filter((l) => /^\d+\./.test(l));
    expect(suggestions.filter((l) => !l.includes('pkg.browser'))).toEqual([]);
    const attw = await exec(
      process.execPath,
      [
        bin('attw'),
        tarball,
        // ESM only, deliberately: CommonJS users import() it.
        '--profile',
        'esm-only',
        '--include-entrypoints',
        './resources/container',
        './validators/container',
        '--format',
        'json',
      ],
      work,
    );
    const report = JSON.parse(attw.stdout) as { problems?: Record<string, unknown[]>; analysis: unknown };
    const problems = Object.entries(report.problems ?? {}).flatMap(([, list]) =>
      (list as { resolutionKind?: string }[]).filter(
        (p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs',
      ),
    );
    expect(problems).toEqual([]);
    expect(attw.code).toBe(0);
  }, 120_000);
});
