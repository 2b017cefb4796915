import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { root } from '../helpers/paths.js';

// The client must run unchanged in browsers: bundling it for the browser platform fails on any
// Node built-in, so nothing Node-only can sneak onto the request path.
it('the Client with all three encodings bundles for browsers with no Node built-in', async () => {
  const result = await build({
    stdin: { contents: `import { Client, ContainerDescriptor } from './src/index.ts'; export const c = new Client({ encoding: 'cbor' }); export const d = ContainerDescriptor;`, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  expect(result.errors).toEqual([]);
  expect(code).not.toMatch(/from\s*"node:|require\("node:/);
  expect(code).toContain('X-M2M-RI'.toLowerCase());
  // Printed for the record; the size bench is the place for targets.
  console.log(`browser bundle: ${(code.length / 1024).toFixed(1)} KiB minified, ${(gzipSync(code).length / 1024).toFixed(1)} KiB gzip`);
}, 60_000);
