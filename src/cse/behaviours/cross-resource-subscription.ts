import { EventEvaluationMode } from '../../../generated/enums/event-evaluation-mode.gen.js';
import { ResourceType } from '../../../generated/enums/resource-type.gen.js';
import { ResponseStatusCode } from '../../../generated/enums/response-status-code.gen.js';
import { TimeWindowType } from '../../../generated/enums/time-window-type.gen.js';
import type { RequestPrimitive } from '../../primitives/request.js';
import { parseDuration } from '../../time/duration.js';
import { checkPrivilege, hasPrivilege, Permission } from '../access-control.js';
import { findResource } from '../addressing.js';
import { SerialQueues } from '../background.js';
import type { RequestContext, ResourceBehaviour } from '../behaviour.js';
import type { CseContext } from '../context.js';
import { badRequest, CseError } from '../errors.js';
import type { ResourceEvent } from '../events.js';
import { newResourceId } from '../ids.js';
import type { Mutation } from '../mutation.js';
import { internalResource } from '../operations/create.js';
import { mayHoldChild, type ResourceTypeInfo } from '../registry.js';
import type { StoredResource } from '../tree.js';
import { verify } from './subscription.js';

// <crossResourceSubscription> (TS-0001 §9.6.64 and §10.2.11.14, TS-0004 §7.4.60; digest §3.15):
// one notification when events on several resources happen together in a time window.
//
// - Targets: each regularResourcesAsTarget (rrat) entry gets a <subscription> of its own, created
//   with the <crs> in one change, owned by the <crs>'s creator, with nu and acrs the <crs>'s
//   SP-relative ID, the <crs>'s et and nec, and the eventNotificationCriteria of its position in
//   encs.enc (or the single one); their IDs are rrats. Each subscriptionResourcesAsTarget (srat)
//   entry is an existing <subscription> that gets the <crs> added to its nu and acrs. A target
//   that does not exist here, cannot hold a subscription or is not the originator's to subscribe to
//   is CROSS_RESOURCE_OPERATION_FAILURE (5221); a srat entry that is no <subscription> is 4000.
//   At least one of rrat / srat; with rrat, encs.enc has one entry or one per rrat entry.
// - Those subscriptions notify the <crs> (delivery.ts hands a NOTIFY to a local <crs> to this
//   module): each notification counts its source subscription as an event of the current window.
// - Windows (twt, tws): periodic (1) windows run back to back from the creation, or from an update
//   naming twt or tws; a sliding (2) window opens with the first event and closes tws later. When a
//   window closes, eventEvaluationMode (eem, default 1) decides with the number n of targets
//   (rrat + srat) and the number k of distinct subscriptions that notified: 1 all present (k = n),
//   2 all or some present (k >= 1), 3 all or some missing (k < n), 4 all missing (k = 0),
//   5 some missing (1 <= k < n). 3 and 4 need a periodic window (a sliding one never closes
//   empty): 4000 with twt 2.
// - The notification is {"m2m:sgn": {"sur": "<SP-relative ID of the crs>", "cr"?}} to each nu
//   entry (verified as a <subscription>'s on create and for new entries of an update). exc: after
//   that many notifications the <crs> is deleted (the count lives in memory, as for
//   <subscription>). nse: with notificationStatsEnable true each notification counts, per nu
//   entry, a request sent (rqs), a response received (rsr) and a notification event (noec) in nsi,
//   created with the first count; setting nse to true (again) or removing it clears nsi, false keeps
//   it.
// - Deletion: deleting the <crs> deletes its rrat subscriptions and takes it out of the srat
//   ones (nu, acrs; acrs goes when empty) and sends {"m2m:sgn": {"sud": true, "sur", "cr"?}} to su
//   (cr when the <crs> recorded its creator).
//   Deleting one of its subscriptions, or an update of a subscription's acrs that drops the <crs>,
//   deletes the <crs> in the same change. rrat, srat, encs and nec cannot be updated (schema, NP).

const CRS = ResourceType.CrossResourceSubscription;
const SUB = ResourceType.Subscription;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The SP-relative ID of a resource of this CSE, as notifications and nu name it. */
function spRelative(cse: CseContext, ri: string): string {
  return `${cse.options.cseId}/${ri}`;
}

