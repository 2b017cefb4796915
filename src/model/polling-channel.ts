import { PollingChannelDescriptor } from '../../generated/resources/polling-channel.gen.js';
import type { RequestOptions } from '../client/options.js';
import type { NotificationEndpoint } from '../notifications/endpoint.js';
import { toSubscriptionNotification, type NotificationCallback } from '../notifications/event.js';
import { PollingChannelPoller, type PollingOptions } from '../notifications/polling.js';
import { NotificationRouter } from '../notifications/router.js';
import { childAddress } from './address.js';
import { Resource } from './resource.js';
import type { Session } from './session.js';

/** Options of startPolling. */
export interface StartPollingOptions extends PollingOptions {
  /** The notification target subscriptions name: the AE-ID of the channel's AE. */
  readonly notificationUri: string;
  /** The originator that polls (only the AE that owns the channel may). Default: notificationUri. */
  readonly originator?: string;
  /** The endpoint's default callback. */
  readonly callback?: NotificationCallback;
}

/** The running loops, one per channel: every object of the same channel shares it. */
const running = new Map<string, { readonly poller: PollingChannelPoller; readonly endpoint: NotificationEndpoint }>();

/**
 * A pollingChannel: how an AE the CSE cannot reach (rr=false) receives requests. While polling,
 * it is a notification endpoint like an HTTP receiver: subscriptions naming the AE-ID get their
 * notifications (and verification requests) through it. There is one polling loop per channel,
 * whichever object of it started it.
 */
export class PollingChannel extends Resource<'m2m:pch'> {
  static override readonly descriptor = PollingChannelDescriptor;

  constructor(session: Session, address: string, attributes: Readonly<Record<string, unknown>>) {
    super(session, 'm2m:pch', address, attributes);
  }

  /** requestAggregation (rqag). */
  get rqag(): boolean | undefined {
    return this.attributes.rqag;
  }

  /** The address of the long-polling URI, `<pch>/pcu`. */
  get pollingChannelUri(): string {
    return childAddress(this.address, 'pcu');
  }

  get #key(): string {
    return `${this.session.url} ${this.pollingChannelUri}`;
  }

  /** The notification endpoint while polling. */
  get endpoint(): NotificationEndpoint | undefined {
    return running.get(this.#key)?.endpoint;
  }

  get isPolling(): boolean {
    return running.get(this.#key)?.poller.running ?? false;
  }

  /**
   * Starts long-polling in the background and returns the endpoint to subscribe with. While the
   * channel is polled already (through this or another object), its endpoint is returned.
   */
  startPolling(options: StartPollingOptions): NotificationEndpoint {
    const key = this.#key;
    const current = running.get(key);
    if (current?.poller.running) return current.endpoint;
    const { notificationUri, originator = notificationUri, callback, onStop, ...polling } = options;
    const report = polling.onError ?? ((error: unknown) => console.error(`polling channel ${this.address}:`, error));
    const router =
      (current?.endpoint.router as NotificationRouter | undefined) ??
      new NotificationRouter({
        onError: report,
        ...(callback
          ? {
              fallback: (n) =>
                void (n.kind === 'event' || n.kind === 'subscriptionDeletion'
                  ? callback(toSubscriptionNotification(n))
                  : undefined),
            }
          : {}),
      });
    const endpoint: NotificationEndpoint = current?.endpoint ?? {
      notificationUri,
      router,
      defaultCallback: callback,
      onError: report,
    };
    const client =
      this.session.originator === originator ? this.session.client : this.session.client.withOriginator(originator);
    const poller = new PollingChannelPoller(client, this.pollingChannelUri, router, {
      ...polling,
      onError: report,
      onStop: (reason) => {
        if (running.get(key)?.poller === poller) running.delete(key);
        onStop?.(reason);
      },
    });
    running.set(key, { poller, endpoint });
    poller.start();
    return endpoint;
  }

  /** Stops the background polling; resolves when the poll in flight has ended. */
  async stopPolling(): Promise<void> {
    await running.get(this.#key)?.poller.stop();
  }

  /** Stops polling, then deletes the channel. */
  override async delete(options?: RequestOptions): Promise<void> {
    const key = this.#key;
    await this.stopPolling();
    running.delete(key);
    await super.delete(options);
  }
}
