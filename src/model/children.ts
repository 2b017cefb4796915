import { Operation } from '../../generated/enums/operation.gen.js';
import { ResultContent } from '../../generated/enums/result-content.gen.js';
import type { Client } from '../client/Client.js';
import type { RequestOptions } from '../client/options.js';
import { requestContext, UnexpectedContentError } from '../errors/index.js';
import { childAddress, isStructured } from './address.js';

// Direct children by child resource references (RETRIEVE with rcn 6, m2m:rrl): the listing that
// works on most CSEs (tinyIoT filters discovery by its default ACP; rcn 6 is a plain retrieve).

/** One entry of a child resource reference list. */
export interface ChildReference {
  /** resourceName (nm). */
  readonly name: string;
  /** resourceType (typ). */
  readonly type: number;
  /** The child's address as the CSE gave it (val). */
  readonly value: string;
}

/** The virtual children that may follow a resource ID (TS-0001 §9.6.1.3; ACME). */
const VIRTUAL = new Set(['la', 'ol', 'fopt', 'pcu']);

/** The direct children of the resource at `address`, by reference (one RETRIEVE with rcn 6). */
export async function childReferences(
  client: Client,
  address: string,
  options: RequestOptions = {},
): Promise<ChildReference[]> {
  const { filterCriteria: _filter, ...rest } = options;
  const request = client.buildRequest(Operation.Retrieve, address, {
    ...rest,
    rcn: ResultContent.ChildResourceReferences,
  });
  const response = await client.send(request, options);
  const rrl = response.pc?.['m2m:rrl'] as { rrf?: unknown } | null | undefined;
  if (rrl === undefined || (rrl !== null && typeof rrl !== 'object'))
    throw new UnexpectedContentError(
      requestContext(request, client.transport.endpoint),
      'm2m:rrl (child resource references)',
      Object.keys(response.pc ?? {}).join(', ') || 'no content',
    );
  const refs = rrl === null || rrl.rrf === undefined ? [] : Array.isArray(rrl.rrf) ? rrl.rrf : [rrl.rrf];
  return refs.map((ref) => {
    const r = (ref ?? {}) as Record<string, unknown>;
    return { name: String(r['nm'] ?? ''), type: Number(r['typ']), value: String(r['val'] ?? '') };
  });
}

/** What resolving a path needs of the session. */
interface PathSession {
  readonly client: Client;
  readonly cseName: string;
  resolveAddress(address: string): string;
}

/** The address of the child `reference` of the resource at `parent`: by name below a structured parent, else as the CSE gave it. */
export function referenceAddress(session: PathSession, parent: string, reference: ChildReference): string {
  return isStructured(parent, session.cseName) && reference.name !== ''
    ? childAddress(parent, reference.name)
    : session.resolveAddress(reference.value);
}

/**
 * The address of the resource at the relative `path` (`cnt` or `cnt/sub`) below the one at
 * `base`, or undefined when a segment names no child. Below a structured address this is plain
 * concatenation; below a resource ID each name is looked up in the child references.
 */
export async function resolvePath(
  session: PathSession,
  base: string,
  path: string,
  options: RequestOptions = {},
): Promise<string | undefined> {
  const segments = path.split('/').filter((s) => s !== '');
  let current = base;
  for (let i = 0; i < segments.length; i++) {
    const name = segments[i] as string;
    if (isStructured(current, session.cseName) || VIRTUAL.has(name))
      return childAddress(current, segments.slice(i).join('/'));
    const reference = (await childReferences(session.client, current, options)).find((r) => r.name === name);
    if (!reference) return undefined;
    current = referenceAddress(session, current, reference);
  }
  return current;
}
