import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { CliCommand } from '../command.js';
import { UsageError } from '../exit.js';
import { runAction } from '../run.js';

/** The package root holding schemas/ and codegen/: the current directory (a fork) or this package's. */
function projectRoot(): string {
  if (existsSync(join(process.cwd(), 'codegen', 'main.ts'))) return process.cwd();
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++, dir = dirname(dir)) if (existsSync(join(dir, 'codegen', 'main.ts'))) return dir;
  throw new UsageError('no codegen/ found; run onem2m generate in a checkout of onem2m-client (after npm install)');
}

/** `onem2m generate`: regenerates generated/ from schemas/ (for people who fork the schemas). */
export const generateCommand: CliCommand = {
  name: 'generate',
  register(program: Command) {
    program
      .command('generate')
      .description('regenerate generated/ from schemas/ in a checkout of the project')
      .option('--check', 'write nothing; exit 1 naming every stale file')
      .addHelpText('after', '\nExample:\n  $ onem2m generate --check\n  generated/ is up to date (193 files).')
      .action(
        runAction(async (options: { check?: boolean }) => {
          const root = projectRoot();
          // The generator runs as TypeScript through tsx, a development dependency of a checkout.
          const child = spawn(
            process.execPath,
            ['--import', 'tsx', join(root, 'codegen', 'main.ts'), ...(options.check ? ['--check'] : [])],
            { cwd: root, stdio: 'inherit' },
          );
          return new Promise<number>((resolve, reject) => {
            child.once('error', reject);
            child.once('exit', (code) => resolve(code ?? 1));
          });
        }),
      );
  },
};
