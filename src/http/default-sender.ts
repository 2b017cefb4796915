import type { TlsOptions } from '../transport/tls.js';
import { FetchSender } from './fetch-sender.js';
import type { HttpSender, WireOptions, WireRequest, WireResponse } from './wire.js';

// Which sender the HTTP transport uses when the user does not pass a fetch: undici in Node, fetch
// everywhere else. The undici module is imported on first send, so importing the client stays
// cheap, and browser bundles replace it with an empty module (package.json "browser" field), so
// nothing Node-only reaches them; the runtime check keeps it from being called there.

/** True in Node itself (not in Deno or Bun, whose Node layers differ in the parts undici uses). */
export function runsOnNode(): boolean {
  const g = globalThis as { process?: { versions?: { node?: unknown } }; Deno?: unknown; Bun?: unknown };
  return typeof g.process?.versions?.node === 'string' && g.Deno === undefined && g.Bun === undefined;
}

export interface DefaultSenderOptions {
  readonly origin: string;
  readonly tls?: TlsOptions | undefined;
  readonly connectTimeoutMs?: number | undefined;
}

/** The sender for this runtime: undici's Pool in Node, the global fetch elsewhere. */
export function defaultSender(options: DefaultSenderOptions): HttpSender {
  if (runsOnNode()) return new LazyUndiciSender(options);
  if (options.tls)
    throw new TypeError(
      'the tls option needs Node: a browser uses its own trust store and client certificates (and Deno and Bun take TLS settings in their fetch; pass it as the fetch option)',
    );
  return new FetchSender(options.origin, (input, init) => globalThis.fetch(input, init));
}

/** Imports the undici sender on the first request and hands every request to it from then on. */
class LazyUndiciSender implements HttpSender {
  #sender: HttpSender | undefined;
  #loading: Promise<HttpSender> | undefined;
  readonly #options: DefaultSenderOptions;

  constructor(options: DefaultSenderOptions) {
    this.#options = options;
  }

  send(request: WireRequest, options: WireOptions): Promise<WireResponse> {
    if (this.#sender) return this.#sender.send(request, options);
    this.#loading ??= import('./undici-sender.js').then(({ UndiciSender }) => {
      this.#sender = new UndiciSender(this.#options);
      return this.#sender;
    });
    return this.#loading.then((sender) => sender.send(request, options));
  }

  async close(): Promise<void> {
    const sender = this.#sender ?? (await this.#loading?.catch(() => undefined));
    await sender?.close?.();
  }
}
