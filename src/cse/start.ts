import type { AddressInfo } from 'node:net';
import { createCse, type Cse } from './cse.js';
import { createCseHttpServer, type CseHttpServerOptions } from './http-server.js';
import type { CseMqttOptions } from './mqtt-server.js';
import type { CseOptions } from './options.js';
import type { CseWebSocketOptions } from './ws-server.js';

/** Where the MQTT binding runs: on a broker given by URL, or on an embedded one (aedes) listening at host:port. */
export type StartMqttOptions =
  | CseMqttOptions
  | { readonly url?: undefined; readonly host?: string; readonly port?: number };

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
  /**
   * Serves the MQTT binding (TS-0010) too: `{ url: 'mqtt://broker:1883' }` connects to a broker;
   * `true` or `{ port }` starts an embedded broker (the optional peer dependency aedes) on `host`
   * at that port (default 1883; 0 picks a free one). Needs the optional peer dependency mqtt.
   */
  readonly mqtt?: true | StartMqttOptions;
  /** Serves the WebSocket binding (TS-0020) too: `true` (port 8180) or `{ port }` (0 picks a free one), on `host`. */
  readonly webSocket?: true | CseWebSocketOptions;
}

/** A running CSE. */
export interface RunningCse {
  /** The server's base URL without a trailing slash, e.g. `http://127.0.0.1:8080`; the CSEBase is `${url}/${cseName}`. */
  readonly url: string;
  readonly cseId: string;
  readonly cseName: string;
  /** The MQTT broker the CSE serves on, when it does (`mqtt://host:port`). */
  readonly mqttUrl?: string;
  /** The WebSocket address, when the CSE serves TS-0020 (`ws://host:port`). */
  readonly wsUrl?: string;
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
  const stopHttp = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  let bindings: Awaited<ReturnType<typeof startBindings>>;
  try {
    bindings = await startBindings(cse, host, options);
  } catch (error) {
    await stopHttp();
    await cse.close();
    throw error;
  }
  if (!options.pointOfAccess)
    await cse.setPointOfAccess([url, ...bindings.urls.filter((u): u is string => u !== undefined)]);
  let closing: Promise<void> | undefined;
  return {
    url,
    cseId: cse.options.cseId,
    cseName: cse.options.cseName,
    ...(bindings.urls[0] ? { mqttUrl: bindings.urls[0] } : {}),
    ...(bindings.urls[1] ? { wsUrl: bindings.urls[1] } : {}),
    cse,
    close() {
      closing ??= (async () => {
        await Promise.all([stopHttp(), bindings.close()]);
        await cse.close();
      })();
      return closing;
    },
  };
}

/** Starts the MQTT (with its embedded broker) and WebSocket bindings asked for; all or none. */
async function startBindings(
  cse: Cse,
  host: string,
  options: StartCseOptions,
): Promise<{ urls: [string | undefined, string | undefined]; close(): Promise<void> }> {
  const stops: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    let mqttUrl: string | undefined;
    if (options.mqtt) {
      const { startCseMqtt } = await import('./mqtt-server.js');
      const mqtt = options.mqtt === true ? {} : options.mqtt;
      let brokerUrl = mqtt.url;
      if (brokerUrl === undefined) {
        const { startMqttBroker } = await import('./mqtt-broker.js');
        const embedded = 'port' in mqtt || 'host' in mqtt ? (mqtt as { host?: string; port?: number }) : {};
        const broker = await startMqttBroker({ host: embedded.host ?? host, port: embedded.port ?? 1883 });
        stops.push(() => broker.close());
        brokerUrl = broker.url;
      }
      const binding = await startCseMqtt(cse, { ...(mqtt as CseMqttOptions), url: brokerUrl });
      stops.push(() => binding.close());
      mqttUrl = binding.url;
    }
    let wsUrl: string | undefined;
    if (options.webSocket) {
      const { startCseWebSocket } = await import('./ws-server.js');
      const binding = await startCseWebSocket(cse, { host, ...(options.webSocket === true ? {} : options.webSocket) });
      stops.push(() => binding.close());
      wsUrl = binding.url;
    }
    return { urls: [mqttUrl, wsUrl], close };
  } catch (error) {
    await close();
    throw error;
  }
}
