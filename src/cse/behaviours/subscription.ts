import { NotificationContentType } from '../../../generated/enums/notification-content-type.gen.js';
import { NotificationEventType } from '../../../generated/enums/notification-event-type.gen.js';
import { ResourceType } from '../../../generated/enums/resource-type.gen.js';
import { ResponseStatusCode } from '../../../generated/enums/response-status-code.gen.js';
import type { BatchNotify } from '../../../generated/types/batch-notify.gen.js';
import type { EventNotificationCriteria } from '../../../generated/types/event-notification-criteria.gen.js';
import { parseDuration } from '../../time/duration.js';
import { findResource, normalizeOriginator } from '../addressing.js';
import type { RequestContext, ResourceBehaviour } from '../behaviour.js';
import { DeliveryError } from '../delivery.js';
import { badRequest, CseError } from '../errors.js';
import { checkFilterCriteria } from '../filter.js';
import { mayHoldChild } from '../registry.js';
import type { StoredResource } from '../tree.js';

// <subscription> (TS-0001 §9.6.8, TS-0004 §7.4.8; digest §3.5, §12.1): defaults, checks and the
// verification of notification targets. Sending the notifications is notifier.ts's job.
//
// - nct defaults to 1 (all attributes), enc.net to [1] (update of the resource);
// - nct and each net must fit together as ACME requires (NotificationEventType.isAllowedNCT):
//   nct 1 and 3 with net 1-4, nct 2 with net 1 (and 7), nct 4 with net 6, nct 5 with net 8;
//   anything else is BAD_REQUEST. This CSE raises net 1-4, and net 8 (missing data points of a
//   <timeSeries>, time-series.ts): net 8 needs enc.md and a <timeSeries> parent, its nct defaults
//   to 5 (timeSeriesNotification), and enc.md goes with net 8 only. Other event types, and the
//   criteria operationMonitor (om) and attributeQuery (aq), are NOT_IMPLEMENTED (5001) rather
//   than accepted and never honoured;
// - bn.dur must be a positive duration;
// - on create, and for nu entries an update adds, each notification target except the
//   originator itself receives a verification request {"m2m:sgn": {"vrq": true, "sur", "cr"}};
//   a transport failure or an answer other than 2xxx rejects the request with
//   SUBSCRIPTION_VERIFICATION_INITIATION_FAILED (5204) before anything is stored. A target
//   served by a polling channel counts as verified once the request is queued (as ACME).
// <crossResourceSubscription> only gets the nct default.

const ALLOWED_EVENTS: Readonly<Record<number, readonly number[]>> = {
  [NotificationContentType.AllAttributes]: [1, 2, 3, 4],
  [NotificationContentType.ModifiedAttributes]: [1, 7],
  [NotificationContentType.ResourceID]: [1, 2, 3, 4],
  [NotificationContentType.TriggerPayload]: [6],
  [NotificationContentType.TimeSeriesNotification]: [8],
};

/** The event types this CSE raises notifications for. */
export const SUPPORTED_EVENTS: readonly number[] = [
  NotificationEventType.UpdateOfResource,
  NotificationEventType.DeleteOfResource,
  NotificationEventType.CreateOfDirectChildResource,
  NotificationEventType.DeleteOfDirectChildResource,
  NotificationEventType.BlockingUpdate,
  NotificationEventType.ReportOnMissingDataPoints,
];

const UNSUPPORTED_CRITERIA: Readonly<Record<string, string>> = {
  om: 'operationMonitor',
  aq: 'attributeQuery',
};

/** The event types a subscription asks for (enc.net, default [1]). */
export function eventTypesOf(attributes: Readonly<Record<string, unknown>>): readonly number[] {
  const net = (attributes['enc'] as EventNotificationCriteria | undefined)?.net;
  return net && net.length > 0 ? net : [NotificationEventType.UpdateOfResource];
}

/** A subscription's subscriptionReference (sur): its SP-relative resource ID, e.g. `/id-in/sub123`. */
export function subscriptionReference(cseId: string, ri: string): string {
  return `${cseId}/${ri}`;
}

/** bn.dur in milliseconds, if given. */
export function batchDuration(bn: BatchNotify | undefined): number | undefined {
  return bn?.dur === undefined ? undefined : parseDuration(bn.dur);
}

