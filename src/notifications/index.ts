// Notifications for Node programs: the HTTP receiver with subscription routing, and the
// process-wide setup onem2mlib users know (`notifications.setup(callback, { host, port })`).
// This entry point imports node:http; the model and the polling channel do not.
import { defaultNotificationEndpoint, setDefaultNotificationEndpoint } from './endpoint.js';
import type { NotificationCallback } from './event.js';
import { NotificationServer, type NotificationServerOptions } from './server.js';

export { NotificationServer, type NotificationServerOptions } from './server.js';
export {
  NotificationRouter,
  subscriptionReferenceCandidates,
  type RouterOptions,
  type SubscriptionRoute,
} from './router.js';
export { defaultNotificationEndpoint, setDefaultNotificationEndpoint, type NotificationEndpoint } from './endpoint.js';
export { toSubscriptionNotification, type NotificationCallback, type SubscriptionNotification } from './event.js';
export {
  contentTypeName,
  contentTypeValue,
  eventTypeName,
  eventTypeValue,
  type NotificationContentTypeName,
  type NotificationEventTypeName,
} from './event-types.js';
export { answerPolledRequest, PollingChannelPoller, polledRequests, type PollingOptions } from './polling.js';
export {
  startNotificationReceiver,
  type NotificationAnswer,
  type NotificationHandler,
  type NotificationReceiver,
  type ReceiverOptions,
} from './receiver.js';
export { notificationsIn, NotificationFormatError, type ReceivedNotification } from './notification.js';
export { AsyncQueue } from './async-queue.js';

let current: NotificationServer | undefined;
let enabled = true;

/**
 * The process-wide notification server, as onem2mlib's notifications module: `setup()` starts it
 * and makes it the endpoint of every session without one of its own; `shutdown()` deletes the
 * subscriptions made through it and stops it.
 */
export const notifications = {
  /** Starts the server (once; a second call returns the running one) with an optional default callback. */
  async setup(callback?: NotificationCallback, options: NotificationServerOptions = {}): Promise<NotificationServer> {
    if (current) return current;
    current = await NotificationServer.start(callback, options);
    current.router.enabled = enabled;
    setDefaultNotificationEndpoint(current);
    return current;
  },

  /**
   * Stops delivering notifications for a while (onem2mlib's disableNotifications): the server
   * keeps running and the subscriptions stay on the CSE; events are answered and dropped, until
   * enableNotifications(). Holds for a server set up later, too.
   */
  disableNotifications(): void {
    enabled = false;
    if (current) current.router.enabled = false;
  },

  /** Delivers notifications again after disableNotifications(). */
  enableNotifications(): void {
    enabled = true;
    if (current) current.router.enabled = true;
  },

  /** Whether notifications are delivered (onem2mlib's isNotificationEnabled). */
  isNotificationEnabled(): boolean {
    return enabled;
  },

  /** The running server, if any. */
  get server(): NotificationServer | undefined {
    return current;
  },

  /** Deletes the subscriptions made through the server (unless `unsubscribe: false`) and stops it. */
  async shutdown(options: { readonly unsubscribe?: boolean } = {}): Promise<void> {
    const server = current;
    current = undefined;
    if (defaultNotificationEndpoint() === server) setDefaultNotificationEndpoint(undefined);
    await server?.close(options);
  },
};
