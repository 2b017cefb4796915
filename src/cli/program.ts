import { Command } from 'commander';
import type { CliCommand } from './command.js';
import { serveCommand } from './commands/serve.js';

/** Every subcommand, in help order. Add new ones here (one module each under commands/). */
export const commands: readonly CliCommand[] = [serveCommand];

/** The `onem2m` program with every subcommand registered. */
export function createProgram(): Command {
  const program = new Command('onem2m').description('oneM2M client tools and an embedded CSE').showHelpAfterError();
  for (const command of commands) command.register(program);
  return program;
}
