import { NotificationEventType } from '../../../generated/enums/notification-event-type.gen.js';
import { ResourceType } from '../../../generated/enums/resource-type.gen.js';
import type { MissingData } from '../../../generated/types/missing-data.gen.js';
import { parseDuration } from '../../time/duration.js';
import type { ResourceBehaviour } from '../behaviour.js';
import type { CseContext } from '../context.js';
import { badRequest } from '../errors.js';
import type { ResourceEvent } from '../events.js';
import type { SubscriptionNotifier } from '../notifier.js';
import { formatTimestamp, parseTimestamp } from '../time.js';
import type { StoredResource } from '../tree.js';
import { eventTypesOf } from './subscription.js';

// Missing data detection of <timeSeries> (TS-0001 §9.6.36 and §10.2.39; TS-0004 §7.4.37):
//
// - Attributes: periodicInterval (pei, ms), periodicIntervalDelta (peid, ms; default pei/2 and
//   at most pei/2), missingDataDetect (mdd, default false), missingDataDetectTimer (mdt, ms;
//   needed when mdd is true, and more than peid), missingDataMaxNr (mdn), missingDataList (mdlt)
//   and missingDataCurrentNr (mdc, the number of entries of mdlt; cardinality 1, so 0 from the
//   start). mdlt (0..1) appears with the first missing point; an update that sets mdd to true
//   removes it, sets mdc to 0 and restarts the
//   detection; mdd goes alone in an update (4000 with pei, peid, mdt or mdn), and while mdd is
//   true pei, peid, mdt and mdn cannot be changed (4000): switch detection off first. Switching
//   it off keeps mdlt and mdc.
// - Detection (mdd true, pei and mdt set) starts with the next <timeSeriesInstance>: with its
//   dataGenerationTime d, the next one is expected at d + pei; at d + pei + mdt (wall clock) the
//   CSE looks at the dgt of the latest instance received: unless it lies within peid of the
//   expected time (expected - peid < dgt <= expected + peid) the expected time is a missing data
//   point, appended to mdlt (the oldest dropped beyond mdn). Then the next point is expected pei
//   later, and so on while detection is on. An instance that arrives when even its own check time
//   has passed is itself recorded as missing. As the reference CSE, detection state lives in memory
//   and restarts with the next instance after a restart of the CSE.
// - A <subscription> of the <timeSeries> with enc.net 8 (report on missing data points) and
//   enc.md {num, dur}: the missing points are collected per subscription from the first one for
//   dur; when num are collected within that window, the subscription notifies
//   {"m2m:tsn": {"mdlt": [...], "mdc": n}} (nct 5) and starts collecting anew; a window that
//   ends with fewer is dropped.

const TS = ResourceType.TimeSeries;
const TSI = ResourceType.TimeSeriesInstance;
const SUB = ResourceType.Subscription;

const PARAMETERS = ['pei', 'peid', 'mdt', 'mdn'] as const;

