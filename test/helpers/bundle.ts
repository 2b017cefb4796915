import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { root } from './paths.js';

/** Bundles `source` (ESM imports relative to the package root) minified, as an app would ship it. */
export async function bundle(source: string): Promise<{ code: string; bytes: number; gzipBytes: number }> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  return { code, bytes: Buffer.byteLength(code), gzipBytes: gzipSync(code).length };
}

/** An entry that uses the AE, container and contentInstance types, descriptors and validators. */
export const SLICE_ENTRY = `
import { createAE, AEDescriptor } from './generated/resources/ae.gen.ts';
import { createContainer } from './generated/resources/container.gen.ts';
import { createContentInstance } from './generated/resources/content-instance.gen.ts';
import { validateAECreate } from './generated/validators/ae.gen.ts';
import { validateContainerCreate } from './generated/validators/container.gen.ts';
import { validateContentInstanceCreate } from './generated/validators/content-instance.gen.ts';
export const used = [createAE, AEDescriptor, createContainer, createContentInstance, validateAECreate, validateContainerCreate, validateContentInstanceCreate];
`;

export const EVERYTHING_ENTRY = `
export * from './generated/index.gen.ts';
export * from './generated/validators/index.gen.ts';
`;
