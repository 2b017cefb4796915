import { ResourceType } from '../../generated/enums/resource-type.gen.js';
import type { ChildResourceRef } from '../../generated/types/child-resource-ref.gen.js';
import type { PrimitiveContent } from '../primitives/content.js';
import { formatAddress } from './addressing.js';
import type { CseContext } from './context.js';
import { formatTimestamp } from './time.js';
import type { StoredResource } from './tree.js';

// How resources appear in responses (TS-0004 §8.4 JSON serialization; result content §6.3.4.2).

/** A copy of a resource's attributes as a response shows them; the CSEBase adds its current time. */
export function attributesOf(cse: CseContext, resource: StoredResource): Record<string, unknown> {
  const attributes: Record<string, unknown> = { ...resource.attributes };
  if (resource.ty === ResourceType.CSEBase) attributes['ctm'] = formatTimestamp(cse.now());
  return attributes;
}

/** `{ "m2m:cnt": {...} }` for a resource, optionally with only some attributes. */
export function wrap(resource: StoredResource, attributes: Record<string, unknown>): PrimitiveContent {
  return { [resource.typeName]: attributes };
}

/** A child resource reference `{ nm, typ, val }` (m2m:childResourceRef). */
export function childReference(cse: CseContext, resource: StoredResource, drt: number | undefined): ChildResourceRef {
  return { nm: resource.rn, typ: resource.ty as ChildResourceRef['typ'], val: formatAddress(cse, resource, drt) };
}

/**
 * Nests the given descendants of `root` under their parents (rcn 4 and 8): each resource goes
 * under its nearest ancestor in the set, or under `rootAttributes`, in a list keyed by its type
 * name, in the order given.
 */
export function nestDescendants(
  cse: CseContext,
  root: StoredResource,
  rootAttributes: Record<string, unknown>,
  descendants: readonly StoredResource[],
): Record<string, unknown> {
  const nodes = new Map<string, Record<string, unknown>>([[root.ri, rootAttributes]]);
  for (const resource of descendants) nodes.set(resource.ri, attributesOf(cse, resource));
  for (const resource of descendants) {
    let holder: Record<string, unknown> | undefined;
    for (let p = cse.tree.parent(resource); p && !holder; p = cse.tree.parent(p)) holder = nodes.get(p.ri);
    const target = holder ?? rootAttributes;
    const list = (target[resource.typeName] as unknown[] | undefined) ?? [];
    list.push(nodes.get(resource.ri));
    target[resource.typeName] = list;
  }
  return rootAttributes;
}

/** Keeps only the listed attributes (partial retrieve, atrl). */
export function selectAttributes(
  attributes: Record<string, unknown>,
  names: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) if (name in attributes) out[name] = attributes[name];
  return out;
}
