import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.js';

// `npm run generate` writes generated/ from schemas/; `npm run generate -- --check` writes nothing
// and exits 1 naming every file that is stale, missing or no longer produced.

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'generated');

function existingFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(outDir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const outputs = await generate(root);
  const existing = new Set(existingFiles(outDir));
  const problems: string[] = [];
  for (const [path, contents] of outputs) {
    const file = join(outDir, path);
    const current = existing.has(path) ? readFileSync(file, 'utf8') : undefined;
    existing.delete(path);
    if (current === contents) continue;
    if (check) problems.push(`${current === undefined ? 'missing' : 'stale'}: generated/${path}`);
    else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, contents);
    }
  }
  for (const path of existing) {
    if (check) problems.push(`not produced by the schemas: generated/${path}`);
    else rmSync(join(outDir, path));
  }
  if (check && problems.length > 0) {
    console.error(
      `generated/ does not match schemas/ (${problems.length} file${problems.length > 1 ? 's' : ''}):\n  ${problems.join('\n  ')}\nRun \`npm run generate\` and commit the result.`,
    );
    return 1;
  }
  console.log(
    check ? `generated/ is up to date (${outputs.length} files).` : `wrote generated/ (${outputs.length} files).`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
