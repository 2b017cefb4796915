import { DesIdResType } from '../../generated/enums/des-id-res-type.gen.js';
import type { CseContext } from './context.js';
import { badRequest, notFound } from './errors.js';
import type { StoredResource } from './tree.js';
import type { VirtualResource } from './virtual.js';

/** What a `to` address names: a stored resource, or a virtual child (plus any path below it). */
export type Target =
  | { readonly kind: 'resource'; readonly resource: StoredResource }
  | {
      readonly kind: 'virtual';
      readonly handler: VirtualResource;
      readonly parent: StoredResource;
      readonly rest: readonly string[];
    };

/**
 * The CSE-relative form of an address (TS-0001 §7.2): `//sp/csi/x` and `/csi/x` become `x` when
 * they name this SP and CSE, `/csi` alone the CSEBase. Addresses of other CSEs are not found:
 * this CSE does not forward requests.
 */
export function toCseRelative(cse: CseContext, address: string): string {
  const { cseId, spId } = cse.options;
  let id = address.trim();
  if (id.startsWith('//')) {
    const slash = id.indexOf('/', 2);
    const sp = slash < 0 ? id : id.slice(0, slash);
    if (sp !== spId)
      throw notFound(
        `${address} names service provider ${sp}; this CSE belongs to ${spId} and does not forward requests`,
      );
    id = slash < 0 ? '' : id.slice(slash);
  }
  if (id.startsWith('/')) {
    if (id === cseId) return cse.tree.root.ri;
    if (!id.startsWith(`${cseId}/`))
      throw notFound(`${address} names another CSE; this is ${cseId} and it does not forward requests`);
    id = id.slice(cseId.length + 1);
  }
  if (id === '')
    throw badRequest(
      `the address ${JSON.stringify(address)} is empty; give a resource address such as ${cse.options.cseName}/myAE`,
    );
  return id;
}

/** Resolves a `to` address: structured (`cse-in/ae/cnt`, `-/ae/cnt`), unstructured (`cnt123`, `cnt123/la`), SP-relative or absolute. */
export function resolveTarget(cse: CseContext, to: string): Target {
  const relative = toCseRelative(cse, to);
  const segments = relative.split('/');
  if (segments.some((s) => s === '')) throw badRequest(`the address ${JSON.stringify(to)} has an empty path segment`);
  const [first = '', ...rest] = segments;
  const root = cse.tree.root;
  let current: StoredResource | undefined = first === cse.options.cseName || first === '-' ? root : cse.tree.get(first);
  if (!current)
    throw notFound(
      `no resource ${JSON.stringify(to)}: ${JSON.stringify(first)} is neither the CSEBase name ${cse.options.cseName} nor a resource ID`,
    );
  // Below a resource ID only a virtual resource may be named (la, ol, fopt, pcu): children are
  // reached by their own IDs or by structured addresses (TS-0001 §9.3.1; ACME answers 4004).
  const unstructured = first !== cse.options.cseName && first !== '-';
  for (let i = 0; i < rest.length; i++) {
    const name = rest[i] as string;
    const child: StoredResource | undefined = unstructured && i === 0 ? undefined : cse.tree.child(current.ri, name);
    if (child) {
      current = child;
      continue;
    }
    const info = cse.infoOf(current);
    const handler = cse.virtualResources.find((v) => v.name === name && v.appliesTo(current as StoredResource, info));
    if (handler) return { kind: 'virtual', handler, parent: current, rest: rest.slice(i + 1) };
    if (unstructured && i === 0)
      throw notFound(
        `no resource ${JSON.stringify(to)}: ${JSON.stringify(first)} is a resource ID, and below a resource ID only a virtual resource (la, ol, fopt, pcu) may be named; address ${JSON.stringify(name)} by its own resource ID or by its structured address ${cse.tree.structuredPath(current)}/${name}`,
      );
    throw notFound(
      `no resource ${JSON.stringify(to)}: ${cse.tree.structuredPath(current)} has no child named ${JSON.stringify(name)}`,
    );
  }
  return { kind: 'resource', resource: current };
}

/** The stored resource an ID or address names, or undefined (virtual resources and foreign CSEs included). */
export function findResource(cse: CseContext, id: string): StoredResource | undefined {
  try {
    const target = resolveTarget(cse, id);
    return target.kind === 'resource' ? target.resource : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How results name a resource (drt, TS-0004 §6.3.4.2): structured CSE-relative (`cse-in/ae/cnt`,
 * the default) or unstructured SP-relative (`/id-in/cnt123`, as ACME returns them).
 */
export function formatAddress(cse: CseContext, resource: StoredResource, drt: number | undefined): string {
  return drt === DesIdResType.Unstructured ? `${cse.options.cseId}/${resource.ri}` : cse.tree.structuredPath(resource);
}

/** An originator in CSE-relative form when it was given SP-relative for this CSE (`/id-in/Cae` → `Cae`). */
export function normalizeOriginator(cse: CseContext, originator: string | undefined): string {
  const fr = (originator ?? '').trim();
  return fr.startsWith(`${cse.options.cseId}/`) ? fr.slice(cse.options.cseId.length + 1) : fr;
}
