import type { Notification } from '../../generated/types/notification.gen.js';
import { contentRoot, type PrimitiveContent } from '../primitives/content.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';

/** What a NOTIFY request can carry, after unwrapping (TS-0004 §7.4.1.2.x, digest §4.5). */
export type ReceivedNotification =
  /** A subscription's verification request (vrq): answer to accept or refuse the subscription. */
  | { readonly kind: 'verification'; readonly notification: Notification; readonly request: RequestPrimitive }
  /** A subscription was deleted (sud): no more notifications will come from it. */
  | { readonly kind: 'subscriptionDeletion'; readonly notification: Notification; readonly request: RequestPrimitive }
  /** An event: `resource` is the representation in `nev.rep` (with its root name), if any. */
  | {
      readonly kind: 'event';
      readonly notification: Notification;
      readonly request: RequestPrimitive;
      readonly typeName: string | undefined;
      readonly resource: unknown;
    }
  /** The result of a non-blocking asynch request (`m2m:rsp`). */
  | { readonly kind: 'response'; readonly response: ResponsePrimitive; readonly request: RequestPrimitive };

/** A NOTIFY body that is none of the notification forms. */
export class NotificationFormatError extends Error {
  override readonly name = 'NotificationFormatError';
}

function single(notification: unknown, request: RequestPrimitive): ReceivedNotification {
  if (notification === null || typeof notification !== 'object' || Array.isArray(notification))
    throw new NotificationFormatError('m2m:sgn must be an object');
  const n = notification as Notification;
  if (typeof n.sur !== 'string' && n.vrq !== true)
    throw new NotificationFormatError('m2m:sgn has no subscriptionReference (sur)');
  if (n.vrq === true) return { kind: 'verification', notification: n, request };
  if (n.sud === true) return { kind: 'subscriptionDeletion', notification: n, request };
  const rep = n.nev?.rep as PrimitiveContent | undefined;
  const typeName = rep !== null && typeof rep === 'object' ? contentRoot(rep) : undefined;
  return {
    kind: 'event',
    notification: n,
    request,
    typeName,
    resource: typeName === undefined ? rep : rep?.[typeName],
  };
}

/**
 * The notifications in a NOTIFY request: one `m2m:sgn`, a batch (`m2m:agn`, from batchNotify),
 * or a non-blocking result (`m2m:rsp`). Throws NotificationFormatError for anything else.
 */
export function notificationsIn(request: RequestPrimitive): ReceivedNotification[] {
  const root = contentRoot(request.pc);
  const value = root === undefined ? undefined : request.pc?.[root];
  switch (root) {
    case 'm2m:sgn':
      return [single(value, request)];
    case 'm2m:agn': {
      const list = (value as { 'm2m:sgn'?: unknown } | undefined)?.['m2m:sgn'];
      if (!Array.isArray(list)) throw new NotificationFormatError('m2m:agn must hold a list m2m:sgn');
      return list.map((n) => single(n, request));
    }
    case 'm2m:rsp': {
      const rsp = value as ResponsePrimitive | undefined;
      if (!rsp || typeof rsp.rsc !== 'number')
        throw new NotificationFormatError('m2m:rsp must hold a response primitive with rsc');
      return [{ kind: 'response', response: rsp, request }];
    }
    default:
      throw new NotificationFormatError(
        `expected m2m:sgn, m2m:agn or m2m:rsp, got ${root ?? (request.pc ? `roots ${Object.keys(request.pc).join(', ')}` : 'no content')}`,
      );
  }
}
