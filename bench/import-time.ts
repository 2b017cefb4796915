// What importing the package's main entry costs over a bare `node`, in separate processes
// (alternating, medians), and which dependencies that import loads. Codecs other than JSON and
// the undici transport must load on first use, not at import. Goal: ≤ 60 ms over bare node.
//   npm run bench:import        (compiles to .check-bench-import first; BENCH_RUNS to change runs)
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, '.check-bench-import');
const runs = Number(process.env['BENCH_RUNS'] ?? 21);

rmSync(out, { recursive: true, force: true });
execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(root, 'tsconfig.build.json'), '--outDir', out]);
const entry = pathToFileURL(join(out, 'src', 'index.js')).href;

function wallMs(code: string): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`node exited with ${result.status}`);
  return performance.now() - start;
}

const bare: number[] = [];
const main: number[] = [];
for (let i = 0; i < runs; i++) {
  if (i % 2 === 0) {
    bare.push(wallMs('0'));
    main.push(wallMs(`await import(${JSON.stringify(entry)})`));
  } else {
    main.push(wallMs(`await import(${JSON.stringify(entry)})`));
    bare.push(wallMs('0'));
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

// Which packages the import pulls in: a resolve hook notes every node_modules package.
const hooks = `data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(result.url);
  if (m) console.log('package ' + m[1]);
  return result;
}`)}`;
const traced = spawnSync(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    `import { register } from 'node:module'; register(${JSON.stringify(hooks)}); await import(${JSON.stringify(entry)});`,
  ],
  { encoding: 'utf8' },
);
const packages = [...new Set(traced.stdout.split('\n').filter((l) => l.startsWith('package ')))].map((l) =>
  l.slice('package '.length),
);

console.log(
  `bare node: ${median(bare).toFixed(0)} ms; with the main entry: ${median(main).toFixed(0)} ms (medians of ${runs})`,
);
console.log(`import of onem2m-client over bare node: ${(median(main) - median(bare)).toFixed(0)} ms (goal ≤ 60)`);
console.log(`packages loaded by the import: ${packages.join(', ') || 'none'}`);
rmSync(out, { recursive: true, force: true });
