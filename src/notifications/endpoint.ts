import type { NotificationCallback } from './event.js';
import type { NotificationRouter } from './router.js';

/**
 * Where a subscription's notifications go: an HTTP notification receiver (notificationUri is its
 * URL) or an AE's polling channel (notificationUri is the AE-ID). Subscriptions put
 * notificationUri into nu and su and register themselves with the router.
 */
export interface NotificationEndpoint {
  /** The notification target the CSE is given (nu, su). */
  readonly notificationUri: string;
  readonly router: NotificationRouter;
  /** Receives the notifications of subscriptions made without a callback, and of unknown ones. */
  readonly defaultCallback?: NotificationCallback | undefined;
  /** Receives callback failures and transport problems. */
  readonly onError?: ((error: unknown) => void) | undefined;
  /**
   * Set for an endpoint on the client's own MQTT or WebSocket connection: notifications reach the
   * AE (notificationUri is its AE-ID) at this pointOfAccess, which the AE must have.
   */
  readonly poa?: string | undefined;
  /** Makes the endpoint ready to receive (subscribes to the AE's request topic); called before subscribing. */
  prepare?(): Promise<void>;
}

let current: NotificationEndpoint | undefined;

/**
 * The process-wide endpoint sessions use when they have none of their own: set by
 * `notifications.setup()`, cleared by `notifications.shutdown()`.
 */
export function defaultNotificationEndpoint(): NotificationEndpoint | undefined {
  return current;
}

/** Sets the endpoint subscriptions use when none is given (e.g. a started receiver), for the whole process. */
export function setDefaultNotificationEndpoint(endpoint: NotificationEndpoint | undefined): void {
  current = endpoint;
}
