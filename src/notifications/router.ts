import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import type { Notification } from '../../generated/types/notification.gen.js';
import type { ReceivedNotification } from './notification.js';
import type { NotificationAnswer } from './receiver.js';

type Of<K extends ReceivedNotification['kind']> = Extract<ReceivedNotification, { kind: K }>;

/** Where the router delivers the notifications of one subscription. */
export interface SubscriptionRoute {
  /** The address of the subscribed-to resource (for unsubscribing by resource). */
  readonly target: string;
  /** An event notification of this subscription. */
  event(notification: Of<'event'>): void;
  /** The CSE deleted the subscription and said so (sud); no more events will come. */
  deleted(notification: Of<'subscriptionDeletion'>): void;
  /** Deletes the subscription on the CSE and stops routing to it. */
  unsubscribe(): Promise<void>;
}

/** Options of NotificationRouter: what to do with notifications no route claims. */
export interface RouterOptions {
  /**
   * Which verification requests (vrq) to accept. `known` (default): those of subscriptions this
   * router knows or is creating right now; `all`; or a function deciding. Refused ones are
   * answered 4101 (SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE), which makes the CSE reject the
   * subscription.
   */
  readonly verification?: 'known' | 'all' | ((notification: Notification) => boolean);
  /**
   * Receives what no route claims: events and deletions of unknown subscriptions, and results of
   * non-blocking requests (`m2m:rsp`). Without it, those are answered 4004 (NOT_FOUND).
   */
  readonly fallback?: (notification: ReceivedNotification) => void;
  /** Called when a route or the fallback throws; the notification is still answered 2000. */
  readonly onError?: (error: unknown) => void;
}

/** How many ended subscriptions the router remembers, to answer their late notifications calmly. */
const REMEMBERED_ENDINGS = 1000;

/** The keys a subscription reference (sur) may be registered under, most specific first. */
export function subscriptionReferenceCandidates(sur: string): string[] {
  const candidates = [sur];
  let rest = sur;
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    if (slash < 0) return candidates;
    rest = rest.slice(slash);
    candidates.push(rest);
  }
  if (rest.startsWith('/')) {
    const slash = rest.indexOf('/', 1);
    if (slash > 0) candidates.push(rest.slice(slash + 1));
  }
  return candidates;
}

/**
 * Routes received notifications to subscriptions by their subscription reference (`sur`), which
 * CSEs send as the subscription's resource ID, SP-relative (`/id-in/sub123`) or CSE-relative, or
 * as its structured address. It answers verification requests, ends routes on deletion notices
 * and never throws: every notification gets an answer.
 */
export class NotificationRouter {
  readonly #routes = new Map<string, SubscriptionRoute>();
  readonly #keys = new Map<SubscriptionRoute, readonly string[]>();
  readonly #ended = new Set<string>();
  readonly #early: Array<Of<'event'> | Of<'subscriptionDeletion'>> = [];
  readonly #options: RouterOptions;
  #subscribing = 0;
  #enabled = true;
  #ignored = 0;

  constructor(options: RouterOptions = {}) {
    this.#options = options;
  }

  /**
   * Whether events are delivered (default true). While false (onem2mlib's
   * disableNotifications), events are answered as received (2000) but go to no callback or
   * iterator; verification requests are still answered, and deletion notices still end their
   * subscriptions, so that the state stays true.
   */
  get enabled(): boolean {
    return this.#enabled;
  }

  set enabled(value: boolean) {
    this.#enabled = value;
  }

  /** How many events were answered but not delivered while disabled. */
  get ignored(): number {
    return this.#ignored;
  }

