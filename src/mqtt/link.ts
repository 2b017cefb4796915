import type { TlsOptions } from '../transport/tls.js';

// One connection to an MQTT broker through mqtt.js, for the MQTT transport and the embedded CSE.
// mqtt.js is an optional peer dependency (10 MiB with its own dependencies): it is imported on
// the first connection, and a missing package is an error that says what to install. Only the few
// members used here are typed, so no declaration file of ours names the package.
//
// Delivery is at most once: requests are published only while connected, never queued for a
// later connection, and a publish that was not acknowledged when the connection dropped is
// removed from mqtt.js's store, so a reconnect does not send it again.

interface MqttClientLike {
  readonly connected: boolean;
  /** The socket (net or tls) of the current connection. */
  readonly stream?: { setNoDelay?(noDelay: boolean): unknown };
  on(event: 'connect' | 'close' | 'offline', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'message', listener: (topic: string, payload: Uint8Array) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
  subscribe(
    topic: string,
    options: { qos: 0 | 1 },
    callback: (error?: Error | null, granted?: ReadonlyArray<{ qos: number }>) => void,
  ): unknown;
  unsubscribe(topic: string, callback: (error?: Error | null) => void): unknown;
  publish(topic: string, payload: Uint8Array, options: { qos: 0 | 1 }, callback: (error?: Error) => void): unknown;
  getLastMessageId(): number;
  removeOutgoingMessage(messageId: number): unknown;
  end(force: boolean, options: object, callback: () => void): unknown;
}

interface MqttModule {
  connect(url: string, options: Record<string, unknown>): MqttClientLike;
}

/** A package a binding needs is not installed; the message names it and the command that installs it. */
export class MissingPackageError extends Error {
  override readonly name = 'MissingPackageError';
  constructor(
    readonly packageName: string,
    what: string,
    options?: { cause?: unknown },
  ) {
    super(
      `${what} needs the ${packageName} package, which is not installed: run \`npm install ${packageName}\` in your project (it is an optional peer dependency of onem2m-client)`,
      options,
    );
  }
}

/** Imports an optional peer dependency, or fails with MissingPackageError. */
export async function importOptional<T>(packageName: string, what: string): Promise<T> {
  // A specifier in a variable: bundlers and the type checker leave it alone.
  const specifier = packageName;
  try {
    return (await import(specifier)) as T;
  } catch (cause) {
    const code = (cause as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND')
      throw new MissingPackageError(packageName, what, { cause });
    throw cause;
  }
}

let loading: Promise<MqttModule> | undefined;

function loadMqtt(): Promise<MqttModule> {
  loading ??= importOptional<MqttModule & { default?: MqttModule }>('mqtt', 'the MQTT binding').then((module) =>
    typeof module.connect === 'function' ? module : (module.default as MqttModule),
  );
  // A failed import is tried again next time (the package may have been installed meanwhile).
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** How to reach the broker. */
export interface MqttLinkOptions {
  /** mqtt:// or mqtts:// with host and port, without credentials. */
  readonly url: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly tls?: TlsOptions | undefined;
  readonly clientId?: string | undefined;
  readonly clean?: boolean | undefined;
  readonly reconnectPeriodMs?: number | undefined;
  readonly connectTimeoutMs?: number | undefined;
  readonly keepaliveSeconds?: number | undefined;
  readonly qos?: 0 | 1 | undefined;
}

const toBuffer = (bytes: Uint8Array): Uint8Array =>
  globalThis.Buffer ? globalThis.Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;

/** A connection to one broker: connects on first use, reconnects by itself, publishes and subscribes. */
export class MqttLink {
  readonly #options: MqttLinkOptions;
  readonly #onMessage: (topic: string, payload: Uint8Array) => void;
  readonly #onClose: () => void;
  #client: MqttClientLike | undefined;
  #starting: Promise<MqttClientLike> | undefined;
  #lastError: Error | undefined;
  readonly #subscriptions = new Map<string, Promise<void>>();

  constructor(
    options: MqttLinkOptions,
    onMessage: (topic: string, payload: Uint8Array) => void,
    onClose: () => void = () => undefined,
  ) {
    this.#options = options;
    this.#onMessage = onMessage;
    this.#onClose = onClose;
  }

  get connected(): boolean {
    return this.#client?.connected ?? false;
  }

  /** The QoS of publishes and subscriptions. */
  get qos(): 0 | 1 {
    return this.#options.qos ?? 1;
  }

  #start(): Promise<MqttClientLike> {
    if (this.#starting) return this.#starting;
    const starting = loadMqtt().then((mqtt) => {
      const o = this.#options;
      const tls = o.tls ?? {};
      const client = mqtt.connect(o.url, {
        ...(o.username === undefined ? {} : { username: o.username }),
        ...(o.password === undefined ? {} : { password: o.password }),
        ...(o.clientId === undefined ? {} : { clientId: o.clientId }),
        clean: o.clean ?? true,
        reconnectPeriod: o.reconnectPeriodMs ?? 1000,
        connectTimeout: o.connectTimeoutMs ?? 30_000,
        keepalive: o.keepaliveSeconds ?? 60,
        // At most once: nothing is held back for a later connection.
        queueQoSZero: false,
        ...tls,
        rejectUnauthorized: tls.rejectUnauthorized ?? true,
      });
      client.on('error', (error) => {
        this.#lastError = error;
      });
      client.on('connect', () => {
        this.#lastError = undefined;
        // A request and its response are small messages in a row: with Nagle's algorithm (Node's
        // default, kept by mqtt.js) and delayed ACKs each exchange waited ~90 ms on loopback.
        client.stream?.setNoDelay?.(true);
      });
      client.on('close', () => {
        if (this.#client === client) this.#onClose();
      });
      client.on('message', (topic, payload) => {
        if (this.#client === client) this.#onMessage(topic, payload);
      });
      if (this.#starting === starting) this.#client = client;
      return client;
    });
    this.#starting = starting;
    // A failed start (mqtt not installed) is tried again on the next use.
    starting.catch(() => {
      if (this.#starting === starting) this.#starting = undefined;
    });
    return starting;
  }

  /**
   * Resolves once connected. While not connected it waits for the attempt under way (mqtt.js
   * retries every reconnectPeriodMs) and rejects with that attempt's error when it fails.
   */
  async ready(): Promise<void> {
    const client = this.#client ?? (await this.#start());
    if (client.connected) return;
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error): void => {
        client.off('connect', onConnect);
        client.off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onConnect = (): void => done();
      const onClose = (): void => done(this.#lastError ?? new Error('the connection to the broker closed'));
      client.on('connect', onConnect);
      client.on('close', onClose);
    });
  }

  /** Subscribes once per topic (mqtt.js subscribes again after a reconnect); resolves on SUBACK. */
  subscribe(topic: string): Promise<void> {
    let subscribed = this.#subscriptions.get(topic);
    if (!subscribed) {
      subscribed = this.ready().then(
        () =>
          new Promise<void>((resolve, reject) => {
            (this.#client as MqttClientLike).subscribe(topic, { qos: this.qos }, (error, granted) => {
              if (error) reject(error);
              else if (granted?.some((g) => g.qos === 128))
                reject(new Error(`the broker refused the subscription to ${topic}`));
              else resolve();
            });
          }),
      );
      this.#subscriptions.set(topic, subscribed);
      subscribed.catch(() => this.#subscriptions.delete(topic));
    }
    return subscribed;
  }

  async unsubscribe(topic: string): Promise<void> {
    if (!this.#subscriptions.delete(topic) || !this.#client?.connected) return;
    await new Promise<void>((resolve) => this.#client?.unsubscribe(topic, () => resolve()));
  }

  /**
   * Publishes while connected (call ready() first); returns the message id of a QoS 1 publish,
   * for forget(). `acknowledged` is called once the broker has it (QoS 1) or it is written (QoS 0).
   */
  publish(topic: string, payload: Uint8Array, acknowledged?: (error?: Error) => void): number | undefined {
    const client = this.#client;
    if (!client?.connected) throw this.#lastError ?? new Error('not connected to the broker');
    client.publish(topic, toBuffer(payload), { qos: this.qos }, (error) => acknowledged?.(error));
    return this.qos === 1 ? client.getLastMessageId() : undefined;
  }

  /** Drops an unacknowledged publish, so that a reconnect does not send it again. */
  forget(messageId: unknown): void {
    if (typeof messageId === 'number') this.#client?.removeOutgoingMessage(messageId);
  }

  /** Disconnects and stops reconnecting; a later ready() connects again. */
  async close(): Promise<void> {
    const starting = this.#starting;
    this.#starting = undefined;
    this.#client = undefined;
    this.#subscriptions.clear();
    const client = await starting?.catch(() => undefined);
    if (client) await new Promise<void>((resolve) => client.end(true, {}, () => resolve()));
  }
}