function applyDefaults(attributes: Record<string, unknown>): void {
  if (attributes['nct'] === undefined || attributes['nct'] === null)
    // A blocking update is told the requested changes: modified attributes (TS-0004 §7.4.8.2.1);
    // missing data points are reported as a timeSeriesNotification.
    attributes['nct'] = eventTypesOf(attributes).includes(NotificationEventType.BlockingUpdate)
      ? NotificationContentType.ModifiedAttributes
      : eventTypesOf(attributes).includes(NotificationEventType.ReportOnMissingDataPoints)
        ? NotificationContentType.TimeSeriesNotification
        : NotificationContentType.AllAttributes;
  const enc = attributes['enc'] as EventNotificationCriteria | undefined | null;
  if (enc === undefined || enc === null) attributes['enc'] = { net: [NotificationEventType.UpdateOfResource] };
  else if (enc.net === undefined || enc.net.length === 0)
    attributes['enc'] = { ...enc, net: [NotificationEventType.UpdateOfResource] };
}

/** enc.chty: resource types that can be children of the subscribed-to resource (else BAD_REQUEST). */
function checkChildTypes(rc: RequestContext, subscribed: StoredResource | undefined, chty: unknown): void {
  if (!Array.isArray(chty) || !subscribed) return;
  const parentInfo = rc.cse.infoOf(subscribed);
  for (const ty of chty) {
    const infos = typeof ty === 'number' ? rc.cse.registry.byTy(ty) : [];
    if (infos.length === 0)
      throw badRequest(`enc.chty (childResourceType) ${JSON.stringify(ty)} is not a resource type this CSE knows`);
    if (!infos.some((info) => mayHoldChild(parentInfo, info)))
      throw badRequest(
        `enc.chty (childResourceType) ${ty} can never be a child of ${parentInfo.descriptor.name} ${rc.cse.tree.structuredPath(subscribed)}; allowed children: ${parentInfo.descriptor.childTypes.join(', ')}`,
      );
  }
}

/** A blocking-update subscription (net 7) has one target, stands alone, and is the only one of its resource. */
function checkBlockingUpdate(
  rc: RequestContext,
  subscribed: StoredResource | undefined,
  attributes: Readonly<Record<string, unknown>>,
  self?: string,
): void {
  const nets = eventTypesOf(attributes);
  if (!nets.includes(NotificationEventType.BlockingUpdate)) return;
  if (nets.length > 1)
    throw badRequest(
      'notification event type 7 (blocking update) cannot be combined with other event types in enc.net',
    );
  if (notificationUris(attributes['nu']).length !== 1)
    throw badRequest('a blocking-update subscription (net 7) needs exactly one notification target in nu');
  // The update waits for one answer: no batching, and of the criteria only the attributes (atr).
  if (attributes['bn'] !== undefined && attributes['bn'] !== null)
    throw badRequest('a blocking-update subscription (net 7) cannot batch its notifications (bn)');
  const extra = Object.keys((attributes['enc'] ?? {}) as object).filter((name) => name !== 'net' && name !== 'atr');
  if (extra.length > 0)
    throw badRequest(`a blocking-update subscription (net 7) allows only net and atr in enc, not ${extra.join(', ')}`);
  if (!subscribed) return;
  for (const other of rc.cse.tree.childrenOfType(subscribed.ri, ResourceType.Subscription).values()) {
    if (other.ri !== self && eventTypesOf(other.attributes).includes(NotificationEventType.BlockingUpdate))
      throw new CseError(
        ResponseStatusCode.BlockingSubscriptionAlreadyExists,
        `${rc.cse.tree.structuredPath(subscribed)} already has a blocking-update subscription (${String(other.attributes['rn'])})`,
      );
  }
}

