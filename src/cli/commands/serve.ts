import { InvalidArgumentError, type Command } from 'commander';
import type { CorsPolicy } from '../../cse/cors.js';
import type { RequestLogEntry } from '../../cse/http-server.js';
import type { RunningCse } from '../../cse/start.js';
import { DataFileError } from '../../cse/storage/snapshot.js';
import type { CliCommand } from '../command.js';
import { ExitCode } from '../exit.js';

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
  readonly cors: CorsPolicy;
  readonly log?: boolean;
  /** true: an embedded broker; a string: the broker's URL. */
  readonly mqtt?: true | string;
  readonly mqttPort: number;
  readonly ws?: number;
}

/** `--mqtt <url>`: an mqtt:// or mqtts:// broker address. */
function brokerUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (url?.protocol === 'mqtt:' || url?.protocol === 'mqtts:') return value;
  throw new InvalidArgumentError(
    `give the broker as mqtt://host:port (or mqtts://), e.g. mqtt://${value.replace(/^\w+:\/\//, '')}; leave the value out for an embedded broker`,
  );
}

/** `--cors`: off, *, or a comma-separated list of page origins. */
function corsPolicy(value: string): CorsPolicy {
  if (value === 'off') return false;
  if (value === '*') return '*';
  const origins = value.split(',').map((o) => o.trim());
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      // reported below
    }
    if (!url || url.origin !== origin)
      throw new InvalidArgumentError(`give origins like http://localhost:5173 (scheme, host, port; no path), * or off`);
  }
  return origins;
}

/** One line for a CSE that cannot start: the port is taken, the data file is unreadable… */
function startFailure(error: unknown, options: ServeOptions): string {
  const code = (error as { code?: unknown }).code;
  // The port that failed: the HTTP one, the embedded broker's, or the WebSocket one.
  const failed = (error as { port?: unknown }).port;
  const port = typeof failed === 'number' ? failed : options.port;
  const flag =
    port === options.port ? '--port' : options.mqtt === true && port === options.mqttPort ? '--mqtt-port' : '--ws';
  const where = `${options.host}:${port}`;
  if (code === 'EADDRINUSE')
    return `cannot listen on ${where}: the port is in use; stop the other server or pick another ${flag} (0: any free one)`;
  if (code === 'EACCES')
    return `cannot listen on ${where}: permission denied; ports below 1024 need privileges, pick another ${flag}`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return `cannot listen on ${where}: no such interface on this machine; check --host`;
  if (error instanceof DataFileError) return `${error.message}; check --data`;
  const reason = error instanceof Error ? error.message : String(error);
  return options.data !== undefined && typeof code === 'string' ? `--data ${options.data}: ${reason}` : reason;
}

const logLine = (e: RequestLogEntry) =>
  `${new Date().toISOString()} ${e.method} ${e.url} ${e.status}${e.rsc === undefined ? '' : ` rsc=${e.rsc}`}${e.originator ? ` fr=${e.originator}` : ''} ${e.ms}ms\n`;

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
      .description(
        'run an embedded oneM2M CSE (HTTP, and MQTT and WebSocket when asked; JSON/XML/CBOR) until interrupted',
      )
      .option('--port <port>', 'TCP port, 0 for any free one', port, 8080)
      .option('--host <host>', 'interface to listen on', '127.0.0.1')
      .option('--cse-id <id>', 'CSE-ID', '/id-in')
      .option('--cse-name <name>', 'resource name of the CSEBase', 'cse-in')
      .option('--admin <originator>', 'admin originator, which passes every access check', 'CAdmin')
      .option(
        '--data <file>',
        'keep the resource tree in this file (a JSON snapshot; <file>.journal.<n> beside it holds later changes): loaded at start, every change on disk before it is answered',
      )
      .option('--no-verify', 'do not send verification requests when subscriptions are created')
      .option('--polling-timeout <ms>', 'how long a pcu long poll waits for a request', milliseconds)
      .option(
        '--cors <origins>',
        'browser pages allowed to call the CSE: comma-separated origins, * for any, off for none (default: pages on localhost, 127.0.0.1, [::1])',
        corsPolicy,
        'loopback' as CorsPolicy,
      )
      .option('--log', 'print a line for each HTTP request on stderr (method, path, status, rsc, originator, time)')
      .option(
        '--mqtt [url]',
        'serve the MQTT binding (TS-0010) on the broker at url (mqtt://host:1883), or on an embedded broker when no url is given (needs the mqtt package; the embedded broker also aedes)',
        brokerUrl,
      )
      .option('--mqtt-port <port>', 'port of the embedded MQTT broker, 0 for any free one', port, 1883)
      .option('--ws <port>', 'serve the WebSocket binding (TS-0020) on this port, 0 for any free one', port)
      .addHelpText(
        'after',
        '\nExample:\n  $ onem2m serve --port 8080 --data cse.json\n  onem2m CSE /id-in listening on http://127.0.0.1:8080 (CSEBase http://127.0.0.1:8080/cse-in)\n\n  $ onem2m serve --mqtt --ws 8180\n  MQTT binding on mqtt://127.0.0.1:1883 (embedded broker)\n  WebSocket binding on ws://127.0.0.1:8180\n  onem2m CSE /id-in listening on http://127.0.0.1:8080 (CSEBase http://127.0.0.1:8080/cse-in)\n\nExit status: 0 stopped by SIGINT or SIGTERM, 2 could not start (port in use, unreadable --data file, no broker).',
      )
      .action(async (options: ServeOptions) => {
        let running: RunningCse;
        try {
          // Loaded here, not at the top: every other command (and --help) starts without the CSE.
          const { startCse } = await import('../../cse/start.js');
          running = await startCse({
            port: options.port,
            host: options.host,
            cseId: options.cseId,
            cseName: options.cseName,
            admin: options.admin,
            ...(options.data === undefined ? {} : { dataFile: options.data }),
            verifySubscriptions: options.verify,
            ...(options.pollingTimeout === undefined ? {} : { pollingTimeoutMs: options.pollingTimeout }),
            cors: options.cors,
            ...(options.log ? { requestLog: (entry: RequestLogEntry) => process.stderr.write(logLine(entry)) } : {}),
            ...(options.mqtt === undefined
              ? {}
              : { mqtt: options.mqtt === true ? { port: options.mqttPort } : { url: options.mqtt } }),
            ...(options.ws === undefined ? {} : { webSocket: { port: options.ws } }),
          });
        } catch (error) {
          process.stderr.write(`onem2m serve: ${startFailure(error, options)}\n`);
          process.exitCode = ExitCode.Usage;
          return;
        }
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
        if (running.mqttUrl)
          process.stdout.write(
            `MQTT binding on ${running.mqttUrl}${options.mqtt === true ? ' (embedded broker)' : ''}\n`,
          );
        if (running.wsUrl) process.stdout.write(`WebSocket binding on ${running.wsUrl}\n`);
        // Printed once the signal handlers are in place: whoever waits for this line may stop us.
        process.stdout.write(
          `onem2m CSE ${running.cseId} listening on ${running.url} (CSEBase ${running.url}/${running.cseName})\n`,
        );
      });
  },
};
