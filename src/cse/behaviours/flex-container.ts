import { ResourceType } from '../../../generated/enums/resource-type.gen.js';
import { isSpecialization } from '../../codegen-api/specialization.js';
import type { ResourceBehaviour } from '../behaviour.js';
import type { CseContext } from '../context.js';
import { badRequest } from '../errors.js';
import { newResourceId } from '../ids.js';
import type { Mutation } from '../mutation.js';
import type { ResourceTypeInfo } from '../registry.js';
import { formatTimestamp, parseTimestamp } from '../time.js';
import type { StoredResource } from '../tree.js';
import { contentSize } from './instance-container.js';

// <flexContainer> semantics (TS-0001 §9.6.35, §9.6.58 <flexContainerInstance>; ACME FCNT.py):
//
// - contentSize (cs) is the size of the custom attributes (JSON text, UTF-8 bytes; 0 without any);
// - fcinEnabled (fcied) true makes the CSE record the custom attributes and labels in a
//   <flexContainerInstance> child (`cod:binShInst` for a binarySwitch, `m2m:fci` for a plain one)
//   at creation and at every update that changes them; the instances follow the container rules
//   (mni / mbs / mia, cni / cbs, `la` / `ol`) of behaviours/instance-container.ts;
// - fcied false records nothing new; removing fcied (null) deletes the history, cni / cbs and
//   the limits (ACME does the same);
// - mni, mbs and mia only make sense with history: without fcied they are refused (4000), as
//   are 0 values, and an mbs below cs (ACME does the same).

const isFlexContainer = (info: ResourceTypeInfo) => info.descriptor.ty === ResourceType.FlexContainer;

/** The custom attributes of a flexContainer's attributes: all but its base type's. */
function customAttributes(
  info: ResourceTypeInfo,
  attributes: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const { descriptor } = info;
  const names = isSpecialization(descriptor) ? descriptor.customAttributes : [];
  const out: Record<string, unknown> = {};
  for (const name of names) if (attributes[name] !== undefined) out[name] = attributes[name];
  return out;
}

function customSize(info: ResourceTypeInfo, attributes: Readonly<Record<string, unknown>>): number {
  return Object.values(customAttributes(info, attributes)).reduce<number>((sum, value) => sum + contentSize(value), 0);
}

const LIMITS = ['mni', 'mbs', 'mia'] as const;

/** The history rules on the attributes a flexContainer will have (`next`), given what the request sent. */
function checkLimits(path: string, next: Readonly<Record<string, unknown>>, sent: Readonly<Record<string, unknown>>) {
  const given = LIMITS.filter((name) => sent[name] !== undefined && sent[name] !== null);
  if (next['fcied'] === undefined && given.length > 0)
    throw badRequest(
      `${path}: ${given.map((n) => `'${n}'`).join(', ')} limit the history, which only exists with 'fcied' (fcinEnabled); set fcied or leave the limits out`,
    );
  for (const name of given)
    if (sent[name] === 0)
      throw badRequest(`${path}: attribute '${name}' must not be 0 for a flexContainer; leave it out for no limit`);
  const mbs = next['mbs'];
  const cs = next['cs'];
  if (next['fcied'] !== undefined && typeof mbs === 'number' && typeof cs === 'number' && mbs < cs)
    throw badRequest(
      `${path}: maxByteSize (mbs) ${mbs} is smaller than the custom attributes' contentSize (cs) ${cs}; raise mbs`,
    );
}

function instanceTypeName(info: ResourceTypeInfo, cse: CseContext): string | undefined {
  const { descriptor } = info;
  if (isSpecialization(descriptor)) return descriptor.instanceTypeName;
  return cse.registry.byTy(ResourceType.FlexContainerInstance)[0]?.descriptor.typeName;
}

