import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Output } from './emit.js';
import { generate } from './generate.js';

// `npm run generate` writes generated/ from schemas/; `npm run generate -- --check` writes nothing
// and exits 1 naming every file that is stale, missing or no longer produced.

function existingFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/** What differs between the generator's outputs and the files in `outDir`. */
export interface Difference {
  /** Relative paths whose contents differ or that are missing. */
  readonly changed: readonly { readonly path: string; readonly missing: boolean }[];
  /** Relative paths in outDir the generator no longer produces. */
  readonly orphaned: readonly string[];
}

export function compareOutputs(outputs: readonly Output[], outDir: string): Difference {
  const existing = new Set(existingFiles(outDir));
  const changed: { path: string; missing: boolean }[] = [];
  for (const [path, contents] of outputs) {
    const current = existing.has(path) ? readFileSync(join(outDir, path), 'utf8') : undefined;
    existing.delete(path);
    if (current !== contents) changed.push({ path, missing: current === undefined });
  }
  return { changed, orphaned: [...existing] };
}

/** The message --check prints for a difference, or undefined when there is none. */
export function describeDifference(difference: Difference): string | undefined {
  const problems = [
    ...difference.changed.map((c) => `${c.missing ? 'missing' : 'stale'}: generated/${c.path}`),
    ...difference.orphaned.map((path) => `not produced by the schemas: generated/${path}`),
  ];
  if (problems.length === 0) return undefined;
  return `generated/ does not match schemas/ (${problems.length} file${problems.length > 1 ? 's' : ''}):\n  ${problems.join('\n  ')}\nRun \`npm run generate\` and commit the result.`;
}

async function main(root: string): Promise<number> {
  const outDir = join(root, 'generated');
  const check = process.argv.includes('--check');
  const started = Date.now();
  // Progress goes to stderr, so that stdout holds only the result.
  const outputs = await generate(root, (step) => process.stderr.write(`generate: ${step}…\n`));
  const difference = compareOutputs(outputs, outDir);
  const seconds = `${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (check) {
    const problems = describeDifference(difference);
    if (problems) {
      console.error(problems);
      return 1;
    }
    console.log(`generated/ is up to date (${outputs.length} files, ${seconds}).`);
    return 0;
  }
  const contents = new Map(outputs);
  for (const { path } of difference.changed) {
    const file = join(outDir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contents.get(path) ?? '');
  }
  for (const path of difference.orphaned) rmSync(join(outDir, path));
  console.log(
    `wrote generated/ (${outputs.length} files, ${difference.changed.length + difference.orphaned.length} changed, ${seconds}).`,
  );
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(join(dirname(fileURLToPath(import.meta.url)), '..')).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
