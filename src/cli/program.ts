import { Command, type CommanderError } from 'commander';
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
import { ExitCode } from './exit.js';
import { packageVersion } from './version.js';

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

/**
 * A command line commander refused (unknown command or option, missing or invalid argument), or
 * help and version output, which end the program too. `exitCode` is what the process exits with.
 */
export class CommandLineExit extends Error {
  override readonly name = 'CommandLineExit';
  constructor(
    readonly exitCode: number,
    /** One line for stderr, or empty when commander printed all there is to say (help, version). */
    readonly report: string,
  ) {
    super(report);
  }
}

// commander's message, e.g. "error: unknown command 'retreive'\n(Did you mean retrieve?)", as one line.
const oneLine = (message: string) =>
  message
    .replace(/^error: /, '')
    .replace(/\n\(Did you mean (.*)\?\)/, ' (did you mean $1?)')
    .replace(/\s*\n\s*/g, ' ')
    .trim();

function exitFor(error: CommanderError, command: Command): CommandLineExit {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
    return new CommandLineExit(ExitCode.Success, '');
  // `onem2m` alone prints the help (to stderr) and counts as a usage error.
  if (error.code === 'commander.help') return new CommandLineExit(ExitCode.Usage, '');
  const path = [];
  for (let c: Command | null = command; c; c = c.parent) path.unshift(c.name());
  return new CommandLineExit(ExitCode.Usage, `onem2m: ${oneLine(error.message)}; see ${path.join(' ')} --help`);
}

/** The `onem2m` program with every subcommand registered. Usage errors throw CommandLineExit. */
export function createProgram(): Command {
  const program = new Command('onem2m')
    .description('oneM2M client tools and an embedded CSE')
    .version(packageVersion(), '-V, --version', 'print the version');
  for (const command of commands) command.register(program);
  for (const command of [program, ...program.commands]) {
    command
      .exitOverride((error) => {
        throw exitFor(error, command);
      })
      // The one-line report is printed by main; commander's own would repeat it.
      .configureOutput({ outputError: () => undefined });
  }
  return program;
}
