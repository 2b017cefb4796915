import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { root } from '../helpers/paths.js';

// The client must run unchanged in browsers: bundling it for the browser platform fails on any
// Node built-in, so nothing Node-only can sneak onto the request path. The XML and CBOR codecs
// are loaded on first use, so a bundler splits them off the main chunk.
it('the Client bundles for browsers with no Node built-in, the XML and CBOR codecs in chunks of their own', async () => {
  const result = await build({
    stdin: {
      contents: `import { Client, ContainerDescriptor } from './src/index.ts'; export const c = new Client({ encoding: 'cbor' }); export const d = ContainerDescriptor;`,
      resolveDir: root,
      loader: 'ts',
      sourcefile: 'entry.ts',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    splitting: true,
    outdir: 'out',
    entryNames: 'entry',
    write: false,
    logLevel: 'silent',
  });
  expect(result.errors).toEqual([]);
  const all = result.outputFiles.map((f) => f.text).join('\n');
  expect(all).not.toMatch(/from\s*"node:|require\("node:/);
  const entry = result.outputFiles.find((f) => f.path.endsWith('entry.js'))?.text ?? '';
  expect(entry).toContain('x-m2m-ri');
  // The oneM2M XML namespace is a string only the XML codec holds.
  expect(entry).not.toContain('http://www.onem2m.org/xml/protocols');
  expect(all).toContain('http://www.onem2m.org/xml/protocols');
  expect(result.outputFiles.length).toBeGreaterThanOrEqual(3);
  // The root entry exports every flexContainer specialisation; a client that uses none ships none.
  expect(all).not.toContain('schemas/flexcontainers/');
  // Printed for the record; the size bench is the place for targets.
  console.log(
    `browser bundle: main chunk ${(entry.length / 1024).toFixed(1)} KiB minified, ${(gzipSync(entry).length / 1024).toFixed(1)} KiB gzip; all chunks ${(all.length / 1024).toFixed(1)} KiB`,
  );
}, 60_000);

// Over WebSocket a browser uses its own WebSocket: the `ws` package (and the module that opens
// connections with it in Node) stays out of the bundle, MQTT (TCP, Node only) too.
it('a ws:// Client bundles for browsers with the WebSocket binding in a chunk of its own, without ws or mqtt', async () => {
  const result = await build({
    stdin: {
      contents: `import { Client, Session } from './src/index.ts'; export const c = new Client({ url: 'ws://127.0.0.1:8180' }); export const s = Session;`,
      resolveDir: root,
      loader: 'ts',
      sourcefile: 'entry.ts',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    splitting: true,
    outdir: 'out',
    entryNames: 'entry',
    write: false,
    logLevel: 'silent',
  });
  expect(result.errors).toEqual([]);
  const all = result.outputFiles.map((f) => f.text).join('\n');
  expect(all).not.toMatch(/from\s*"node:|require\("node:/);
  const entry = result.outputFiles.find((f) => f.path.endsWith('entry.js'))?.text ?? '';
  // The subprotocol names live in the WebSocket binding's chunk, not in the entry.
  expect(entry).not.toContain('oneM2M.R2.0.json');
  expect(all).toContain('oneM2M.R2.0.json');
  expect(all).not.toContain('ws does not work in the browser');
  expect(all).not.toContain('mqttjs');
}, 60_000);