  /** The routes of all subscriptions this router delivers to. */
  routes(): SubscriptionRoute[] {
    return [...this.#keys.keys()];
  }

  /** The routes of the subscriptions to the resource at `target`. */
  routesFor(target: string): SubscriptionRoute[] {
    return this.routes().filter((route) => route.target === target);
  }

  /**
   * Delivers the notifications whose sur is one of `keys` to `route`, including any that arrived
   * while the subscription was being created. Returns the function that removes the route.
   */
  add(keys: readonly string[], route: SubscriptionRoute): () => void {
    for (const key of keys) {
      this.#routes.set(key, route);
      this.#ended.delete(key);
    }
    this.#keys.set(route, keys);
    for (const early of this.#early.splice(0)) {
      if (this.#find(early.notification.sur) === route) this.#deliver(route, early);
      else this.#early.push(early);
    }
    return () => this.#remove(route);
  }

  /**
   * Runs the creation of a subscription: while it runs, verification requests are accepted and
   * notifications for not yet known subscriptions are kept for the route `create` adds.
   */
  async subscribing<T>(create: () => Promise<T>): Promise<T> {
    this.#subscribing++;
    try {
      return await create();
    } finally {
      if (--this.#subscribing === 0) {
        for (const early of this.#early.splice(0)) this.#unclaimed(early);
      }
    }
  }

  /** Handles one notification; the answer is what the receiver sends back to the CSE. */
  handle(notification: ReceivedNotification): NotificationAnswer {
    switch (notification.kind) {
      case 'verification':
        return this.#verify(notification.notification);
      case 'response':
        return this.#unclaimed(notification);
      default: {
        if (!this.#enabled && notification.kind === 'event') {
          this.#ignored++;
          return undefined;
        }
        const route = this.#find(notification.notification.sur);
        if (route) return this.#deliver(route, notification);
        if (subscriptionReferenceCandidates(notification.notification.sur).some((key) => this.#ended.has(key)))
          return undefined;
        if (this.#subscribing > 0) {
          this.#early.push(notification);
          return undefined;
        }
        return this.#unclaimed(notification);
      }
    }
  }

  #find(sur: string | undefined): SubscriptionRoute | undefined {
    if (typeof sur !== 'string') return undefined;
    for (const key of subscriptionReferenceCandidates(sur)) {
      const route = this.#routes.get(key);
      if (route) return route;
    }
    return undefined;
  }

  #remove(route: SubscriptionRoute): void {
    for (const key of this.#keys.get(route) ?? []) {
      if (this.#routes.get(key) === route) this.#routes.delete(key);
      this.#ended.add(key);
    }
    this.#keys.delete(route);
    while (this.#ended.size > REMEMBERED_ENDINGS) this.#ended.delete(this.#ended.values().next().value as string);
  }

  #deliver(route: SubscriptionRoute, notification: Of<'event'> | Of<'subscriptionDeletion'>): NotificationAnswer {
    try {
      if (notification.kind === 'event') route.event(notification);
      else {
        this.#remove(route);
        route.deleted(notification);
      }
    } catch (error) {
      this.#options.onError?.(error);
    }
    return undefined;
  }

  #verify(notification: Notification): NotificationAnswer {
    const policy = this.#options.verification ?? 'known';
    const accepted =
      policy === 'all' ||
      this.#subscribing > 0 ||
      this.#find(notification.sur) !== undefined ||
      (typeof policy === 'function' && policy(notification));
    if (accepted) return undefined;
    return {
      rsc: ResponseStatusCode.SubscriptionCreatorHasNoPrivilege,
      debug: `this notification receiver expects no subscription ${JSON.stringify(notification.sur ?? '')}; it accepts verification requests only for subscriptions it is creating or knows`,
    };
  }

  #unclaimed(notification: ReceivedNotification): NotificationAnswer {
    const fallback = this.#options.fallback;
    if (fallback) {
      try {
        fallback(notification);
      } catch (error) {
        this.#options.onError?.(error);
      }
      return undefined;
    }
    const what =
      notification.kind === 'response'
        ? `the result of request ${JSON.stringify(notification.response.rqi)}`
        : `subscription ${JSON.stringify(notification.notification.sur)}`;
    return { rsc: ResponseStatusCode.NotFound, debug: `this notification receiver has no subscriber for ${what}` };
  }
}
