import { InvalidArgumentError, type Command } from 'commander';
import { startCse } from '../../cse/start.js';
import type { CliCommand } from '../command.js';

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535)
    throw new InvalidArgumentError('give a TCP port number between 0 and 65535 (0 picks a free one)');
  return n;
}

interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly cseId: string;
  readonly cseName: string;
  readonly admin: string;
  readonly data?: string;
  readonly verify: boolean;
  readonly pollingTimeout?: number;
}

function milliseconds(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('give a number of milliseconds');
  return Number(value);
}

/** `onem2m serve`: runs the embedded CSE until SIGINT or SIGTERM. */
export const serveCommand: CliCommand = {
  name: 'serve',
  register(program: Command) {
    program
      .command('serve')
      .description('run an embedded oneM2M CSE (HTTP binding, JSON/XML/CBOR) until interrupted')
      .option('--port <port>', 'TCP port, 0 for any free one', port, 8080)
      .option('--host <host>', 'interface to listen on', '127.0.0.1')
      .option('--cse-id <id>', 'CSE-ID', '/id-in')
      .option('--cse-name <name>', 'resource name of the CSEBase', 'cse-in')
      .option('--admin <originator>', 'admin originator, which passes every access check', 'CAdmin')
      .option(
        '--data <file>',
        'persist the resource tree to this JSON file (loaded at start, written atomically after each change)',
      )
      .option('--no-verify', 'do not send verification requests when subscriptions are created')
      .option('--polling-timeout <ms>', 'how long a pcu long poll waits for a request', milliseconds)
      .addHelpText(
        'after',
        '\nExample:\n  $ onem2m serve --port 8080 --data cse.json\n  onem2m CSE /id-in listening on http://127.0.0.1:8080 (CSEBase http://127.0.0.1:8080/cse-in)',
      )
      .action(async (options: ServeOptions) => {
        const running = await startCse({
          port: options.port,
          host: options.host,
          cseId: options.cseId,
          cseName: options.cseName,
          admin: options.admin,
          ...(options.data === undefined ? {} : { dataFile: options.data }),
          verifySubscriptions: options.verify,
          ...(options.pollingTimeout === undefined ? {} : { pollingTimeoutMs: options.pollingTimeout }),
        });
        const stop = (signal: NodeJS.Signals) => {
          process.stderr.write(`${signal} received, stopping\n`);
          running.close().then(
            () => process.exit(0),
            (error: unknown) => {
              process.stderr.write(`error while stopping: ${String(error)}\n`);
              process.exit(1);
            },
          );
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        // Printed once the signal handlers are in place: whoever waits for this line may stop us.
        process.stdout.write(
          `onem2m CSE ${running.cseId} listening on ${running.url} (CSEBase ${running.url}/${running.cseName})\n`,
        );
      });
  },
};
