import { NotificationContentType } from '../../generated/enums/notification-content-type.gen.js';
import { NotificationEventType } from '../../generated/enums/notification-event-type.gen.js';
import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import { SubscriptionDescriptor, type SubscriptionCreate } from '../../generated/resources/subscription.gen.js';
import type { BatchNotify } from '../../generated/types/batch-notify.gen.js';
import type { EventNotificationCriteria } from '../../generated/types/event-notification-criteria.gen.js';
import type { RateLimit } from '../../generated/types/rate-limit.gen.js';
import type { RequestOptions } from '../client/options.js';
import { isResponseError } from '../errors/index.js';
import { AsyncQueue } from '../notifications/async-queue.js';
import type { NotificationEndpoint } from '../notifications/endpoint.js';
import {
  toSubscriptionNotification,
  type NotificationCallback,
  type SubscriptionNotification,
} from '../notifications/event.js';
import {
  contentTypeName,
  eventTypeName,
  type NotificationContentTypeName,
  type NotificationEventTypeName,
} from '../notifications/event-types.js';
import type { SubscriptionRoute } from '../notifications/router.js';
import { addressOfChild, cseRelative, parentAddress } from './address.js';
import { ModelError, NotificationTimeoutError, SubscriptionEndedError } from './errors.js';
import { Resource } from './resource.js';
import type { Session } from './session.js';

/** Options of `resource.subscribe()`: any subscription attribute, plus friendlier names for two. */
export interface SubscribeOptions extends Omit<Partial<SubscriptionCreate>, 'nu'> {
  /** Notification targets besides the endpoint. */
  readonly nu?: readonly string[];
  /** enc.net by name or number. Default: update and deletion of the resource, creation and deletion of its children. */
  readonly eventTypes?: readonly (NotificationEventTypeName | NotificationEventType)[];
  /**
   * nct by name or number. Default allAttributes, always sent: CSEs differ in their own default
   * (Mobius uses modifiedAttributes), and the model needs whole resources.
   */
  readonly contentType?: NotificationContentTypeName | NotificationContentType;
  /** Where the notifications go; default the session's endpoint. */
  readonly endpoint?: NotificationEndpoint;
  /** Options of the CREATE request. */
  readonly request?: RequestOptions;
}

/** Whether a representation is a whole resource (it has the universal attributes), not a set of modified ones. */
function isWhole(attributes: Readonly<Record<string, unknown>>): boolean {
  return ['ri', 'ty', 'rn', 'pi'].every((name) => attributes[name] !== undefined);
}

/** How many notifications a subscription keeps for its iterator before dropping the oldest. */
const BUFFERED = 1000;

interface Live {
  readonly endpoint: NotificationEndpoint;
  readonly callback: NotificationCallback | undefined;
  readonly target: string;
  readonly queue: AsyncQueue<SubscriptionNotification>;
  remove: () => void;
}

/**
 * A subscription. One made by `resource.subscribe()` (or attached with `attach()`) is live: its
 * notifications go to its callback and to its async iterator (`for await (const n of sub)`),
 * until it is unsubscribed or the CSE deletes it (expiration counter, parent deleted, …), which
 * ends the iteration.
 */
export class Subscription extends Resource<'m2m:sub'> implements AsyncIterable<SubscriptionNotification> {
  static override readonly descriptor = SubscriptionDescriptor;
  #live: Live | undefined;
  /** The notifications for next() and the iterator; kept after the end so that they can be read. */
  #queue: AsyncQueue<SubscriptionNotification> | undefined;
  #ended = false;
  #endings: Array<(notification: SubscriptionNotification | undefined) => void> = [];
  #ending: SubscriptionNotification | undefined;
  /**
   * A DELETE of ours is in flight: the CSE's deletion notice may come before its answer (ACME
   * sends it first), and is then no news to the reader: it ends the subscription, unread.
   */
  #unsubscribing = false;

  constructor(session: Session, address: string, attributes: Readonly<Record<string, unknown>>) {
    super(session, 'm2m:sub', address, attributes);
  }

  // ---- attributes --------------------------------------------------------------------------

