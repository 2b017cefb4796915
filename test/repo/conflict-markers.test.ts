import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { root } from '../helpers/paths.js';

// A merge once left `<<<<<<< ours` … `>>>>>>> theirs` in README.md's prose, where neither the
// compiler nor the README test looks. Every tracked text file is checked for the markers git
// writes at the start of a line.
const MARKER = /^(?:<{7}|>{7}) ?\S*$|^<{7} |^>{7} /m;

it('no tracked file holds a merge-conflict marker', async () => {
  const { stdout } = await promisify(execFile)('git', ['ls-files', '-z'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  const files = stdout.split('\0').filter((f) => /\.(?:md|ts|mts|js|mjs|json|yml|yaml|txt)$|^\.ci\//.test(f));
  expect(files.length).toBeGreaterThan(100);
  const marked: string[] = [];
  for (const file of files) {
    const text = await readFile(join(root, file), 'utf8').catch(() => '');
    if (MARKER.test(text)) marked.push(file);
  }
  expect(marked).toEqual([]);
});
