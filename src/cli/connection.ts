import { InvalidArgumentError, Option, type Command } from 'commander';
import { Client } from '../client/Client.js';
import { isEncoding, type Encoding } from '../encoding/codec.js';

/** The options every command that talks to a CSE takes; defaults from ONEM2M_* variables, then ACME's. */
export interface ConnectionOptions {
  readonly url: string;
  readonly origin: string;
  readonly rvi: string;
  readonly encoding: Encoding;
  readonly cseId: string;
  readonly cseName: string;
  readonly timeout: number;
  readonly longNames?: boolean;
}

function encoding(value: string): Encoding {
  if (!isEncoding(value)) throw new InvalidArgumentError('use json, xml or cbor');
  return value;
}

function milliseconds(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('give a number of milliseconds');
  return Number(value);
}

// An empty variable counts as unset, as shells and CI systems often export empty values.
const env = (name: string, fallback: string) => process.env[name] || fallback;

export function addConnectionOptions(command: Command): Command {
  return command
    .addOption(new Option('--url <url>', 'the CSE’s HTTP address').default(env('ONEM2M_URL', 'http://127.0.0.1:8080')))
    .addOption(new Option('--origin <originator>', 'X-M2M-Origin').default(env('ONEM2M_ORIGIN', 'CAdmin')))
    .addOption(new Option('--rvi <version>', 'release version indicator').default(env('ONEM2M_RVI', '3')))
    .addOption(
      new Option('--encoding <encoding>', 'json, xml or cbor')
        .default(env('ONEM2M_ENCODING', 'json'))
        .argParser(encoding),
    )
    .addOption(new Option('--cse-id <id>', 'the CSE-ID').default(env('ONEM2M_CSE_ID', '/id-in')))
    .addOption(new Option('--cse-name <name>', 'the CSEBase resource name').default(env('ONEM2M_CSE_NAME', 'cse-in')))
    .addOption(new Option('--timeout <ms>', 'request timeout in milliseconds').default(10_000).argParser(milliseconds))
    .option('--long-names', 'print attributes with their long names');
}

export function clientFor(options: ConnectionOptions): Client {
  if (!isEncoding(options.encoding))
    throw new InvalidArgumentError(`encoding ${String(options.encoding)}: use json, xml or cbor`);
  return new Client({
    url: options.url,
    originator: options.origin,
    releaseVersion: options.rvi,
    encoding: options.encoding,
    cseId: options.cseId,
    cseName: options.cseName,
    timeoutMs: options.timeout,
  });
}