  /** notificationURI (nu). */
  get notificationUris(): readonly string[] {
    return this.attributes.nu ?? [];
  }
  /** eventNotificationCriteria (enc). */
  get eventNotificationCriteria(): Readonly<EventNotificationCriteria> | undefined {
    return this.attributes.enc;
  }
  /** enc.net by name; the CSE's default is updateOfResource. */
  get eventTypes(): readonly NotificationEventTypeName[] {
    const net = this.attributes.enc?.net ?? [NotificationEventType.UpdateOfResource];
    return net.map(eventTypeName).filter((name): name is NotificationEventTypeName => name !== undefined);
  }
  /** notificationContentType (nct) by name; without one, the CSE's default (the profile's; spec: allAttributes). */
  get notificationContentType(): NotificationContentTypeName | undefined {
    return contentTypeName(this.#contentType());
  }
  /** expirationCounter (exc): the CSE deletes the subscription after this many notifications. */
  get expirationCounter(): number | undefined {
    return this.attributes.exc;
  }
  /** batchNotify (bn). */
  get batchNotify(): Readonly<BatchNotify> | undefined {
    return this.attributes.bn;
  }
  /** rateLimit (rl). */
  get rateLimit(): Readonly<RateLimit> | undefined {
    return this.attributes.rl;
  }
  /** preSubscriptionNotify (psn). */
  get preSubscriptionNotify(): number | undefined {
    return this.attributes.psn;
  }
  /** notificationEventCat (nec). */
  get notificationEventCategory(): number | undefined {
    return this.attributes.nec;
  }
  /** latestNotify (ln). */
  get latestNotify(): boolean | undefined {
    return this.attributes.ln;
  }
  /** subscriberURI (su): where the CSE sends the deletion notice. */
  get subscriberUri(): string | undefined {
    return this.attributes.su;
  }

  /** The address of the subscribed-to resource. */
  get target(): string {
    return this.#live?.target ?? parentAddress(this.address) ?? this.address;
  }

  /** Whether notifications are being routed to this object. */
  get isActive(): boolean {
    return this.#live !== undefined;
  }

  /** Whether the subscription has ended (unsubscribed, deleted, or deleted by the CSE). */
  get hasEnded(): boolean {
    return this.#ended;
  }

  // ---- routing -------------------------------------------------------------------------------

  /** The keys the CSE may name this subscription by (sur): resource ID and address, CSE- and SP-relative. */
  #keys(): string[] {
    const { cseId } = this.session;
    const keys = new Set<string>([`${cseId}/${this.ri}`, this.ri]);
    const relative = cseRelative(this.address, cseId);
    if (relative !== undefined) keys.add(relative).add(`${cseId}/${relative}`);
    else keys.add(this.address);
    return [...keys].filter((key) => key !== '' && key !== `${cseId}/`);
  }

  /**
   * Routes this subscription's notifications to `callback` (or the endpoint's default callback)
   * and to the iterator. `subscribe()` does this; call it yourself for a subscription made
   * earlier whose notificationURI is the endpoint's.
   */
  attach(
    callback?: NotificationCallback,
    options: { readonly endpoint?: NotificationEndpoint; readonly target?: string } = {},
  ): this {
    if (this.#live) throw new ModelError(`subscription ${this.address} is already attached`);
    const endpoint = options.endpoint ?? this.session.notifications;
    if (!endpoint)
      throw new ModelError(`cannot attach subscription ${this.address}: the session has no notification endpoint`);
    const queue = new AsyncQueue<SubscriptionNotification>({ limit: BUFFERED });
    const target = options.target ?? this.target;
    const route: SubscriptionRoute = {
      target,
      event: (received) => this.#deliver(toSubscriptionNotification(received, this, this.#materializer(target))),
      deleted: (received) => this.#end(toSubscriptionNotification(received, this), !this.#unsubscribing),
      unsubscribe: async () => void (await this.unsubscribe()),
    };
    const live: Live = { endpoint, callback, target, queue, remove: () => undefined };
    this.#ended = false;
    this.#queue = queue;
    // Set before adding the route: adding delivers notifications that arrived during the create.
    this.#live = live;
    live.remove = endpoint.router.add(this.#keys(), route);
    return this;
  }

  #materializer(
    target: string,
  ): (
    typeName: string,
    attributes: Readonly<Record<string, unknown>>,
    net: number | undefined,
  ) => Resource | undefined {
    return (typeName, attributes, net) => {
      const child =
        net === NotificationEventType.CreateOfDirectChildResource ||
        net === NotificationEventType.DeleteOfDirectChildResource;
      // All attributes (nct 1) make a resource; so does a whole child representation with other
      // content types (Mobius sends the full child for child events with nct 2). A set of
      // modified attributes does not: it stays in the notification's attributes.
      const whole = this.#contentType() === NotificationContentType.AllAttributes || (child && isWhole(attributes));
      if (!whole) return undefined;
      const address = child ? addressOfChild(this.session, target, attributes) : target;
      return this.session.materialize(typeName, address, attributes);
    };
  }

  /** The subscription's nct, or the CSE's default for one that has none (the profile's). */
  #contentType(): number {
    return this.attributes.nct ?? this.session.profile.defaultNotificationContentType;
  }

