// Runs after `tsc -b tsconfig.build.json` (npm run build, and so prepare): makes the `onem2m` bin
// executable (npx runs it directly in a clone) and minifies the generated validators, which are
// ajv's verbose generated JavaScript that nobody reads, to about 40% of their size. Idempotent:
// tsc -b rewrites only what changed, and minifying minified code changes nothing.
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const dist = new URL('../dist/', import.meta.url).pathname;
chmodSync(join(dist, 'src', 'cli', 'main.js'), 0o755);

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
