import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { importOptional } from '../mqtt/link.js';

// An MQTT broker inside the process, for `onem2m serve --mqtt` without a broker URL and for
// tests: aedes (an optional peer dependency, loaded here only) on a TCP port.

interface AedesLike {
  handle(stream: unknown): unknown;
  close(callback: () => void): void;
  on(event: 'client', listener: (client: { readonly id: string; readonly clean: boolean }) => void): unknown;
}

interface AedesModule {
  Aedes: {
    createBroker(options?: {
      authenticate?: (
        client: { readonly id: string },
        username: string | undefined,
        password: Uint8Array | undefined,
        done: (error: Error | null, success: boolean) => void,
      ) => void;
    }): Promise<AedesLike>;
  };
}

/** A running embedded broker. */
export interface EmbeddedBroker {
  /** `mqtt://host:port`. */
  readonly url: string;
  readonly port: number;
  /** Disconnects every client and stops listening. */
  close(): Promise<void>;
}

/** Options of the embedded broker. */
export interface MqttBrokerOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 1883; 0 picks a free port. */
  readonly port?: number;
  /** Decides each connection's login; without it, every client may connect. */
  readonly authenticate?: (
    client: { readonly id: string },
    username: string | undefined,
    password: string | undefined,
  ) => boolean;
  /** Called with each client that connected (its MQTT client id and clean-session flag). */
  readonly onClient?: (client: { readonly id: string; readonly clean: boolean }) => void;
}

/** Starts an MQTT broker on `host:port` (port 0: any free one). */
export async function startMqttBroker(options: MqttBrokerOptions = {}): Promise<EmbeddedBroker> {
  const { Aedes } = await importOptional<AedesModule>('aedes', 'the embedded MQTT broker (serve --mqtt without a URL)');
  const host = options.host ?? '127.0.0.1';
  const { authenticate, onClient } = options;
  const broker = await Aedes.createBroker(
    authenticate
      ? {
          authenticate: (client, username, password, done) =>
            done(null, authenticate(client, username, password ? new TextDecoder().decode(password) : undefined)),
        }
      : {},
  );
  if (onClient) broker.on('client', (client) => onClient({ id: client.id, clean: client.clean }));
  const server: Server = createServer((socket) => {
    // Small messages one after another: without this, Nagle and delayed ACKs add ~40 ms a hop.
    socket.setNoDelay(true);
    broker.handle(socket);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 1883, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `mqtt://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        broker.close(() => server.close(() => resolve()));
      });
      return closing;
    },
  };
}
