import { ResponseStatusCode } from '../../../generated/enums/response-status-code.gen.js';
import type { ResourceBehaviour } from '../behaviour.js';
import type { CseContext } from '../context.js';
import { contentSize } from '../content-size.js';
import { CseError } from '../errors.js';
import type { Mutation } from '../mutation.js';
import type { ResourceTypeInfo } from '../registry.js';
import { formatTimestamp, parseTimestamp } from '../time.js';
import type { StoredResource } from '../tree.js';

// Containers of instances (TS-0001 §9.6.6 <container>, §9.6.36 <timeSeries>, §9.6.35
// <flexContainer>; ACME CNT.py): which types these are is read from the schemas. A container type
// has the counters cni and mni; its instance types are its child types that cannot be updated
// (contentInstance under container, timeSeriesInstance under timeSeries, flexContainerInstance
// under flexContainer).
//
// - cni / cbs count the instances and their content sizes (cs), read from the tree's per-type
//   child index in O(1) (its count and sum of cs), as are the oldest instance to drop and la/ol;
// - a new instance gets cs (UTF-8 bytes of con, or of its JSON text when con is structured) and the
//   container's incremented st; an instance bigger than mbs is refused with NOT_ACCEPTABLE (5207);
// - mia caps the new instance's et at ct + mia seconds (as ACME does);
// - after an instance arrives, or an update lowers mni/mbs, the oldest instances go until
//   cni <= mni and cbs <= mbs (reason `instance-limit`);
// - the container's st and lt change when an instance arrives; a request update increments st
//   anyway (generic update rule).

export function isInstanceContainer(info: ResourceTypeInfo): boolean {
  const { attributes } = info.descriptor;
  return 'cni' in attributes && 'mni' in attributes;
}

export function isInstanceOf(container: ResourceTypeInfo, child: ResourceTypeInfo): boolean {
  return (
    isInstanceContainer(container) &&
    container.descriptor.childTypes.includes(child.descriptor.typeName) &&
    !child.descriptor.operations.update
  );
}

export { contentSize } from '../content-size.js';

function number(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

const instanceTypes = new WeakMap<ResourceTypeInfo, readonly number[]>();

/** The resource types (ty) of the instances a container type holds, from the schemas. */
function instanceTysOf(cse: CseContext, container: ResourceTypeInfo): readonly number[] {
  let tys = instanceTypes.get(container);
  if (!tys) {
    tys = isInstanceContainer(container)
      ? container.descriptor.childTypes
          .map((typeName) => cse.registry.byTypeName(typeName))
          .filter((child): child is ResourceTypeInfo => child !== undefined && isInstanceOf(container, child))
          .map((child) => child.descriptor.ty)
      : [];
    // A specialisation's instances share ty 58 with plain flexContainerInstances: count each ty once.
    tys = [...new Set(tys)];
    instanceTypes.set(container, tys);
  }
  return tys;
}

/** A container's instances: count, content bytes, oldest and newest, from the tree's index (O(1)). */
export interface Instances {
  readonly count: number;
  readonly bytes: number;
  readonly oldest: StoredResource | undefined;
  readonly latest: StoredResource | undefined;
}

export function instancesOf(cse: CseContext, container: StoredResource): Instances {
  let count = 0;
  let bytes = 0;
  let oldest: StoredResource | undefined;
  let latest: StoredResource | undefined;
  for (const ty of instanceTysOf(cse, cse.infoOf(container))) {
    const list = cse.tree.childrenOfType(container.ri, ty);
    count += list.size;
    bytes += list.bytes;
    const first = list.first;
    const last = list.last;
    if (first && (!oldest || first.seq < oldest.seq)) oldest = first;
    if (last && (!latest || last.seq > latest.seq)) latest = last;
  }
  return { count, bytes, oldest, latest };
}

/** Drops the oldest instances beyond mni / mbs, then writes cni and cbs (and st/lt when `touched`). */
function enforceLimits(m: Mutation, container: StoredResource, touched: boolean): void {
  const { cse } = m;
  const mni = number(container.attributes['mni']);
  const mbs = number(container.attributes['mbs']);
  let instances = instancesOf(cse, container);
  while (
    instances.oldest &&
    ((mni !== undefined && instances.count > mni) || (mbs !== undefined && instances.bytes > mbs))
  ) {
    m.delete(instances.oldest, 'instance-limit');
    instances = instancesOf(cse, container);
  }
  const current = cse.tree.get(container.ri) ?? container;
  const changes: Record<string, unknown> = { cni: instances.count, cbs: instances.bytes };
  if (touched) {
    changes['st'] = (number(current.attributes['st']) ?? 0) + 1;
    changes['lt'] = formatTimestamp(cse.now());
  }
  const modified = Object.keys(changes).filter((name) => changes[name] !== current.attributes[name]);
  if (modified.length > 0) m.update(current, { ...current.attributes, ...changes }, modified, 'internal');
}

/** The instance bookkeeping of containers, timeSeries and flexContainers. */
export const instanceContainer: ResourceBehaviour = {
  name: 'instance container',
  appliesTo: () => true,
  prepareCreate(rc, draft, parent) {
    const parentInfo = rc.cse.infoOf(parent);
    if (!isInstanceOf(parentInfo, draft.info)) return;
    const { attributes } = draft;
    const cs = contentSize(attributes['con']);
    if ('cs' in draft.info.descriptor.attributes) attributes['cs'] = cs;
    if ('st' in draft.info.descriptor.attributes) attributes['st'] = (number(parent.attributes['st']) ?? 0) + 1;
    const mbs = number(parent.attributes['mbs']);
    if (mbs !== undefined && cs > mbs) {
      throw new CseError(
        ResponseStatusCode.NotAcceptable,
        `the instance's content size ${cs} exceeds the maxByteSize (mbs) ${mbs} of ${rc.cse.tree.structuredPath(parent)}`,
      );
    }
    const mia = number(parent.attributes['mia']);
    if (mia !== undefined) {
      const cap = rc.cse.now() + mia * 1000;
      const et = typeof attributes['et'] === 'string' ? parseTimestamp(attributes['et']) : undefined;
      if (et === undefined || et > cap) attributes['et'] = formatTimestamp(cap);
    }
  },
  childCreated(m, parent, child) {
    if (instanceTysOf(m.cse, m.cse.infoOf(parent)).includes(child.ty)) enforceLimits(m, parent, true);
  },
  childDeleted(m, parent, child, reason) {
    // enforceLimits itself removes instances for the limits and recounts afterwards.
    if (reason === 'instance-limit') return;
    if (instanceTysOf(m.cse, m.cse.infoOf(parent)).includes(child.ty)) enforceLimits(m, parent, false);
  },
  updated(m, resource, previous) {
    if (!isInstanceContainer(m.cse.infoOf(resource))) return;
    const changed = ['mni', 'mbs'].some((name) => resource.attributes[name] !== previous.attributes[name]);
    if (changed) enforceLimits(m, resource, false);
  },
};
