// What every example shares: the CSE to talk to, from the environment, or an embedded CSE when
// none is given; the notification receiver's address; unique names; cleanup that runs whatever
// happens; and a non-zero exit code on any failure.
//
//   ONEM2M_PROFILE     the kind of CSE: spec (default), acme, mobius, tinyiot, om2m; it gives the
//                      defaults of the variables below and the departures the client tolerates
//   ONEM2M_URL         where the CSE is; the scheme chooses the binding: http://127.0.0.1:8080,
//                      mqtt://127.0.0.1:1883 (its broker) or ws://127.0.0.1:8180 (unset: start an embedded CSE)
//   ONEM2M_CSE_ID      its CSE-ID (default the profile's, spec /id-in)
//   ONEM2M_CSE_NAME    its CSEBase name (default the profile's, spec cse-in)
//   ONEM2M_ORIGIN      the originator (default the profile's admin, spec CAdmin)
//   ONEM2M_RVI         the release version (default the profile's, spec 3)
//   ONEM2M_ENCODING    json, xml or cbor (default the profile's first, spec json)
//   ONEM2M_NOTIFY_HOST where the notification receiver listens, reachable from the CSE (default 127.0.0.1)
//   ONEM2M_NOTIFY_PORT its port (default 0: any free port)
import { startCse, type RunningCse } from 'onem2m-client/cse';
import type { Encoding } from 'onem2m-client';
import { isResponseError, ResponseStatusCode, resolveProfile, Session, type ProfileName } from 'onem2m-client';

export interface Example {
  readonly session: Session;
  /** The embedded CSE, when the example started one (no ONEM2M_URL). */
  readonly embedded: RunningCse | undefined;
  /** Where a notification receiver should listen. */
  readonly notify: { readonly host: string; readonly port: number };
  /** A resource name no earlier run used. */
  unique(prefix: string): string;
  /** Runs `undo` when the example ends, successfully or not (last registered, first run). */
  cleanup(undo: () => Promise<unknown>): void;
  /** Deletes the resource when the example ends, unless it is gone by then. */
  removeAtEnd(resource: { delete(): Promise<void> }): void;
  say(line: string): void;
}

function environment(name: string, fallback: string): string {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
}

/** A variable's value, or nothing when it is unset or empty (the profile's default applies). */
function optional<K extends string>(key: K, name: string): { [P in K]?: string } {
  const value = process.env[name];
  return (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: string };
}

function encodingFrom(value: string): Encoding {
  if (value === 'json' || value === 'xml' || value === 'cbor') return value;
  throw new Error(`ONEM2M_ENCODING must be json, xml or cbor, not ${JSON.stringify(value)}`);
}

/** Runs an example: sets up the session, runs `main`, cleans up, and sets the exit code. */
export async function runExample(name: string, main: (example: Example) => Promise<void>): Promise<void> {
  const undo: Array<() => Promise<unknown>> = [];
  // A hanging CSE or a lost notification must not hang CI.
  const guard = setTimeout(
    () => {
      console.error(`✗ ${name}: timed out`);
      process.exit(1);
    },
    Number(environment('ONEM2M_EXAMPLE_TIMEOUT_MS', '60000')),
  );
  guard.unref();
  let embedded: RunningCse | undefined;
  let session: Session | undefined;
  try {
    const profile = resolveProfile(environment('ONEM2M_PROFILE', 'spec') as ProfileName);
    const cseId = environment('ONEM2M_CSE_ID', profile.cseId);
    const cseName = environment('ONEM2M_CSE_NAME', profile.cseName);
    let url = process.env['ONEM2M_URL'];
    if (!url) {
      // The embedded CSE follows the spec; it takes the profile's identifiers.
      embedded = await startCse({ port: 0, cseId, cseName, admin: profile.adminOriginator, log: () => undefined });
      url = embedded.url;
      console.log(`(no ONEM2M_URL: using an embedded CSE at ${url})`);
    }
    const encoding = process.env['ONEM2M_ENCODING'];
    session = new Session({
      profile,
      url,
      cseId,
      cseName,
      ...optional('originator', 'ONEM2M_ORIGIN'),
      ...optional('releaseVersion', 'ONEM2M_RVI'),
      ...(encoding ? { encoding: encodingFrom(encoding) } : {}),
    });
    const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    await main({
      session,
      embedded,
      notify: {
        host: environment('ONEM2M_NOTIFY_HOST', '127.0.0.1'),
        port: Number(environment('ONEM2M_NOTIFY_PORT', '0')),
      },
      unique: (prefix) => `${prefix}_${suffix}`,
      cleanup: (fn) => void undo.push(fn),
      removeAtEnd: (resource) =>
        void undo.push(() =>
          resource.delete().catch((error: unknown) => {
            if (!isResponseError(error, ResponseStatusCode.NotFound)) throw error;
          }),
        ),
      say: (line) => console.log(line),
    });
    console.log(`✓ ${name} done`);
  } catch (error) {
    process.exitCode = 1;
    console.error(`✗ ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    for (const fn of undo.reverse()) {
      await fn().catch((error: unknown) => {
        process.exitCode = 1;
        console.error(`✗ ${name}: cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
    // An MQTT or WebSocket connection stays open until closed.
    await session?.client.close();
    await embedded?.close();
    clearTimeout(guard);
  }
}

/** Throws when a check the example relies on does not hold. */
export function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`check failed: ${what}`);
}
