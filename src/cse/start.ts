import type { AddressInfo } from 'node:net';
import { createCse, type Cse } from './cse.js';
import { createCseHttpServer, type CseHttpServerOptions } from './http-server.js';
import type { CseOptions } from './options.js';

/** Options of {@link startCse}: the CSE's, plus where to listen. */
export interface StartCseOptions extends CseOptions, CseHttpServerOptions {
  /**
   * TCP port; 0 picks a free one (read it from `url`).
   * @default 8080
   */
  readonly port?: number;
  /**
   * Interface to listen on.
   * @default '127.0.0.1'
   */
  readonly host?: string;
}

/** A running CSE. */
export interface RunningCse {
  /** The server's base URL without a trailing slash, e.g. `http://127.0.0.1:8080`; the CSEBase is `${url}/${cseName}`. */
  readonly url: string;
  readonly cseId: string;
  readonly cseName: string;
  /** The CSE itself, for in-process requests and for plugging in behaviours and event listeners. */
  readonly cse: Cse;
  /** Stops listening, closes connections and finishes pending writes. */
  close(): Promise<void>;
}

/**
 * Starts a CSE with its HTTP binding on `host:port`.
 *
 * @example
 * const cse = await startCse({ port: 0 });
 * // ... requests to `${cse.url}/cse-in` ...
 * await cse.close();
 */
export async function startCse(options: StartCseOptions = {}): Promise<RunningCse> {
  const host = options.host ?? '127.0.0.1';
  const cse = await createCse(options);
  const server = createCseHttpServer(cse, {
    ...(options.cors === undefined ? {} : { cors: options.cors }),
    ...(options.requestLog ? { requestLog: options.requestLog } : {}),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8080, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // Port in use, no such interface: nothing must keep running (timers, the data file).
    await cse.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (!options.pointOfAccess) await cse.setPointOfAccess([url]);
  let closing: Promise<void> | undefined;
  return {
    url,
    cseId: cse.options.cseId,
    cseName: cse.options.cseName,
    cse,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await cse.close();
      })();
      return closing;
    },
  };
}
