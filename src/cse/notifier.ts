import { NotificationContentType } from '../../generated/enums/notification-content-type.gen.js';
import { NotificationEventType } from '../../generated/enums/notification-event-type.gen.js';
import { ResourceType } from '../../generated/enums/resource-type.gen.js';
import type { BatchNotify } from '../../generated/types/batch-notify.gen.js';
import type { EventNotificationCriteria } from '../../generated/types/event-notification-criteria.gen.js';
import type { FilterCriteria } from '../../generated/types/filter-criteria.gen.js';
import type { PrimitiveContent } from '../primitives/content.js';
import { SerialQueues } from './background.js';
import { batchDuration, eventTypesOf, subscriptionReference } from './behaviours/subscription.js';
import type { CseContext } from './context.js';
import type { DeliveryResult } from './delivery.js';
import type { ResourceDeletedEvent, ResourceEvent } from './events.js';
import { hasConditions, matchesFilter } from './filter.js';
import { attributesOf } from './representation.js';
import type { StoredResource } from './tree.js';

// Notifications of <subscription>s (TS-0001 §10.2.10, TS-0004 §7.4.8; digest §12.2). A listener
// on the committed resource events (events.ts), so a request that fails sends nothing, and the
// request never waits for a notification:
//
// - net 1 update of the subscribed resource (by a request; the CSE's own bookkeeping such as a
//   container's cni does not count, except the completion of a <request>), net 2 its deletion,
//   net 3 / 4 creation / deletion of a direct child (enc.chty restricts the child types). enc.atr
//   restricts net 1 to updates of those attributes; the time, state tag and size criteria of enc
//   (cra, crb, ms, us, exa, exb, sts, stb, sza, szb, fo) are evaluated on the resource the
//   notification represents.
// - rep per nct: 1 the resource (`{"m2m:cin": {...}}`), 2 the modified attributes, 3
//   `{"m2m:uri": ri}`; sur is the SP-relative subscription ID; cr the subscription's creator
//   (or the event's originator with eeno=true).
// - Per subscription and target the notifications go out one after the other, in event order.
//   With ln=true a notification still waiting behind a previous one is replaced by the newer one.
// - bn (batchNotify): notifications are collected until bn.num are pending or bn.dur has passed
//   since the first, then sent as {"m2m:agn": {"m2m:sgn": [...]}} (ln=true: only the latest).
// - exc (expirationCounter): after that many notifications the subscription is deleted.
// - A deleted subscription (request, expiry, exc, deleted parent) sends
//   {"m2m:sgn": {"sud": true, "sur"}} to su; subscribers with net 2 first get net 2 when the
//   subscribed resource went. Pending batches are sent before.
// A failing target is logged and skipped; it never affects the CSE or the other targets.

interface PendingBatch {
  sub: StoredResource;
  readonly items: Record<string, unknown>[];
  cancel?: () => void;
}

function notificationUris(sub: StoredResource): string[] {
  const nu = sub.attributes['nu'];
  return Array.isArray(nu) ? [...new Set(nu.filter((v): v is string => typeof v === 'string'))] : [];
}

function batchOf(sub: StoredResource): BatchNotify | undefined {
  const bn = sub.attributes['bn'] as BatchNotify | undefined | null;
  return bn && (bn.num !== undefined || bn.dur !== undefined) ? bn : undefined;
}

/** Raises the notifications of <subscription> resources. */
export class SubscriptionNotifier {
  readonly #queues: SerialQueues;
  /** Notifications raised per subscription, for exc. In memory: a restart starts again at 0. */
  readonly #counts = new Map<string, number>();
  /** Subscriptions whose exc is used up; they raise nothing more while being deleted. */
  readonly #exhausted = new Set<string>();
  readonly #batches = new Map<string, PendingBatch>();
  /** For ln=true: the newest notification enqueued per queue. */
  readonly #latest = new Map<string, number>();
  #sequence = 0;

  constructor(private readonly cse: CseContext) {
    this.#queues = new SerialQueues(cse.background, cse.options.log);
  }

  /** Starts following the resource events; returns the function that stops it. */
  start(): () => void {
    return this.cse.events.on((event) => this.#handle(event));
  }

  #subscriptionsOf(ri: string): readonly StoredResource[] {
    // The tree's per-type index: a container's instances are not looked at.
    const subscriptions = this.cse.tree.childrenOfType(ri, ResourceType.Subscription);
    return subscriptions.size === 0 ? [] : [...subscriptions.values()];
  }

