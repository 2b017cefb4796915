import type { Encoding } from '../encoding/codec.js';
import type { NotificationEndpoint } from './endpoint.js';
import { toSubscriptionNotification, type NotificationCallback } from './event.js';
import { startNotificationReceiver, type NotificationReceiver, type ReceiverOptions } from './receiver.js';
import { NotificationRouter, type RouterOptions } from './router.js';

/** Options of a notification server: where it listens and how it answers. */
export interface NotificationServerOptions extends ReceiverOptions, Pick<RouterOptions, 'verification'> {
  /**
   * Asks the CSE to notify in this encoding by adding `ct=<encoding>` to the notification URI
   * (ACME and the embedded CSE honour it; the receiver reads every encoding anyway).
   */
  readonly encoding?: Encoding;
  /** Results of non-blocking requests (`m2m:rsp`) sent to the server. Without it they are answered 4004. */
  readonly onResponse?: RouterOptions['fallback'];
}

/**
 * An HTTP notification receiver (node:http) with subscription routing: the endpoint that
 * subscriptions of Node programs use. It answers verification requests for subscriptions it is
 * creating or knows, routes events and deletion notices by subscription reference, hands
 * notifications of unknown subscriptions to the default callback (else answers 4004), and answers
 * anything malformed with an error status, never crashing.
 */
export class NotificationServer implements NotificationEndpoint {
  readonly router: NotificationRouter;
  readonly defaultCallback: NotificationCallback | undefined;
  readonly onError: ((error: unknown) => void) | undefined;
  readonly #receiver: NotificationReceiver;
  readonly #encoding: Encoding | undefined;

  private constructor(
    receiver: NotificationReceiver,
    router: NotificationRouter,
    callback: NotificationCallback | undefined,
    onError: ((error: unknown) => void) | undefined,
    encoding: Encoding | undefined,
  ) {
    this.#receiver = receiver;
    this.#encoding = encoding;
    this.router = router;
    this.defaultCallback = callback;
    this.onError = onError;
  }

  /** Starts a server on `host:port` (default 127.0.0.1 and any free port). */
  static async start(
    callback?: NotificationCallback,
    options: NotificationServerOptions = {},
  ): Promise<NotificationServer> {
    const { verification, onResponse, encoding, ...receiverOptions } = options;
    const onError = options.onError
      ? (error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error)), undefined)
      : undefined;
    const deliver = (n: Parameters<NonNullable<RouterOptions['fallback']>>[0]): void => {
      if (n.kind === 'response') onResponse?.(n);
      else if (n.kind === 'event' || n.kind === 'subscriptionDeletion') void callback?.(toSubscriptionNotification(n));
    };
    const router = new NotificationRouter({
      ...(verification === undefined ? {} : { verification }),
      ...(onError ? { onError } : {}),
      ...(callback || onResponse ? { fallback: deliver } : {}),
    });
    const receiver = await startNotificationReceiver((n) => router.handle(n), receiverOptions);
    return new NotificationServer(receiver, router, callback, onError, encoding);
  }

  /** The server's URL. */
  get url(): string {
    return this.#receiver.url;
  }

  /** What subscriptions put into nu and su: the URL, with `?ct=<encoding>` if an encoding was asked for. */
  get notificationUri(): string {
    return this.#encoding ? `${this.#receiver.url}/?ct=${this.#encoding}` : this.#receiver.url;
  }

  /** Deletes every subscription made through this server (unless `unsubscribe: false`), then stops listening. */
  async close(options: { readonly unsubscribe?: boolean } = {}): Promise<void> {
    if (options.unsubscribe !== false) {
      await Promise.allSettled(this.router.routes().map((route) => route.unsubscribe()));
    }
    await this.#receiver.close();
  }
}