/** Records the flexContainer's custom attributes and labels as a new instance (its history entry). */
function recordInstance(m: Mutation, container: StoredResource): void {
  const { cse } = m;
  const info = cse.infoOf(container);
  const typeName = instanceTypeName(info, cse);
  if (typeName === undefined) return;
  const now = cse.now();
  const { attributes } = container;
  const st = (typeof attributes['st'] === 'number' ? attributes['st'] : 0) + 1;
  let rn = `${container.rn}_${st}`;
  while (cse.tree.child(container.ri, rn)) rn = `${rn}_`;
  let ri = newResourceId('fci');
  while (cse.tree.get(ri)) ri = newResourceId('fci');
  // An instance lives no longer than its container, and no longer than mia seconds.
  const ends = [typeof attributes['et'] === 'string' ? parseTimestamp(attributes['et']) : undefined];
  if (typeof attributes['mia'] === 'number') ends.push(now + attributes['mia'] * 1000);
  const et = Math.min(...ends.filter((t): t is number => t !== undefined));
  const custom = customAttributes(info, attributes);
  m.create({
    typeName,
    owner: container.owner,
    attributes: {
      ty: ResourceType.FlexContainerInstance,
      ri,
      rn,
      pi: container.ri,
      ct: formatTimestamp(now),
      lt: formatTimestamp(now),
      ...(Number.isFinite(et) ? { et: formatTimestamp(et) } : {}),
      // The instance takes the stateTag its container gets for it (instance-container.ts counts it).
      st,
      cs: customSize(info, attributes),
      org: m.originator,
      ...(Array.isArray(attributes['lbl']) ? { lbl: attributes['lbl'] } : {}),
      ...custom,
    },
  });
}

/** Without fcied there is no history: its instances, counters and limits go (as ACME does). */
function removeHistory(m: Mutation, container: StoredResource): void {
  const { tree } = m.cse;
  for (const child of tree.children(container.ri))
    if (child.ty === ResourceType.FlexContainerInstance) m.delete(child, 'internal');
  const current = tree.get(container.ri) ?? container;
  const gone = ['cni', 'cbs', ...LIMITS].filter((name) => current.attributes[name] !== undefined);
  if (gone.length === 0) return;
  const attributes = { ...current.attributes };
  for (const name of gone) delete attributes[name];
  m.update(current, attributes, gone, 'internal');
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The flexContainer (and specialisation) behaviour: contentSize, history, its limits. */
export const flexContainerBehaviour: ResourceBehaviour = {
  name: 'flexContainer',
  // Every type: a new flexContainer's first instance is recorded when its parent learns of it.
  appliesTo: () => true,
  prepareCreate(rc, draft, parent) {
    if (!isFlexContainer(draft.info)) return;
    const { attributes } = draft;
    attributes['cs'] = customSize(draft.info, attributes);
    checkLimits(`${rc.cse.tree.structuredPath(parent)}/${String(attributes['rn'] ?? '')}`, attributes, attributes);
  },
  prepareUpdate(rc, target, next, changes) {
    const info = rc.cse.infoOf(target);
    if (!isFlexContainer(info)) return;
    next['cs'] = customSize(info, next);
    checkLimits(rc.cse.tree.structuredPath(target), next, changes);
  },
  childCreated(m, _parent, child) {
    if (child.ty === ResourceType.FlexContainer && child.attributes['fcied'] === true) recordInstance(m, child);
  },
  updated(m, resource, previous) {
    const info = m.cse.infoOf(resource);
    if (!isFlexContainer(info)) return;
    const now = resource.attributes['fcied'];
    if (now === undefined && previous.attributes['fcied'] !== undefined) {
      removeHistory(m, resource);
      return;
    }
    if (now !== true) return;
    const changed =
      previous.attributes['fcied'] !== true ||
      !same(customAttributes(info, resource.attributes), customAttributes(info, previous.attributes)) ||
      !same(resource.attributes['lbl'], previous.attributes['lbl']);
    if (changed) recordInstance(m, m.cse.tree.get(resource.ri) ?? resource);
  },
};