  #handle(event: ResourceEvent): void {
    switch (event.type) {
      case 'created':
        for (const sub of this.#subscriptionsOf(event.parent.ri)) {
          if (
            sub.ri !== event.resource.ri &&
            this.#wants(sub, NotificationEventType.CreateOfDirectChildResource, event.resource)
          ) {
            this.#notify(sub, NotificationEventType.CreateOfDirectChildResource, event.resource, event.originator);
          }
        }
        return;
      case 'updated':
        if (event.reason !== 'request' && event.resource.ty !== ResourceType.Request) return;
        for (const sub of this.#subscriptionsOf(event.resource.ri)) {
          if (this.#wants(sub, NotificationEventType.UpdateOfResource, event.resource, event.modified)) {
            this.#notify(sub, NotificationEventType.UpdateOfResource, event.resource, event.originator, event.modified);
          }
        }
        return;
      case 'deleted':
        if (event.resource.ty === ResourceType.Subscription) {
          this.#subscriptionDeleted(event.resource, event);
          return;
        }
        // Children that went with their parent are not reported: the parent's own subscriptions went too.
        if (!event.parent || !this.cse.tree.get(event.parent.ri)) return;
        for (const sub of this.#subscriptionsOf(event.parent.ri)) {
          if (this.#wants(sub, NotificationEventType.DeleteOfDirectChildResource, event.resource)) {
            this.#notify(sub, NotificationEventType.DeleteOfDirectChildResource, event.resource, event.originator);
          }
        }
    }
  }

  /** Whether the subscription's criteria select this event. */
  #wants(sub: StoredResource, net: number, resource: StoredResource, modified?: readonly string[]): boolean {
    if (this.#exhausted.has(sub.ri) || !eventTypesOf(sub.attributes).includes(net)) return false;
    const { net: _net, atr, chty, ...conditions } = (sub.attributes['enc'] ?? {}) as EventNotificationCriteria;
    const child =
      net === NotificationEventType.CreateOfDirectChildResource ||
      net === NotificationEventType.DeleteOfDirectChildResource;
    if (child && chty && chty.length > 0 && !(chty as readonly number[]).includes(resource.ty)) return false;
    if (
      net === NotificationEventType.UpdateOfResource &&
      atr &&
      atr.length > 0 &&
      modified &&
      !modified.some((name) => atr.includes(name))
    )
      return false;
    const fc = conditions as FilterCriteria;
    return !hasConditions(fc) || matchesFilter(this.cse, resource, fc);
  }

  /** The representation (rep) of a resource per the subscription's nct. */
  #representation(sub: StoredResource, resource: StoredResource, modified?: readonly string[]): PrimitiveContent {
    const nct = Number(sub.attributes['nct'] ?? NotificationContentType.AllAttributes);
    if (nct === NotificationContentType.ResourceID) return { 'm2m:uri': resource.ri };
    const attributes = attributesOf(this.cse, resource);
    if (nct === NotificationContentType.ModifiedAttributes && modified) {
      const changed: Record<string, unknown> = {};
      for (const name of modified) changed[name] = name in attributes ? attributes[name] : null;
      return { [resource.typeName]: changed };
    }
    return { [resource.typeName]: attributes };
  }

  /**
   * Raises a notification of `sub` for an event that is no change of a resource (net 8, missing
   * data points found by time-series.ts): `rep` is its representation (`{"m2m:tsn": {...}}`);
   * batching, exc and the per-target order apply as to any other notification.
   */
  raise(sub: StoredResource, net: number, resource: StoredResource, rep: PrimitiveContent): void {
    if (this.#exhausted.has(sub.ri) || !eventTypesOf(sub.attributes).includes(net)) return;
    this.#notify(sub, net, resource, this.cse.options.cseId, undefined, rep);
  }

  #creator(sub: StoredResource, eventOriginator?: string): { cr?: string } {
    const cr = sub.attributes['cr'];
    if (typeof cr === 'string' && cr !== '') return { cr };
    if (sub.attributes['eeno'] === true && eventOriginator) return { cr: eventOriginator };
    return {};
  }

  #notify(
    sub: StoredResource,
    net: number,
    resource: StoredResource,
    eventOriginator: string,
    modified?: readonly string[],
    rep?: PrimitiveContent,
  ): void {
    const sgn = {
      nev: { net, rep: rep ?? this.#representation(sub, resource, modified) },
      sur: subscriptionReference(this.cse.options.cseId, sub.ri),
      ...this.#creator(sub, eventOriginator),
    };
    const bn = batchOf(sub);
    if (bn) this.#addToBatch(sub, sgn, bn);
    else this.#sendToAll(sub, { 'm2m:sgn': sgn });

    const exc = sub.attributes['exc'];
    if (typeof exc !== 'number') return;
    const count = (this.#counts.get(sub.ri) ?? 0) + 1;
    this.#counts.set(sub.ri, count);
    if (count < exc) return;
    this.#exhausted.add(sub.ri);
    this.#flush(sub.ri);
    if (!this.cse.tree.get(sub.ri)) return;
    // Deleted at once, before the response to the request that raised the last notification;
    // its `deleted` event queues the deletion notice behind that notification.
    this.cse.background.track(
      `deleting subscription ${sub.ri} after ${count} notifications (exc)`,
      this.cse.change(this.cse.options.cseId, undefined, (m) => {
        const current = this.cse.tree.get(sub.ri);
        if (current) m.delete(current, 'internal');
      }),
    );
  }

  #addToBatch(sub: StoredResource, sgn: Record<string, unknown>, bn: BatchNotify): void {
    let batch = this.#batches.get(sub.ri);
    if (!batch) {
      batch = { sub, items: [] };
      this.#batches.set(sub.ri, batch);
    }
    batch.sub = sub;
    batch.items.push(sgn);
    if (bn.num !== undefined && batch.items.length >= bn.num) {
      this.#flush(sub.ri);
      return;
    }
    const dur = batchDuration(bn);
    if (dur !== undefined && !batch.cancel)
      batch.cancel = this.cse.background.later(`batch notification of ${sub.ri}`, dur, () => this.#flush(sub.ri));
  }

  /** Sends a subscription's pending batch now. */
  #flush(ri: string): void {
    const batch = this.#batches.get(ri);
    if (!batch) return;
    this.#batches.delete(ri);
    batch.cancel?.();
    if (batch.items.length === 0) return;
    const items = batch.sub.attributes['ln'] === true ? batch.items.slice(-1) : batch.items;
    this.#sendToAll(batch.sub, { 'm2m:agn': { 'm2m:sgn': items } });
  }

  #sendToAll(sub: StoredResource, pc: PrimitiveContent): void {
    for (const target of notificationUris(sub)) this.#send(sub, target, pc);
  }

  #send(
    sub: StoredResource,
    target: string,
    pc: PrimitiveContent,
    latestOnly = sub.attributes['ln'] === true,
  ): Promise<void> {
    const key = `${sub.ri} ${target}`;
    const sequence = ++this.#sequence;
    if (latestOnly) this.#latest.set(key, sequence);
    const what = `notification to ${target} for subscription ${sub.ri}`;
    return this.#queues.enqueue(key, what, async () => {
      if (latestOnly) {
        if (this.#latest.get(key) !== sequence) return;
        this.#latest.delete(key);
      }
      // TS-0004 §7.5.1.2.x: a latestNotify (ln) notification carries the event category "latest" (4).
      let result: DeliveryResult;
      try {
        result = await this.cse.delivery.deliver(target, pc, latestOnly ? { ec: 4 } : {});
      } catch (error) {
        await this.#countStatistics(sub.ri, target, pc, false);
        throw error;
      }
      await this.#countStatistics(sub.ri, target, pc, result.kind === 'response');
      if (result.kind === 'response' && (result.response.rsc < 2000 || result.response.rsc >= 3000)) {
        const dbg = result.response.pc?.['m2m:dbg'];
        this.cse.options.log(
          `${what}: ${result.url} answered ${result.response.rsc}${typeof dbg === 'string' ? ` (${dbg})` : ''}`,
        );
      }
    });
  }

  /**
   * notificationStatsInfo (nsi) of a subscription with notificationStatsEnable (nse) true: per
   * target, the notifications sent (rqs), answered (rsr) and the events they carried (noec); a
   * batch counts each of its notifications, as ACME does (TS-0004 §7.4.8.2.x). Verification
   * requests are not counted.
   */
  async #countStatistics(ri: string, target: string, pc: PrimitiveContent, answered: boolean): Promise<void> {
    if (this.cse.tree.get(ri)?.attributes['nse'] !== true) return;
    await this.cse.change(this.cse.options.cseId, undefined, (m) => {
      const current = this.cse.tree.get(ri);
      if (current?.attributes['nse'] !== true) return;
      const batch = (pc['m2m:agn'] as { 'm2m:sgn'?: unknown } | undefined)?.['m2m:sgn'];
      const count = Array.isArray(batch) ? batch.length : 1;
      type Stats = { tg: string; rqs: number; rsr: number; noec: number };
      const stats = ((current.attributes['nsi'] ?? []) as Stats[]).map((s) => ({ ...s }));
      let entry = stats.find((s) => s.tg === target);
      if (!entry) {
        entry = { tg: target, rqs: 0, rsr: 0, noec: 0 };
        stats.push(entry);
      }
      entry.rqs += count;
      entry.noec = (entry.noec ?? 0) + count;
      if (answered) entry.rsr += count;
      m.update(current, { ...current.attributes, nsi: stats }, ['nsi'], 'internal');
    });
  }

  #subscriptionDeleted(sub: StoredResource, event: ResourceDeletedEvent): void {
    // The subscribed-to resource went with it (parent-deleted): net 2 first.
    if (
      event.reason === 'parent-deleted' &&
      event.parent &&
      this.#wants(sub, NotificationEventType.DeleteOfResource, event.parent)
    ) {
      this.#notify(sub, NotificationEventType.DeleteOfResource, event.parent, event.originator);
    }
    this.#flush(sub.ri);
    const su = sub.attributes['su'];
    if (typeof su === 'string' && su !== '') {
      this.cse.deletionNotices.add(
        this.#send(
          sub,
          su,
          {
            'm2m:sgn': { sud: true, sur: subscriptionReference(this.cse.options.cseId, sub.ri), ...this.#creator(sub) },
          },
          false,
        ),
      );
    }
    this.#counts.delete(sub.ri);
    this.#exhausted.delete(sub.ri);
  }
}
