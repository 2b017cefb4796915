// Runs after `tsc -b tsconfig.build.json` (npm run build, and so prepare). Idempotent: tsc -b
// rewrites only what changed, and every step here gives the same result when run again.
//  - makes the `onem2m` bin executable (npx runs it directly in a clone);
//  - bundles commander into dist/src/cli/vendor/commander.js and points the CLI's imports at it, so
//    that library users do not install a dependency only the command line uses;
//  - minifies the generated validators, ajv's verbose generated JavaScript that nobody reads, to
//    about 40% of their size.
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync, transformSync } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const cli = join(dist, 'src', 'cli');
chmodSync(join(cli, 'main.js'), 0o755);

const commanderVersion = JSON.parse(
  readFileSync(join(root, 'node_modules', 'commander', 'package.json'), 'utf8'),
).version;
// MIT: the copyright and permission notice travel with the code.
const commanderLicense = readFileSync(join(root, 'node_modules', 'commander', 'LICENSE'), 'utf8')
  .replaceAll('*/', '* /')
  .trim();
// commander is CommonJS; in an ES module bundle its require() of Node built-ins needs a require.
const vendored = join(cli, 'vendor', 'commander.js');
mkdirSync(dirname(vendored), { recursive: true });
buildSync({
  stdin: {
    contents: "export { Command, CommanderError, InvalidArgumentError, Option } from 'commander';",
    resolveDir: root,
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'inline',
  banner: {
    js: `/*! commander ${commanderVersion}, bundled for the onem2m command. ${commanderLicense} */\nimport { createRequire } from 'node:module'; const require = createRequire(import.meta.url);`,
  },
  outfile: vendored,
  logLevel: 'error',
});
for (const entry of readdirSync(cli, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const path = join(entry.parentPath, entry.name);
  if (path === vendored) continue;
  // The CLI's declarations are no entry point of the package; they would name commander's types.
  if (entry.name.endsWith('.d.ts')) {
    rmSync(path);
    continue;
  }
  if (!entry.name.endsWith('.js')) continue;
  const code = readFileSync(path, 'utf8');
  let target = relative(dirname(path), vendored).split(sep).join('/');
  if (!target.startsWith('.')) target = `./${target}`;
  const linked = code.replace(/from ['"]commander['"]/g, `from '${target}'`);
  if (linked !== code) writeFileSync(path, linked);
}

const validators = join(dist, 'generated', 'validators');
for (const file of readdirSync(validators)) {
  if (!file.endsWith('.gen.js')) continue;
  const path = join(validators, file);
  const code = readFileSync(path, 'utf8');
  // Exported names stay; the module keeps its imports and exports (ESM in, ESM out).
  const { code: minified } = transformSync(code, {
    minify: true,
    format: 'esm',
    target: 'es2022',
    legalComments: 'none',
  });
  if (minified !== code) writeFileSync(path, minified);
}
