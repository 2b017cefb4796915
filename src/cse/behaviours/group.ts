import { ResourceType } from '../../../generated/enums/resource-type.gen.js';
import { ResponseStatusCode } from '../../../generated/enums/response-status-code.gen.js';
import { hasPrivilege, Permission } from '../access-control.js';
import { findResource } from '../addressing.js';
import type { RequestContext, ResourceBehaviour } from '../behaviour.js';
import type { CseContext } from '../context.js';
import { CseError, notFound } from '../errors.js';

// <group> (TS-0001 §9.6.13, §10.2.7; ACME GroupManager.validateGroup), on create and whenever an
// update changes mid or mnm:
// - more distinct memberIDs (mid) than maxNrOfMembers (mnm) → MAX_NUMBER_OF_MEMBER_EXCEEDED (6010);
// - each member must exist on this CSE (any address form; `<group>/fopt` names a nested group's
//   fan-out point) → else NOT_FOUND (4004), and the originator must be allowed to RETRIEVE it →
//   else RECEIVER_HAS_NO_PRIVILEGE (5105), as ACME;
// - memberType (mt, default 0 = mixed) against each member's ty (a nested `/fopt` member counts
//   with its group's mt); a mismatch follows consistencyStrategy (csy): 1 ABANDON_MEMBER (the
//   default) drops the member, 2 ABANDON_GROUP refuses the request with
//   GROUP_MEMBER_TYPE_INCONSISTENT (4110), 3 SET_MIXED turns mt into 0;
// - mid is stored as resource IDs (`ri`, or `ri/fopt`), without duplicates; currentNrOfMembers
//   (cnm) counts them and memberTypeValidated (mtv) is true.
// A member that is deleted leaves the mid of every group (cnm follows), as in ACME.

const MIXED = 0;
const ABANDON_MEMBER = 1;
const SET_MIXED = 3;

/** A member entry as stored: the member's resource ID, and whether it names its fan-out point. */
export function parseMember(entry: string): { readonly id: string; readonly fanOut: boolean } {
  return entry.endsWith('/fopt') && entry.length > 5
    ? { id: entry.slice(0, -5), fanOut: true }
    : { id: entry, fanOut: false };
}

function checkMembers(rc: RequestContext, attributes: Record<string, unknown>): void {
  const { cse } = rc;
  const mid = Array.isArray(attributes['mid'])
    ? (attributes['mid'] as unknown[]).filter((m): m is string => typeof m === 'string')
    : [];
  const mnm = attributes['mnm'];
  const distinct = [...new Set(mid)];
  if (typeof mnm === 'number' && distinct.length > mnm) {
    throw new CseError(
      ResponseStatusCode.MaxNumberOfMemberExceeded,
      `the group has ${distinct.length} members (mid) but maxNrOfMembers (mnm) is ${mnm}`,
    );
  }
  let mt = typeof attributes['mt'] === 'number' ? attributes['mt'] : MIXED;
  const csy = typeof attributes['csy'] === 'number' ? attributes['csy'] : ABANDON_MEMBER;
  const kept: string[] = [];
  for (const entry of distinct) {
    const { id, fanOut } = parseMember(entry);
    const member = findResource(cse, id);
    if (!member) throw notFound(`group member ${JSON.stringify(entry)} (mid) does not exist on this CSE`);
    if (fanOut && member.ty !== ResourceType.Group)
      throw notFound(
        `group member ${JSON.stringify(entry)} (mid) names a fanOutPoint, but ${cse.tree.structuredPath(member)} is not a <group>`,
      );
    if (!hasPrivilege(cse, rc.originator, member, Permission.Retrieve)) {
      throw new CseError(
        ResponseStatusCode.ReceiverHasNoPrivilege,
        `originator ${JSON.stringify(rc.originator)} may not RETRIEVE the group member ${cse.tree.structuredPath(member)}`,
      );
    }
    const ty = fanOut ? Number(member.attributes['mt'] ?? MIXED) : member.ty;
    if (mt !== MIXED && ty !== mt) {
      if (csy === ABANDON_MEMBER) continue;
      if (csy !== SET_MIXED) {
        throw new CseError(
          ResponseStatusCode.GroupMemberTypeInconsistent,
          `group member ${cse.tree.structuredPath(member)} has type ${ty} but the group's memberType (mt) is ${mt} and its consistencyStrategy (csy) ${csy} abandons the group`,
        );
      }
      mt = MIXED;
      attributes['mt'] = MIXED;
    }
    const stored = fanOut ? `${member.ri}/fopt` : member.ri;
    if (!kept.includes(stored)) kept.push(stored);
  }
  attributes['mid'] = kept;
  attributes['cnm'] = kept.length;
  attributes['mtv'] = true;
}

/** The <group> rules for create and update. */
export const groupBehaviour: ResourceBehaviour = {
  name: 'group',
  appliesTo: (info) => info.descriptor.ty === ResourceType.Group,
  prepareCreate(rc, draft) {
    if (draft.attributes['mt'] === undefined) draft.attributes['mt'] = MIXED;
    if (draft.attributes['csy'] === undefined) draft.attributes['csy'] = ABANDON_MEMBER;
    checkMembers(rc, draft.attributes);
  },
  prepareUpdate(rc, _target, next, changes) {
    if ('mid' in changes || 'mnm' in changes) checkMembers(rc, next);
  },
};

/**
 * Removes deleted resources from the mid of every group. Listens to the resource events and
 * applies the removals in one change per burst of deletions (a subtree deletion is one burst).
 * Returns the function that stops it.
 */
export function followGroupMembers(cse: CseContext): () => void {
  // The groups are tracked so that deletions cost nothing while there are none.
  const groups = new Set(
    cse.tree
      .all()
      .filter((r) => r.ty === ResourceType.Group)
      .map((r) => r.ri),
  );
  let deleted = new Set<string>();
  const isGone = (gone: Set<string>, entry: unknown) => typeof entry === 'string' && gone.has(parseMember(entry).id);
  const apply = async (): Promise<void> => {
    const gone = deleted;
    deleted = new Set();
    const affected = [...groups]
      .map((ri) => cse.tree.get(ri))
      .filter(
        (g) =>
          g !== undefined &&
          Array.isArray(g.attributes['mid']) &&
          (g.attributes['mid'] as unknown[]).some((m) => isGone(gone, m)),
      );
    if (affected.length === 0) return;
    await cse.change(cse.options.cseId, undefined, (m) => {
      for (const group of affected) {
        const current = group && cse.tree.get(group.ri);
        if (!current) continue;
        const mid = (current.attributes['mid'] as unknown[]).filter((entry) => !isGone(gone, entry));
        m.update(current, { ...current.attributes, mid, cnm: mid.length }, ['mid', 'cnm'], 'internal');
      }
    });
  };
  return cse.events.on((event) => {
    if (event.resource.ty === ResourceType.Group) {
      if (event.type === 'created') groups.add(event.resource.ri);
      if (event.type === 'deleted') groups.delete(event.resource.ri);
    }
    if (event.type !== 'deleted' || groups.size === 0) return;
    if (deleted.size === 0) cse.background.run('removing deleted members from groups', apply);
    deleted.add(event.resource.ri);
  });
}
