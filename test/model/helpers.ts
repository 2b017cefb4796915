import { afterAll, beforeAll } from 'vitest';
import { startCse, type RunningCse, type StartCseOptions } from '../../src/cse/index.js';
import type { Encoding } from '../../src/encoding/index.js';
import { Session, type SessionOptions } from '../../src/model/index.js';

export const ENCODINGS: readonly Encoding[] = ['json', 'xml', 'cbor'];

/** A running embedded CSE for the tests of one file (started before all, closed after all). */
export function useCse(options: StartCseOptions = {}): { readonly current: RunningCse } {
  const holder: { current: RunningCse } = { current: undefined as unknown as RunningCse };
  beforeAll(async () => {
    holder.current = await startCse({ port: 0, log: () => undefined, ...options });
  });
  afterAll(() => holder.current.close());
  return holder;
}

/** A session to a running CSE as the admin. */
export function sessionFor(cse: RunningCse, encoding: Encoding, options: SessionOptions = {}): Session {
  return new Session({ url: cse.url, cseId: cse.cseId, cseName: cse.cseName, encoding, ...options });
}

let counter = 0;

/** A resource name no other test uses. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${++counter}`;
}

/** A request as the fetch spy saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

/** A fetch that records each request (JSON bodies as text) before passing it on. */
export function recordingFetch(): { readonly fetch: typeof globalThis.fetch; readonly seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  const spy: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const body = request.body ? await request.clone().text() : undefined;
    seen.push({ method: request.method, url: request.url, headers, body });
    return globalThis.fetch(request);
  };
  return { fetch: spy, seen };
}

/** Waits until `check` holds (polling every 10 ms), failing after `timeoutMs`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 3000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