function number(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** pei, peid, mdd and mdt of a <timeSeries> as they will be (peid filled in from pei). */
function checkDetection(attributes: Record<string, unknown>, peiChanged: boolean, peidGiven: boolean): void {
  const pei = number(attributes['pei']);
  if (pei !== undefined && (peiChanged || attributes['peid'] === undefined) && !peidGiven)
    attributes['peid'] = Math.floor(pei / 2);
  const peid = number(attributes['peid']);
  if (pei !== undefined && peid !== undefined && peid > pei / 2)
    throw badRequest(
      `attribute 'peid' (periodicIntervalDelta) ${peid} must be at most half of 'pei' (periodicInterval) ${pei}`,
    );
  if (attributes['mdd'] === true) {
    const mdt = number(attributes['mdt']);
    if (mdt === undefined)
      throw badRequest(
        "attribute 'mdd' (missingDataDetect) true needs 'mdt' (missingDataDetectTimer): give the time in ms to wait for a data point",
      );
    if (peid !== undefined && mdt <= peid)
      throw badRequest(
        `attribute 'mdt' (missingDataDetectTimer) ${mdt} must be more than 'peid' (periodicIntervalDelta) ${peid}`,
      );
  }
}

interface Collection {
  readonly num: number;
  readonly dur: number;
  list: string[];
  windowEnd: number | undefined;
}

interface Monitor {
  /** The dgt of the latest instance received (ms). */
  latest: number;
  /** The dgt expected next (ms). */
  expected: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** The missing data detection of <timeSeries> resources: checks, and timers in memory. */
export class MissingDataDetection {
  readonly behaviour: ResourceBehaviour;
  readonly #monitors = new Map<string, Monitor>();
  /** Per <timeSeries> ri, per subscription ri: the missing points collected for it. */
  readonly #collections = new Map<string, Map<string, Collection>>();
  #cse: CseContext | undefined;
  #notifier: SubscriptionNotifier | undefined;
  #stopListening: (() => void) | undefined;

  constructor() {
    this.behaviour = {
      name: 'time series missing data',
      appliesTo: (info) => info.descriptor.ty === TS,
      prepareCreate: (_rc, draft) => {
        const { attributes } = draft;
        if (attributes['mdd'] === undefined || attributes['mdd'] === null) attributes['mdd'] = false;
        checkDetection(attributes, true, attributes['peid'] !== undefined);
        attributes['mdc'] = 0;
      },
      prepareUpdate: (_rc, target, next, changes) => {
        const touched = PARAMETERS.filter((name) => name in changes);
        if ('mdd' in changes && touched.length > 0)
          throw badRequest(
            `attribute 'mdd' (missingDataDetect) goes alone in an update, not with ${touched.join(', ')}; update them first, then mdd`,
          );
        if (target.attributes['mdd'] === true && touched.length > 0)
          throw badRequest(
            `${touched.join(', ')} cannot change while missing data detection runs (mdd true); set mdd to false first`,
          );
        if (next['mdd'] === undefined || next['mdd'] === null) next['mdd'] = false;
        checkDetection(next, 'pei' in changes, 'peid' in changes && changes['peid'] !== null);
        if (changes['mdd'] === true) {
          delete next['mdlt'];
          next['mdc'] = 0;
        }
      },
    };
  }

  start(cse: CseContext, notifier: SubscriptionNotifier): void {
    this.#cse = cse;
    this.#notifier = notifier;
    this.#stopListening = cse.events.on((event) => this.#handle(event));
    for (const resource of cse.tree.all()) {
      if (resource.ty !== SUB) continue;
      const parent = cse.tree.parent(resource);
      if (parent?.ty === TS) this.#subscribe(parent.ri, resource);
    }
  }

  stop(): void {
    this.#stopListening?.();
    for (const ri of [...this.#monitors.keys()]) this.#stopMonitor(ri);
  }

  #handle(event: ResourceEvent): void {
    const cse = this.#cse;
    if (!cse) return;
    const { resource } = event;
    if (resource.ty === TS) {
      if (event.type === 'deleted') {
        this.#stopMonitor(resource.ri);
        this.#collections.delete(resource.ri);
      } else if (event.type === 'updated' && event.reason === 'request') {
        // Off stops it; (again) true restarts it with the next instance.
        const root = event.request?.pc?.['m2m:ts'] as Record<string, unknown> | undefined;
        if (root && 'mdd' in root) this.#stopMonitor(resource.ri);
      }
      return;
    }
    if (resource.ty === TSI && event.type === 'created' && event.parent.ty === TS) {
      this.#instance(event.parent.ri, resource);
      return;
    }
    if (resource.ty === SUB) {
      const parent = event.type === 'updated' ? cse.tree.parent(resource) : event.parent;
      if (parent?.ty !== TS) return;
      if (event.type === 'deleted') this.#collections.get(parent.ri)?.delete(resource.ri);
      else this.#subscribe(parent.ri, resource);
    }
  }

  #subscribe(tsRi: string, sub: StoredResource): void {
    const md = (sub.attributes['enc'] as { md?: MissingData } | undefined)?.md;
    const collections = this.#collections.get(tsRi) ?? new Map<string, Collection>();
    if (!eventTypesOf(sub.attributes).includes(NotificationEventType.ReportOnMissingDataPoints) || !md) {
      collections.delete(sub.ri);
      return;
    }
    let dur = Number.POSITIVE_INFINITY;
    try {
      if (md.dur !== undefined) dur = parseDuration(md.dur);
    } catch {
      // Checked when the subscription was created; an unreadable one collects without a window.
    }
    const previous = collections.get(sub.ri);
    collections.set(sub.ri, {
      num: Math.max(1, Number(md.num ?? 1)),
      dur,
      list: previous?.list ?? [],
      windowEnd: previous?.windowEnd,
    });
    this.#collections.set(tsRi, collections);
  }

  /** A new instance of a <timeSeries>: starts the detection, or records the latest dgt. */
  #instance(tsRi: string, instance: StoredResource): void {
    const cse = this.#cse;
    const ts = cse?.tree.get(tsRi);
    if (!cse || !ts || ts.attributes['mdd'] !== true) return;
    const pei = number(ts.attributes['pei']);
    const mdt = number(ts.attributes['mdt']);
    const dgt = typeof instance.attributes['dgt'] === 'string' ? parseTimestamp(instance.attributes['dgt']) : undefined;
    if (pei === undefined || mdt === undefined || dgt === undefined) return;
    const now = cse.now();
    const monitor = this.#monitors.get(tsRi);
    if (monitor) {
      // So late that its own check has passed: the instance itself is a missing data point.
      if (dgt + pei + mdt < now) this.#missing(tsRi, [dgt]);
      monitor.latest = dgt;
      return;
    }
    if (dgt + pei + mdt < now) return; // from long ago: nothing to wait for
    const next: Monitor = { latest: dgt, expected: dgt + pei, timer: undefined };
    this.#monitors.set(tsRi, next);
    this.#schedule(tsRi, next, mdt);
  }

  #schedule(tsRi: string, monitor: Monitor, mdt: number): void {
    const cse = this.#cse;
    if (!cse) return;
    monitor.timer = setTimeout(() => this.#check(tsRi, monitor), Math.max(0, monitor.expected + mdt - cse.now()));
    monitor.timer.unref?.();
  }

  #stopMonitor(tsRi: string): void {
    const monitor = this.#monitors.get(tsRi);
    if (monitor?.timer) clearTimeout(monitor.timer);
    this.#monitors.delete(tsRi);
  }

  /** The check time of the expected point has come. */
  #check(tsRi: string, monitor: Monitor): void {
    const cse = this.#cse;
    if (!cse || this.#monitors.get(tsRi) !== monitor) return;
    const ts = cse.tree.get(tsRi);
    const pei = number(ts?.attributes['pei']);
    const mdt = number(ts?.attributes['mdt']);
    if (ts?.attributes['mdd'] !== true || pei === undefined || mdt === undefined) {
      this.#stopMonitor(tsRi);
      return;
    }
    const peid = number(ts.attributes['peid']) ?? Math.floor(pei / 2);
    if (!(monitor.expected - peid < monitor.latest && monitor.latest <= monitor.expected + peid))
      this.#missing(tsRi, [monitor.expected]);
    monitor.expected += pei;
    this.#schedule(tsRi, monitor, mdt);
  }

  /** Records missing data points in mdlt/mdc and in the collections of the net 8 subscriptions. */
  #missing(tsRi: string, points: readonly number[]): void {
    const cse = this.#cse;
    if (!cse) return;
    const stamps = points.map((point) => formatTimestamp(point));
    cse.background.track(
      `recording missing data points of timeSeries ${tsRi}`,
      cse.change(cse.options.cseId, undefined, (m) => {
        const ts = cse.tree.get(tsRi);
        if (!ts) return;
        let mdlt = [...(Array.isArray(ts.attributes['mdlt']) ? (ts.attributes['mdlt'] as string[]) : []), ...stamps];
        const mdn = number(ts.attributes['mdn']);
        if (mdn !== undefined && mdlt.length > mdn) mdlt = mdlt.slice(mdlt.length - mdn);
        m.update(ts, { ...ts.attributes, mdlt, mdc: mdlt.length }, ['mdlt', 'mdc'], 'internal');
      }),
    );
    const now = cse.now();
    for (const [subRi, collection] of this.#collections.get(tsRi) ?? []) {
      if (collection.windowEnd !== undefined && collection.windowEnd <= now) {
        collection.list = [];
        collection.windowEnd = undefined;
      }
      collection.list.push(...stamps);
      collection.windowEnd ??= now + collection.dur;
      if (collection.list.length < collection.num) continue;
      const sub = cse.tree.get(subRi);
      const ts = cse.tree.get(tsRi);
      if (sub && ts) {
        const mdlt = collection.list;
        this.#notifier?.raise(sub, NotificationEventType.ReportOnMissingDataPoints, ts, {
          'm2m:tsn': { mdlt, mdc: mdlt.length },
        });
      }
      collection.list = [];
      collection.windowEnd = undefined;
    }
  }
}
