import type { Command } from 'commander';

/**
 * One `onem2m` subcommand. Each lives in its own module under commands/ and is listed in
 * program.ts; `register` adds it (name, options, action) to the program.
 */
export interface CliCommand {
  readonly name: string;
  register(program: Command): void;
}