/** A resource ID from an SP-relative or CSE-relative reference to a resource of this CSE. */
function localRi(cse: CseContext, id: string): string {
  const resource = findResource(cse, id);
  if (resource) return resource.ri;
  return id.startsWith(`${cse.options.cseId}/`) ? id.slice(cse.options.cseId.length + 1) : id;
}

function windowSize(value: unknown, attribute = 'tws'): number {
  let ms: number;
  try {
    ms = parseDuration(value as string);
  } catch (error) {
    throw badRequest(
      `attribute '${attribute}' (timeWindowSize): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!(ms > 0))
    throw badRequest(`attribute '${attribute}' (timeWindowSize) must be a positive duration such as PT10S`);
  return ms;
}

/** twt, tws and eem as they will be: eem 3 and 4 need a periodic window. */
function checkWindow(attributes: Readonly<Record<string, unknown>>): void {
  windowSize(attributes['tws']);
  const eem = attributes['eem'];
  if (
    attributes['twt'] === TimeWindowType.SlidingWindow &&
    (eem === EventEvaluationMode.AllOrSomeEventsMissing || eem === EventEvaluationMode.AllEventsMissing)
  ) {
    throw badRequest(
      `attribute 'eem' (eventEvaluationMode) ${eem} evaluates windows without events, which a sliding window (twt 2) never has; use twt 1 (periodic) or eem 1, 2 or 5`,
    );
  }
}

function subscriptionInfo(cse: CseContext): ResourceTypeInfo {
  const info = cse.registry.byTy(SUB)[0];
  if (!info) throw new Error('the registry has no <subscription> type');
  return info;
}

function failure(message: string): CseError {
  return new CseError(ResponseStatusCode.CrossResourceOperationFailure, message);
}

/** The resource a rrat entry names, checked as a place for a subscription of `originator`. */
function regularTarget(cse: CseContext, originator: string, id: string): StoredResource {
  const target = findResource(cse, id);
  if (!target) throw failure(`cannot subscribe to rrat entry ${JSON.stringify(id)}: no such resource on this CSE`);
  if (!mayHoldChild(cse.infoOf(target), subscriptionInfo(cse)))
    throw failure(`cannot subscribe to rrat entry ${JSON.stringify(id)}: a ${target.typeName} has no subscriptions`);
  if (!hasPrivilege(cse, originator, target, Permission.Create, SUB))
    throw failure(
      `cannot subscribe to rrat entry ${JSON.stringify(id)}: originator ${JSON.stringify(originator)} may not subscribe to ${cse.tree.structuredPath(target)}`,
    );
  return target;
}

/** The <subscription> a srat entry names, checked as one `originator` may add the <crs> to. */
function subscriptionTarget(cse: CseContext, originator: string, id: string): StoredResource {
  const sub = findResource(cse, id);
  if (!sub) throw failure(`srat entry ${JSON.stringify(id)}: no such resource on this CSE`);
  if (sub.ty !== SUB)
    throw badRequest(
      `srat entry ${JSON.stringify(id)} is a ${sub.typeName}, not a <subscription>; name subscriptions in srat and other resources in rrat`,
    );
  if (!hasPrivilege(cse, originator, sub, Permission.Update))
    throw failure(`srat entry ${JSON.stringify(id)}: originator ${JSON.stringify(originator)} may not update it`);
  return sub;
}

/** The resource IDs of the subscriptions whose notifications count for a <crs>. */
function sourcesOf(cse: CseContext, crs: StoredResource): Set<string> {
  return new Set([
    ...strings(crs.attributes['rrats']).map((id) => localRi(cse, id)),
    ...strings(crs.attributes['srat']).map((id) => localRi(cse, id)),
  ]);
}

/** A <subscription> without the <crs> in nu and acrs (acrs goes when empty). */
function withoutCrs(sub: StoredResource, crsId: string, crsRi: string): Record<string, unknown> {
  const mentions = (entry: string) => entry === crsId || entry === crsRi;
  const next: Record<string, unknown> = {
    ...sub.attributes,
    nu: strings(sub.attributes['nu']).filter((e) => !mentions(e)),
  };
  const acrs = strings(sub.attributes['acrs']).filter((e) => !mentions(e));
  if (acrs.length > 0) next['acrs'] = acrs;
  else delete next['acrs'];
  return next;
}

/** Inside a change: the subscriptions of a deleted <crs> go, the srat ones forget it. */
function releaseTargets(m: Mutation, crs: StoredResource): void {
  const { cse } = m;
  const crsId = spRelative(cse, crs.ri);
  for (const id of strings(crs.attributes['rrats'])) {
    const sub = findResource(cse, id);
    if (sub && sub.ty === SUB && strings(sub.attributes['acrs']).includes(crsId)) m.delete(sub, 'internal');
  }
  for (const id of strings(crs.attributes['srat'])) {
    const sub = findResource(cse, id);
    if (!sub || sub.ty !== SUB) continue;
    const next = withoutCrs(sub, crsId, crs.ri);
    // A subscription left without any target has nothing to do.
    if (strings(next['nu']).length === 0) m.delete(sub, 'internal');
    else if (
      strings(next['nu']).length !== strings(sub.attributes['nu']).length ||
      next['acrs'] !== sub.attributes['acrs']
    )
      m.update(sub, next, ['nu', 'acrs'], 'internal');
  }
}

/** Inside a change: the <crs> resources of a subscription that went (or dropped them from acrs) go too. */
function dropCrossSubscriptions(m: Mutation, crsIds: readonly string[]): void {
  for (const id of crsIds) {
    const crs = findResource(m.cse, id);
    if (crs && crs.ty === CRS) m.delete(crs, 'internal');
  }
}

/** The event evaluation of a closing window (k distinct events of n targets). */
function windowFires(eem: number, k: number, n: number): boolean {
  switch (eem) {
    case EventEvaluationMode.AllOrSomeEventsPresent:
      return k >= 1;
    case EventEvaluationMode.AllOrSomeEventsMissing:
      return k < n;
    case EventEvaluationMode.AllEventsMissing:
      return k === 0;
    case EventEvaluationMode.SomeEventsMissing:
      return k >= 1 && k < n;
    default:
      return n > 0 && k === n;
  }
}

interface Window {
  readonly events: Set<string>;
  timer: ReturnType<typeof setTimeout> | undefined;
}

interface StatsEntry {
  tg: string;
  rqs: number;
  rsr: number;
  noec: number;
}

/**
 * The semantics of <crossResourceSubscription>: a behaviour (checks, the subscriptions it creates
 * and removes, NOTIFY from them) plus the time windows, which live in memory and restart with the
 * CSE (periodic windows from the start).
 */
export class CrossResourceSubscriptions {
  readonly behaviour: ResourceBehaviour;
  readonly #windows = new Map<string, Window>();
  /** Notifications sent per <crs>, for exc. */
  readonly #counts = new Map<string, number>();
  #cse: CseContext | undefined;
  #queues: SerialQueues | undefined;
  #stopListening: (() => void) | undefined;

  constructor() {
    this.behaviour = this.#createBehaviour();
  }

  /** Follows the resource events and starts the periodic windows of the <crs> resources there are. */
  start(cse: CseContext): void {
    this.#cse = cse;
    this.#queues = new SerialQueues(cse.background, cse.options.log);
    this.#stopListening = cse.events.on((event) => this.#handle(event));
    for (const resource of cse.tree.all()) if (resource.ty === CRS) this.#restartWindow(resource);
  }

  /** Stops every window timer (close()). */
  stop(): void {
    this.#stopListening?.();
    for (const window of this.#windows.values()) if (window.timer) clearTimeout(window.timer);
    this.#windows.clear();
  }

  #createBehaviour(): ResourceBehaviour {
    return {
      name: 'cross-resource subscription',
      appliesTo: () => true,
      prepareCreate: (rc, draft) => {
        if (draft.info.descriptor.ty !== CRS) return;
        const { attributes } = draft;
        const rrat = strings(attributes['rrat']);
        const srat = strings(attributes['srat']);
        if (rrat.length === 0 && srat.length === 0)
          throw badRequest(
            'a crossResourceSubscription needs targets: give regularResourcesAsTarget (rrat) or subscriptionResourcesAsTarget (srat)',
          );
        if (rrat.length > 0) {
          const enc = (attributes['encs'] as { enc?: unknown } | undefined)?.enc;
          const count = Array.isArray(enc) ? enc.length : 0;
          if (count === 0)
            throw badRequest(
              "attribute 'encs' (eventNotificationCriteriaSet) must hold at least one enc entry when rrat is given",
            );
          if (count !== 1 && count !== rrat.length)
            throw badRequest(
              `attribute 'encs' (eventNotificationCriteriaSet) has ${count} enc entries; give one for all ${rrat.length} rrat entries or one per entry`,
            );
        }
        if (attributes['eem'] === undefined) attributes['eem'] = EventEvaluationMode.AllEventsPresent;
        checkWindow(attributes);
        for (const id of rrat) regularTarget(rc.cse, rc.originator, id);
        for (const id of srat) subscriptionTarget(rc.cse, rc.originator, id);
        const shortName = subscriptionInfo(rc.cse).descriptor.shortName;
        attributes['rrats'] = rrat.map(() => {
          let ri = newResourceId(shortName);
          while (rc.cse.tree.get(ri)) ri = newResourceId(shortName);
          return spRelative(rc.cse, ri);
        });
        if (rrat.length === 0) delete attributes['rrats'];
      },
      checkCreate: async (rc, draft) => {
        if (draft.info.descriptor.ty !== CRS) return;
        await verify(
          rc,
          String(draft.attributes['ri']),
          strings(draft.attributes['nu']),
          'the crossResourceSubscription was not created',
        );
      },
      prepareUpdate: (_rc, target, next, changes) => {
        if (target.ty !== CRS) return;
        checkWindow(next);
        // notificationStatsEnable: (again) true or removed starts the statistics anew; false keeps them.
        if ('nse' in changes && changes['nse'] !== false) delete next['nsi'];
        if ('nu' in changes && Array.isArray(next['nsi'])) {
          const nu = strings(next['nu']);
          next['nsi'] = (next['nsi'] as StatsEntry[]).filter((entry) => nu.includes(entry.tg));
        }
      },
      checkUpdate: async (rc, target, next, changes) => {
        if (target.ty !== CRS || !('nu' in changes)) return;
        const before = new Set(strings(target.attributes['nu']));
        await verify(
          rc,
          target.ri,
          strings(next['nu']).filter((nu) => !before.has(nu)),
          'the crossResourceSubscription was not changed',
        );
      },
      childCreated: (m, _parent, child) => {
        if (child.ty === CRS) this.#subscribeTargets(m, child);
      },
      updated: (m, resource, previous) => {
        if (resource.ty !== SUB) return;
        const now = new Set(strings(resource.attributes['acrs']));
        dropCrossSubscriptions(
          m,
          strings(previous.attributes['acrs']).filter((id) => !now.has(id)),
        );
      },
      childDeleted: (m, _parent, child) => {
        if (child.ty === CRS) releaseTargets(m, child);
        else if (child.ty === SUB && child.attributes['acrs'] !== undefined)
          dropCrossSubscriptions(m, strings(child.attributes['acrs']));
      },
      notify: async (rc, target) => (target.ty === CRS ? this.#notified(rc, target) : undefined),
    };
  }

  /** Inside the change that creates `crs`: its rrat subscriptions, and the <crs> in the srat ones. */
  #subscribeTargets(m: Mutation, crs: StoredResource): void {
    const { cse } = m;
    const crsId = spRelative(cse, crs.ri);
    const rc: RequestContext = {
      cse,
      originator: m.originator,
      request: m.request ?? ({ op: 1, to: crs.pi, fr: m.originator, rqi: '', rvi: '4' } as RequestPrimitive),
    };
    const rrat = strings(crs.attributes['rrat']);
    const rrats = strings(crs.attributes['rrats']);
    const enc = ((crs.attributes['encs'] as { enc?: unknown[] } | undefined)?.enc ?? []) as Record<string, unknown>[];
    const info = subscriptionInfo(cse);
    rrat.forEach((id, index) => {
      const target = regularTarget(cse, m.originator, id);
      const criteria = enc.length === 1 ? enc[0] : enc[index];
      const attributes: Record<string, unknown> = {
        ri: localRi(cse, rrats[index] ?? ''),
        nu: [crsId],
        acrs: [crsId],
        ...(criteria === undefined ? {} : { enc: criteria }),
        ...(crs.attributes['et'] === undefined ? {} : { et: crs.attributes['et'] }),
        ...(crs.attributes['nec'] === undefined ? {} : { nec: crs.attributes['nec'] }),
      };
      m.create(internalResource(rc, info, target, attributes, crs.owner), 'internal');
    });
    for (const id of strings(crs.attributes['srat'])) {
      const sub = subscriptionTarget(cse, m.originator, id);
      const nu = strings(sub.attributes['nu']);
      const acrs = strings(sub.attributes['acrs']);
      m.update(
        sub,
        {
          ...sub.attributes,
          nu: nu.includes(crsId) ? nu : [...nu, crsId],
          acrs: acrs.includes(crsId) ? acrs : [...acrs, crsId],
        },
        ['nu', 'acrs'],
        'internal',
      );
    }
  }

  /** A NOTIFY to a <crs>: verification requests, deletion notices and the events of its subscriptions. */
  async #notified(rc: RequestContext, crs: StoredResource) {
    const { cse } = rc;
    checkPrivilege(cse, rc.originator, crs, Permission.Notify);
    const sgn = rc.request.pc?.['m2m:sgn'] as Record<string, unknown> | undefined;
    if (sgn === null || typeof sgn !== 'object')
      throw badRequest('a NOTIFY to a crossResourceSubscription carries a notification, {"m2m:sgn": {...}}');
    if (sgn['vrq'] === true) return { rsc: ResponseStatusCode.OK };
    const sur = sgn['sur'];
    if (typeof sur !== 'string' || sur === '') throw badRequest('the notification has no subscriptionReference (sur)');
    const source = localRi(cse, sur);
    // Notifications of other subscriptions are acknowledged and ignored.
    if (!sourcesOf(cse, crs).has(source)) return { rsc: ResponseStatusCode.OK };
    if (sgn['sud'] === true) {
      cse.background.track(
        `deleting crossResourceSubscription ${crs.ri} after its subscription ${sur} went`,
        cse.change(cse.options.cseId, undefined, (m) => {
          const current = cse.tree.get(crs.ri);
          if (current) m.delete(current, 'internal');
        }),
      );
      return { rsc: ResponseStatusCode.OK };
    }
    this.#event(crs, source);
    return { rsc: ResponseStatusCode.OK };
  }

  #handle(event: ResourceEvent): void {
    const cse = this.#cse;
    if (!cse) return;
    const { resource } = event;
    if (resource.ty === CRS) {
      if (event.type === 'created') this.#restartWindow(resource);
      else if (event.type === 'updated' && event.reason === 'request') {
        // An update naming twt or tws restarts the window, even with the same values.
        const root = event.request?.pc?.['m2m:crs'] as Record<string, unknown> | undefined;
        if (root && ('twt' in root || 'tws' in root)) this.#restartWindow(resource);
      } else if (event.type === 'deleted') this.#deleted(cse, resource, event.reason);
      return;
    }
    // A subscription that went with its parent took no change hook along: its <crs> go now.
    if (
      resource.ty === SUB &&
      event.type === 'deleted' &&
      event.reason === 'parent-deleted' &&
      resource.attributes['acrs'] !== undefined
    ) {
      const ids = strings(resource.attributes['acrs']);
      cse.background.track(
        `deleting the crossResourceSubscriptions of ${resource.ri}`,
        cse.change(cse.options.cseId, undefined, (m) => dropCrossSubscriptions(m, ids)),
      );
    }
  }

  #deleted(cse: CseContext, crs: StoredResource, reason: string): void {
    this.#stopWindow(crs.ri);
    this.#counts.delete(crs.ri);
    if (reason === 'parent-deleted') {
      cse.background.track(
        `releasing the targets of crossResourceSubscription ${crs.ri}`,
        cse.change(cse.options.cseId, undefined, (m) => releaseTargets(m, crs)),
      );
    }
    const su = crs.attributes['su'];
    if (typeof su === 'string' && su !== '') {
      const cr = crs.attributes['cr'];
      const sgn = { sud: true, sur: spRelative(cse, crs.ri), ...(typeof cr === 'string' && cr !== '' ? { cr } : {}) };
      cse.deletionNotices.add(this.#send(crs, su, { 'm2m:sgn': sgn }, false));
    }
  }

  #stopWindow(ri: string): void {
    const window = this.#windows.get(ri);
    if (window?.timer) clearTimeout(window.timer);
    this.#windows.delete(ri);
  }

  /** Periodic: a new window from now; sliding: none open until the next event. */
  #restartWindow(crs: StoredResource): void {
    this.#stopWindow(crs.ri);
    if (crs.attributes['twt'] === TimeWindowType.PeriodicWindow) this.#open(crs.ri, new Set());
  }

  #open(ri: string, events: Set<string>): void {
    const cse = this.#cse;
    const crs = cse?.tree.get(ri);
    if (!cse || !crs) return;
    const window: Window = { events, timer: undefined };
    this.#windows.set(ri, window);
    window.timer = setTimeout(() => this.#close(ri, window), windowSize(crs.attributes['tws']));
    window.timer.unref?.();
  }

  #event(crs: StoredResource, source: string): void {
    const window = this.#windows.get(crs.ri);
    if (window) window.events.add(source);
    else if (crs.attributes['twt'] === TimeWindowType.SlidingWindow) this.#open(crs.ri, new Set([source]));
  }

  #close(ri: string, window: Window): void {
    if (this.#windows.get(ri) !== window) return;
    this.#windows.delete(ri);
    const crs = this.#cse?.tree.get(ri);
    if (!crs) return;
    const n = strings(crs.attributes['rrat']).length + strings(crs.attributes['srat']).length;
    const eem = Number(crs.attributes['eem'] ?? EventEvaluationMode.AllEventsPresent);
    if (windowFires(eem, window.events.size, n)) this.#notifyTargets(crs);
    const current = this.#cse?.tree.get(ri);
    if (current && current.attributes['twt'] === TimeWindowType.PeriodicWindow) this.#open(ri, new Set());
  }

  #notifyTargets(crs: StoredResource): void {
    const cse = this.#cse;
    if (!cse) return;
    const nu = [...new Set(strings(crs.attributes['nu']))];
    const cr = crs.attributes['cr'];
    const pc = {
      'm2m:sgn': {
        sur: spRelative(cse, crs.ri),
        ...(typeof cr === 'string' && cr !== '' ? { cr } : {}),
      },
    };
    const counting = crs.attributes['nse'] === true;
    if (counting) this.#count(crs.ri, nu, (entry) => ({ ...entry, rqs: entry.rqs + 1, noec: entry.noec + 1 }));
    for (const target of nu) this.#send(crs, target, pc, counting);

    const exc = crs.attributes['exc'];
    if (typeof exc !== 'number') return;
    const count = (this.#counts.get(crs.ri) ?? 0) + 1;
    this.#counts.set(crs.ri, count);
    if (count < exc) return;
    this.#stopWindow(crs.ri);
    cse.background.track(
      `deleting crossResourceSubscription ${crs.ri} after ${count} notifications (exc)`,
      cse.change(cse.options.cseId, undefined, (m) => {
        const current = cse.tree.get(crs.ri);
        if (current) m.delete(current, 'internal');
      }),
    );
  }

  #send(crs: StoredResource, target: string, pc: Record<string, unknown>, counting: boolean): Promise<void> {
    const cse = this.#cse;
    if (!cse || !this.#queues) return Promise.resolve();
    const what = `notification to ${target} for crossResourceSubscription ${crs.ri}`;
    return this.#queues.enqueue(`${crs.ri} ${target}`, what, async () => {
      const result = await cse.delivery.deliver(target, pc);
      if (result.kind === 'response' && (result.response.rsc < 2000 || result.response.rsc >= 3000))
        cse.options.log(`${what}: ${result.url} answered ${result.response.rsc}`);
      if (counting) this.#count(crs.ri, [target], (entry) => ({ ...entry, rsr: entry.rsr + 1 }));
    });
  }

  /** Updates the nsi entries of `targets` (created at zero as needed) while nse is true. */
  #count(ri: string, targets: readonly string[], change: (entry: StatsEntry) => StatsEntry): void {
    const cse = this.#cse;
    if (!cse) return;
    cse.background.track(
      `notification statistics of crossResourceSubscription ${ri}`,
      cse.change(cse.options.cseId, undefined, (m) => {
        const current = cse.tree.get(ri);
        if (current?.attributes['nse'] !== true) return;
        const nsi = Array.isArray(current.attributes['nsi']) ? [...(current.attributes['nsi'] as StatsEntry[])] : [];
        const nu = strings(current.attributes['nu']);
        for (const tg of targets) {
          if (!nu.includes(tg)) continue;
          const index = nsi.findIndex((entry) => entry.tg === tg);
          const entry = index < 0 ? { tg, rqs: 0, rsr: 0, noec: 0 } : (nsi[index] as StatsEntry);
          if (index < 0) nsi.push(change(entry));
          else nsi[index] = change(entry);
        }
        m.update(current, { ...current.attributes, nsi }, ['nsi'], 'internal');
      }),
    );
  }
}
