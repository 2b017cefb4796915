import type { NotificationEventType } from '../../generated/enums/notification-event-type.gen.js';
import type { Notification } from '../../generated/types/notification.gen.js';
import type { Resource } from '../model/resource.js';
import type { Subscription } from '../model/subscription.js';
import { eventTypeName, type NotificationEventTypeName } from './event-types.js';
import type { ReceivedNotification } from './notification.js';

/** What a subscription's callback and iterator receive. */
export interface SubscriptionNotification {
  /** An event, or the notice that the CSE deleted the subscription (the last one it sends). */
  readonly kind: 'event' | 'subscriptionDeletion';
  /** The subscription it belongs to; undefined for notifications of subscriptions nobody here made. */
  readonly subscription: Subscription | undefined;
  /** The subscription reference (sur) the CSE sent. */
  readonly subscriptionReference: string;
  /** The notificationEventType (net), for events. */
  readonly eventType: NotificationEventType | undefined;
  /** The same as a name: `updateOfResource`, `createOfDirectChildResource`, … */
  readonly eventName: NotificationEventTypeName | undefined;
  /** The root name of the representation (`m2m:cin`), when the notification carries a resource. */
  readonly typeName: string | undefined;
  /** The attributes in the representation: all of them (nct 1) or the modified ones (nct 2). */
  readonly attributes: Readonly<Record<string, unknown>> | undefined;
  /**
   * The resource as a model object (nct 1, all attributes): for update and delete events the
   * subscribed resource, for child creation and deletion the child.
   */
  readonly resource: Resource | undefined;
  /** The resource ID the notification names (nct 3 sends only this), or the representation's ri. */
  readonly resourceId: string | undefined;
  /** The creator (cr) of the subscription or, with eeno, the originator of the event. */
  readonly creator: string | undefined;
  /** The notification as the CSE sent it (`m2m:sgn`). */
  readonly notification: Notification;
}

/** A subscription's callback. Its failures are reported to the endpoint's onError, never to the CSE. */
export type NotificationCallback = (notification: SubscriptionNotification) => void | Promise<void>;

/** Turns a representation into a model object; absent when no session is known. */
export type Materializer = (
  typeName: string,
  attributes: Readonly<Record<string, unknown>>,
  eventType: number | undefined,
) => Resource | undefined;

/** The subscription notification for a received event or deletion notice. */
export function toSubscriptionNotification(
  received: Extract<ReceivedNotification, { kind: 'event' | 'subscriptionDeletion' }>,
  subscription?: Subscription,
  materialize?: Materializer,
): SubscriptionNotification {
  const n = received.notification;
  const net = received.kind === 'event' ? n.nev?.net : undefined;
  const typeName = received.kind === 'event' ? received.typeName : undefined;
  const value = received.kind === 'event' ? received.resource : undefined;
  const isRecord = value !== null && typeof value === 'object' && !Array.isArray(value);
  const attributes =
    typeName !== undefined && typeName !== 'm2m:uri' && isRecord ? (value as Record<string, unknown>) : undefined;
  const uri = typeName === 'm2m:uri' && typeof value === 'string' ? value : undefined;
  const ri = attributes && typeof attributes['ri'] === 'string' ? attributes['ri'] : undefined;
  let resource: Resource | undefined;
  if (attributes && typeName !== undefined && materialize) resource = materialize(typeName, attributes, net);
  return {
    kind: received.kind,
    subscription,
    subscriptionReference: n.sur,
    eventType: net,
    eventName: eventTypeName(net),
    typeName,
    attributes,
    resource,
    resourceId: uri ?? ri,
    creator: n.cr,
    notification: n,
  };
}
