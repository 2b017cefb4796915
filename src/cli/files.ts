import { readdir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

// Expands the paths `onem2m validate` is given: files as they are, directories to the *.json
// files below them, and globs (`*`, `**`, `?`) for shells and CI runners that pass them quoted.
// Node 20 has no fs.glob, so a small matcher is here.

const GLOB = /[*?[]/;

function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      out += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** The files named by the arguments, in a stable order, and the arguments that named none. */
export async function expandPaths(args: readonly string[]): Promise<{ files: string[]; unmatched: string[] }> {
  const files: string[] = [];
  const unmatched: string[] = [];
  for (const arg of args) {
    const before = files.length;
    if (GLOB.test(arg)) {
      const normalized = arg.split(sep).join('/');
      const firstGlob = normalized.search(GLOB);
      const base = normalized.slice(0, normalized.lastIndexOf('/', firstGlob) + 1) || '.';
      const pattern = globToRegExp(normalized.replace(/^\.\//, ''));
      try {
        for (const file of await walk(base))
          if (pattern.test(file.split(sep).join('/').replace(/^\.\//, ''))) files.push(file);
      } catch {
        // A glob whose base does not exist matches nothing; reported below.
      }
    } else {
      try {
        const info = await stat(arg);
        if (info.isDirectory()) files.push(...(await walk(arg)).filter((f) => f.endsWith('.json')));
        else files.push(arg);
      } catch {
        // Reported below.
      }
    }
    if (files.length === before) unmatched.push(arg);
  }
  return { files: [...new Set(files)], unmatched };
}