function checkCriteria(attributes: Readonly<Record<string, unknown>>, parent: StoredResource | undefined): void {
  const nct = Number(attributes['nct']);
  const enc = (attributes['enc'] ?? {}) as EventNotificationCriteria;
  const allowed = ALLOWED_EVENTS[nct];
  if (!allowed)
    throw badRequest(
      `attribute 'nct' (notificationContentType) ${nct} is not a notification content type; use 1 (all attributes), 2 (modified attributes) or 3 (resource ID)`,
    );
  for (const net of eventTypesOf(attributes)) {
    if (!allowed.includes(net))
      throw badRequest(
        `notification event type (enc.net) ${net} cannot be combined with nct ${nct}; nct ${nct} allows net ${allowed.join(', ')}`,
      );
    if (!SUPPORTED_EVENTS.includes(net)) {
      throw new CseError(
        ResponseStatusCode.NotImplemented,
        `notification event type (enc.net) ${net} is not supported by this CSE; it raises ${SUPPORTED_EVENTS.join(', ')}`,
      );
    }
  }
  for (const [member, longName] of Object.entries(UNSUPPORTED_CRITERIA)) {
    if ((enc as Record<string, unknown>)[member] !== undefined) {
      throw new CseError(
        ResponseStatusCode.NotImplemented,
        `event notification criterion enc.${member} (${longName}) is not supported by this CSE`,
      );
    }
  }
  const missingData = eventTypesOf(attributes).includes(NotificationEventType.ReportOnMissingDataPoints);
  if (missingData && enc.md === undefined)
    throw badRequest(
      'notification event type (enc.net) 8 (missing data points) needs enc.md (missingData) with num and dur',
    );
  if (!missingData && enc.md !== undefined)
    throw badRequest('enc.md (missingData) applies to notification event type 8 only; add 8 to enc.net or remove md');
  if (missingData && parent !== undefined && parent.ty !== ResourceType.TimeSeries)
    throw badRequest(
      `notification event type (enc.net) 8 (missing data points) needs a <timeSeries> parent, not a ${parent.typeName}`,
    );
  const { net: _net, atr: _atr, chty: _chty, md: _md, ...conditions } = enc;
  checkFilterCriteria(conditions);
  const bn = attributes['bn'] as BatchNotify | undefined;
  if (bn !== undefined && bn !== null) {
    let dur: number | undefined;
    try {
      dur = batchDuration(bn);
    } catch (error) {
      throw badRequest(`attribute 'bn' (batchNotify) dur: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (dur !== undefined && dur <= 0)
      throw badRequest(
        `attribute 'bn' (batchNotify) dur must be a positive duration such as PT10S, got ${JSON.stringify(bn.dur)}`,
      );
    if (bn.num !== undefined && bn.num < 1)
      throw badRequest(`attribute 'bn' (batchNotify) num must be at least 1, got ${bn.num}`);
  }
}

/**
 * Whether a notification target is the originator itself: its AE-ID (CSE- or SP-relative), or
 * the resource ID or structured address of its <AE>. Such a target needs no verification.
 */
function isOriginatorItself(rc: RequestContext, target: string): boolean {
  if (normalizeOriginator(rc.cse, target) === rc.originator) return true;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return false;
  const resource = findResource(rc.cse, target);
  return resource?.ty === ResourceType.AE && resource.attributes['aei'] === rc.originator;
}

/** Sends the verification request to each target (not the originator); throws 5204 naming every failure. */
export async function verify(
  rc: RequestContext,
  ri: string,
  targets: readonly string[],
  outcome: string,
): Promise<void> {
  const { cse } = rc;
  if (!cse.options.verifySubscriptions) return;
  const toVerify = [...new Set(targets)].filter((target) => !isOriginatorItself(rc, target));
  const sgn = {
    vrq: true,
    sur: subscriptionReference(cse.options.cseId, ri),
    ...(rc.originator ? { cr: rc.originator } : {}),
  };
  const failures = await Promise.all(
    toVerify.map(async (target): Promise<string | undefined> => {
      try {
        const result = await cse.delivery.deliver(target, { 'm2m:sgn': sgn });
        if (result.kind === 'queued') return undefined;
        const { rsc, pc } = result.response;
        if (rsc >= 2000 && rsc < 3000) return undefined;
        const dbg = typeof pc?.['m2m:dbg'] === 'string' ? `: ${pc['m2m:dbg']}` : '';
        return `${target} answered the verification request with ${rsc}${dbg}`;
      } catch (error) {
        if (error instanceof DeliveryError) return `the verification request to ${target} failed: ${error.message}`;
        throw error;
      }
    }),
  );
  const failed = failures.filter((f): f is string => f !== undefined);
  if (failed.length > 0)
    throw new CseError(ResponseStatusCode.SubscriptionVerificationInitiationFailed, `${failed.join('; ')}; ${outcome}`);
}

function notificationUris(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The subscription semantics of the request pipeline (defaults, checks, verification). */
export const subscriptionBehaviour: ResourceBehaviour = {
  name: 'subscription',
  appliesTo: (info) => 'nct' in info.descriptor.attributes && 'nu' in info.descriptor.attributes,
  prepareCreate(rc, draft, parent) {
    if (draft.info.descriptor.ty !== ResourceType.Subscription) {
      if (draft.attributes['nct'] === undefined) draft.attributes['nct'] = NotificationContentType.AllAttributes;
      return;
    }
    applyDefaults(draft.attributes);
    checkCriteria(draft.attributes, parent);
    checkChildTypes(rc, parent, (draft.attributes['enc'] as EventNotificationCriteria | undefined)?.chty);
    checkBlockingUpdate(rc, parent, draft.attributes);
  },
  async checkCreate(rc, draft) {
    if (draft.info.descriptor.ty !== ResourceType.Subscription) return;
    await verify(
      rc,
      String(draft.attributes['ri']),
      notificationUris(draft.attributes['nu']),
      'the subscription was not created',
    );
  },
  prepareUpdate(rc, target, next, changes) {
    if (target.ty !== ResourceType.Subscription) return;
    applyDefaults(next);
    const subscribed = rc.cse.tree.parent(target);
    checkCriteria(next, subscribed);
    if ('enc' in changes) checkChildTypes(rc, subscribed, (next['enc'] as EventNotificationCriteria | undefined)?.chty);
    // A subscription becomes blocking only when created (as ACME): it must be alone then.
    const netChange = (changes['enc'] as EventNotificationCriteria | undefined | null)?.net;
    if (netChange?.includes(NotificationEventType.BlockingUpdate))
      throw badRequest(
        'notification event type 7 (blocking update) can only be given when the subscription is created',
      );
    checkBlockingUpdate(rc, subscribed, next, target.ri);
    // notificationStatsInfo (nsi) starts afresh whenever nse is set to true (again), and goes with
    // nse when it is removed; it appears with the first notification counted (as ACME).
    if ('nse' in changes && changes['nse'] !== false) delete next['nsi'];
  },
  async checkUpdate(rc, target, next, changes) {
    if (target.ty !== ResourceType.Subscription || !('nu' in changes)) return;
    const before = new Set(notificationUris(target.attributes['nu']));
    await verify(
      rc,
      target.ri,
      notificationUris(next['nu']).filter((nu) => !before.has(nu)),
      'the subscription was not changed',
    );
  },
};

/**
 * Blocking update (TS-0001 §10.2.11.x, TS-0004 §7.4.8.2.x; net 7): before an UPDATE of a resource
 * with a blocking-update subscription is performed, its one target is sent the requested changes
 * ({"m2m:sgn": {"nev": {"net": 7, "rep": {"<type>": {...}}}, "sur"}}) and the update waits for
 * the answer. Only 2000 lets it proceed; another answer refuses it with
 * OPERATION_DENIED_BY_REMOTE_ENTITY (4127), an unreachable target with REMOTE_ENTITY_NOT_REACHABLE
 * (5107). Nothing is changed when it is refused.
 */
export const blockingUpdateBehaviour: ResourceBehaviour = {
  name: 'blocking update',
  appliesTo: () => true,
  async checkUpdate(rc, target, _next, changes) {
    const { cse } = rc;
    const subscriptions = cse.tree.childrenOfType(target.ri, ResourceType.Subscription);
    if (subscriptions.size === 0) return;
    for (const sub of [...subscriptions.values()]) {
      if (!eventTypesOf(sub.attributes).includes(NotificationEventType.BlockingUpdate)) continue;
      // enc.atr: only an update of one of these attributes is blocked (and notified).
      const atr = (sub.attributes['enc'] as EventNotificationCriteria | undefined)?.atr;
      if (atr && atr.length > 0 && !Object.keys(changes).some((name) => atr.includes(name))) continue;
      const nu = notificationUris(sub.attributes['nu'])[0];
      if (nu === undefined) continue;
      const cr = sub.attributes['cr'];
      const sgn = {
        nev: { net: NotificationEventType.BlockingUpdate, rep: { [target.typeName]: changes } },
        sur: subscriptionReference(cse.options.cseId, sub.ri),
        ...(typeof cr === 'string' ? { cr } : {}),
      };
      let rsc: number;
      try {
        const result = await cse.delivery.deliver(nu, { 'm2m:sgn': sgn });
        rsc = result.kind === 'queued' ? ResponseStatusCode.OK : result.response.rsc;
      } catch (error) {
        if (!(error instanceof DeliveryError)) throw error;
        throw new CseError(
          ResponseStatusCode.RemoteEntityNotReachable,
          `the blocking-update subscription ${cse.tree.structuredPath(sub)} could not ask ${nu}: ${error.message}; the update was not performed`,
        );
      }
      if (rsc !== ResponseStatusCode.OK)
        throw new CseError(
          ResponseStatusCode.OperationDeniedByRemoteEntity,
          `${nu}, the target of the blocking-update subscription ${cse.tree.structuredPath(sub)}, answered ${rsc}; the update was not performed`,
        );
    }
  },
};
