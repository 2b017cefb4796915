import type {
  Listening,
  ReceivingTransport,
  RequestHandler,
  SendOptions,
  Transport,
  TransportResult,
} from './transport.js';
import type { RequestPrimitive } from '../primitives/request.js';

// A transport made on first use. A client whose URL chooses MQTT or WebSocket checks its
// options at once but loads the binding's code with the first request, so that an application
// (or a browser bundle) that speaks HTTP carries none of it, and bundlers split it off.

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Stands for a receiving transport (MQTT, WebSocket) whose module is imported on first use. */
export class DeferredTransport implements ReceivingTransport {
  readonly endpoint: string;
  readonly notificationPoa: string;
  readonly #load: () => Promise<ReceivingTransport>;
  #transport: ReceivingTransport | undefined;
  #loading: Promise<ReceivingTransport> | undefined;

  /** @param load makes the transport (importing its module); it runs once. */
  constructor(endpoint: string, notificationPoa: string, load: () => Promise<ReceivingTransport>) {
    this.endpoint = endpoint;
    this.notificationPoa = notificationPoa;
    this.#load = load;
  }

  /** The transport, once loaded. */
  get loaded(): Transport | undefined {
    return this.#transport;
  }

  #get(): Promise<ReceivingTransport> {
    if (this.#transport) return Promise.resolve(this.#transport);
    this.#loading ??= this.#load().then((transport) => {
      this.#transport = transport;
      return transport;
    });
    return this.#loading;
  }

  async send(request: RequestPrimitive, options?: SendOptions): Promise<TransportResult> {
    return (this.#transport ?? (await this.#get())).send(request, options);
  }

  async listen(originator: string, handler: RequestHandler): Promise<Listening> {
    return (await this.#get()).listen(originator, handler);
  }

  async close(): Promise<void> {
    const transport = this.#transport ?? (await this.#loading?.catch(() => undefined));
    await transport?.close?.();
  }

  toJSON(): unknown {
    const loaded = this.#transport as { toJSON?: () => unknown } | undefined;
    return loaded?.toJSON ? loaded.toJSON() : { endpoint: this.endpoint };
  }

  [INSPECT](): string {
    return `${this.#transport?.constructor.name ?? 'DeferredTransport'} ${JSON.stringify(this.toJSON())}`;
  }
}
