import { InvalidArgumentError, Option, type Command } from 'commander';
import { Client } from '../client/Client.js';
import { isEncoding, type Encoding } from '../encoding/codec.js';
import { profiles, resolveProfile, type ProfileName } from '../profiles/profiles.js';
import { UsageError } from './exit.js';

/** The options every command that talks to a CSE takes; defaults from ONEM2M_* variables, then ACME's. */
export interface ConnectionOptions {
  /** The CSE profile; url, origin, rvi, encoding, cse-id and cse-name left out are its. */
  readonly profile: ProfileName;
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

function profileName(value: string): ProfileName {
  try {
    return resolveProfile(value as ProfileName).name as ProfileName;
  } catch {
    throw new InvalidArgumentError(`use one of ${Object.keys(profiles).join(', ')}`);
  }
}

const SCHEMES = ['http:', 'https:', 'mqtt:', 'mqtts:', 'ws:', 'wss:'];

/**
 * The CSE's address, whose scheme chooses the binding: http(s), mqtt(s) (a broker) or ws(s);
 * anything else (a bare host:port, a typo) is a usage error that shows the fix.
 */
export function cseUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (url && SCHEMES.includes(url.protocol)) return value;
  throw new InvalidArgumentError(
    `give an http(s)://, mqtt(s):// or ws(s):// URL, e.g. http://${value.replace(/^\w+:\/\//, '')}`,
  );
}

/** The clients made for the command that runs, closed when it ends (an MQTT or WebSocket connection would keep the process alive). */
const opened = new Set<Client>();

/** Closes the clients the command made. */
export async function closeClients(): Promise<void> {
  const clients = [...opened];
  opened.clear();
  await Promise.allSettled(clients.map((client) => client.close()));
}

// An empty variable counts as unset, as shells and CI systems often export empty values.
const env = (name: string, fallback: string) => process.env[name] || fallback;

/** The options a profile gives a default for, with their variables: neither given, the profile's value applies. */
const FROM_PROFILE = {
  url: ['ONEM2M_URL', (p) => p.url],
  origin: ['ONEM2M_ORIGIN', (p) => p.adminOriginator],
  rvi: ['ONEM2M_RVI', (p) => p.releaseVersion],
  encoding: ['ONEM2M_ENCODING', (p) => p.encodings[0] ?? 'json'],
  cseId: ['ONEM2M_CSE_ID', (p) => p.cseId],
  cseName: ['ONEM2M_CSE_NAME', (p) => p.cseName],
} as const satisfies Record<string, readonly [string, (profile: ReturnType<typeof resolveProfile>) => string]>;

export function addConnectionOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--profile <name>', `the kind of CSE: ${Object.keys(profiles).join(', ')}; sets the defaults below`)
        .default(env('ONEM2M_PROFILE', 'spec'))
        .argParser(profileName),
    )
    .hook('preAction', (_self, action) => {
      const profile = resolveProfile(profileName(String(action.opts()['profile'] ?? 'spec')));
      for (const [key, [variable, value]] of Object.entries(FROM_PROFILE))
        if (action.getOptionValueSource(key) === 'default' && !process.env[variable])
          action.setOptionValueWithSource(key, value(profile), 'default');
    })
    .addOption(
      new Option('--url <url>', 'the CSE’s address: http(s)://host:port, mqtt(s)://broker:port or ws(s)://host:port')
        .default(env('ONEM2M_URL', 'http://127.0.0.1:8080'))
        .argParser(cseUrl),
    )
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
  // The default comes from ONEM2M_URL, which commander does not parse.
  try {
    cseUrl(options.url);
  } catch (error) {
    throw new UsageError(`--url ${options.url}: ${(error as Error).message}`);
  }
  const client = new Client({
    profile: options.profile ?? 'spec',
    url: options.url,
    originator: options.origin,
    releaseVersion: options.rvi,
    encoding: options.encoding,
    cseId: options.cseId,
    cseName: options.cseName,
    timeoutMs: options.timeout,
  });
  opened.add(client);
  return client;
}
