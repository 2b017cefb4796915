import { Command } from 'commander';
import type { CliCommand } from './command.js';
import { demoCommand } from './commands/demo.js';
import { generateCommand } from './commands/generate.js';
import {
  createCommand,
  deleteCommand,
  discoverCommand,
  retrieveCommand,
  updateCommand,
} from './commands/operations.js';
import { serveCommand } from './commands/serve.js';
import { subscribeCommand } from './commands/subscribe.js';
import { validateCommand } from './commands/validate.js';

/** Every subcommand, in help order. Add new ones here (one module each under commands/). */
export const commands: readonly CliCommand[] = [
  retrieveCommand,
  createCommand,
  updateCommand,
  deleteCommand,
  discoverCommand,
  subscribeCommand,
  validateCommand,
  generateCommand,
  serveCommand,
  demoCommand,
];

/** The `onem2m` program with every subcommand registered. */
export function createProgram(): Command {
  const program = new Command('onem2m').description('oneM2M client tools and an embedded CSE').showHelpAfterError();
  for (const command of commands) command.register(program);
  return program;
}
