import { ResponseStatusCode } from '../../../generated/enums/response-status-code.gen.js';
import type { ResourceBehaviour } from '../behaviour.js';
import type { CseContext } from '../context.js';
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
// - cni / cbs count the instances and their content sizes (cs);
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

/** The content size of an instance. */
export function contentSize(content: unknown): number {
  if (content === undefined || content === null) return 0;
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  return new TextEncoder().encode(text).length;
}

function number(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function instancesOf(cse: CseContext, container: StoredResource): StoredResource[] {
  const info = cse.infoOf(container);
  return cse.tree.children(container.ri).filter((child) => isInstanceOf(info, cse.infoOf(child)));
}

/** Drops the oldest instances beyond mni / mbs, then writes cni and cbs (and st/lt when `touched`). */
function enforceLimits(m: Mutation, container: StoredResource, touched: boolean): void {
  const { cse } = m;
  const instances = instancesOf(cse, container);
  const mni = number(container.attributes['mni']);
  const mbs = number(container.attributes['mbs']);
  let cbs = instances.reduce((sum, i) => sum + (number(i.attributes['cs']) ?? 0), 0);
  while (instances.length > 0 && ((mni !== undefined && instances.length > mni) || (mbs !== undefined && cbs > mbs))) {
    const oldest = instances.shift() as StoredResource;
    cbs -= number(oldest.attributes['cs']) ?? 0;
    m.delete(oldest, 'instance-limit');
  }
  const current = cse.tree.get(container.ri) ?? container;
  const attributes: Record<string, unknown> = { ...current.attributes, cni: instances.length, cbs };
  if (touched) {
    attributes['st'] = (number(current.attributes['st']) ?? 0) + 1;
    attributes['lt'] = formatTimestamp(cse.now());
  }
  const modified = Object.keys(attributes).filter(
    (name) => JSON.stringify(attributes[name]) !== JSON.stringify(current.attributes[name]),
  );
  if (modified.length > 0) m.update(current, attributes, modified, 'internal');
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
    const info = m.cse.infoOf(parent);
    if (isInstanceOf(info, m.cse.infoOf(child))) enforceLimits(m, parent, true);
  },
  childDeleted(m, parent, child, reason) {
    // enforceLimits itself removes instances for the limits and recounts afterwards.
    if (reason === 'instance-limit') return;
    const info = m.cse.infoOf(parent);
    if (isInstanceOf(info, m.cse.infoOf(child))) enforceLimits(m, parent, false);
  },
  updated(m, resource, previous) {
    if (!isInstanceContainer(m.cse.infoOf(resource))) return;
    const changed = ['mni', 'mbs'].some((name) => resource.attributes[name] !== previous.attributes[name]);
    if (changed) enforceLimits(m, resource, false);
  },
};