  #deliver(notification: SubscriptionNotification): void {
    const live = this.#live;
    if (!live) return;
    live.queue.push(notification);
    const callback = live.callback ?? live.endpoint.defaultCallback;
    if (!callback) return;
    const report = (error: unknown): void =>
      (live.endpoint.onError ?? ((e: unknown) => console.error('notification callback failed:', e)))(error);
    try {
      const result = callback(notification);
      if (result instanceof Promise) result.catch(report);
    } catch (error) {
      report(error);
    }
  }

  /** Ends the subscription here: the last notification (the CSE's deletion notice) goes to the callback, the iterator ends. */
  #end(notification: SubscriptionNotification | undefined, deliver = true): void {
    const live = this.#live;
    if (notification && live && deliver) this.#deliver(notification);
    live?.remove();
    live?.queue.end();
    this.#live = undefined;
    this.#ended = true;
    this.#ending = notification;
    for (const resolve of this.#endings.splice(0)) resolve(notification);
  }

  /** Resolves when the subscription ends, with the CSE's deletion notice if that ended it. */
  whenEnded(): Promise<SubscriptionNotification | undefined> {
    if (this.#ended) return Promise.resolve(this.#ending);
    return new Promise((resolve) => this.#endings.push(resolve));
  }

  /**
   * Deletes the subscription on the CSE (if it is still there) and ends it here. Resolves to 1,
   * or 0 when the CSE had deleted it already.
   */
  override async unsubscribe(options?: RequestOptions): Promise<number> {
    let deleted = 1;
    this.#unsubscribing = true;
    try {
      await super.delete(options);
    } catch (error) {
      if (!isResponseError(error, ResponseStatusCode.NotFound)) throw error;
      deleted = 0;
    } finally {
      this.#unsubscribing = false;
    }
    if (!this.#ended) this.#end(undefined);
    return deleted;
  }

  /** Deleting a live subscription also ends it here. */
  override async delete(options?: RequestOptions): Promise<void> {
    this.#unsubscribing = true;
    try {
      await super.delete(options);
    } finally {
      this.#unsubscribing = false;
    }
    if (this.#live) this.#end(undefined);
  }

  // ---- reading notifications ---------------------------------------------------------------

  /**
   * The next notification (the events since subscribing are kept for this, up to 1000). Rejects
   * with NotificationTimeoutError after `timeoutMs`, with SubscriptionEndedError once it ended.
   */
  async next(
    options: { readonly timeoutMs?: number; readonly signal?: AbortSignal } = {},
  ): Promise<SubscriptionNotification> {
    const queue = this.#queue;
    if (!queue)
      throw new SubscriptionEndedError(
        `subscription ${this.address} is not attached; subscribe() or attach() it to read its notifications`,
      );
    const signals = [
      options.signal,
      options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs),
    ].filter((s): s is AbortSignal => s !== undefined);
    try {
      const result = await queue.take(signals.length === 0 ? undefined : AbortSignal.any(signals));
      if (result.done) throw new SubscriptionEndedError(`subscription ${this.address} has ended`);
      return result.value;
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new NotificationTimeoutError(
          `no notification for subscription ${this.address} within ${options.timeoutMs} ms`,
        );
      }
      throw error;
    }
  }

  /**
   * The notifications as they come (starting with those kept since subscribing), until the
   * subscription ends; leaving a loop early does not unsubscribe.
   */
  events(options: { readonly signal?: AbortSignal } = {}): AsyncIterableIterator<SubscriptionNotification> {
    if (!this.#queue)
      throw new ModelError(
        `subscription ${this.address} is not attached; subscribe() or attach() it to read its notifications`,
      );
    return this.#queue.reader(options.signal);
  }

  /** Iterates over the notifications as they arrive: `for await (const n of subscription)`. */
  [Symbol.asyncIterator](): AsyncIterator<SubscriptionNotification> {
    return this.events();
  }
}
