import { FilterUsage } from '../../../generated/enums/filter-usage.gen.js';
import { Operation } from '../../../generated/enums/operation.gen.js';
import { ResourceType } from '../../../generated/enums/resource-type.gen.js';
import { ResponseStatusCode } from '../../../generated/enums/response-status-code.gen.js';
import type { RequestPrimitive } from '../../primitives/request.js';
import type { ResponsePrimitive } from '../../primitives/response.js';
import { checkPrivilege, Permission, policiesGrant } from '../access-control.js';
import type { RequestContext } from '../behaviour.js';
import { parseMember } from '../behaviours/group.js';
import { execute } from '../dispatcher.js';
import { badRequest, noPrivilege } from '../errors.js';
import type { Outcome } from '../outcome.js';
import type { StoredResource } from '../tree.js';
import type { VirtualResource } from '../virtual.js';

// <fanOutPoint> (TS-0001 §9.6.14, §10.2.7.6-10; digest §12.4; ACME GroupManager.foptRequest): any
// operation sent to `<group>/fopt` or `<group>/fopt/<relative path>` is executed for every member
// (mid), at the member's address plus the relative path, with the original originator, so each
// member's own access control applies. The answer is always OK (2000) with
// {"m2m:agr": {"m2m:rsp": [...]}}, one response per member in mid order:
// {rsc, rqi, pc, fr: the member's SP-relative ID, to: the originator, rvi}.
// The originator needs the operation's privilege on the fanOutPoint: from the policies in the
// group's membersAccessControlPolicyIDs (macp) when it has some, else the group's own access
// control. Members are addressed in parallel. Nested fan-out (a member `<group>/fopt`) is followed
// up to MAX_DEPTH levels. Not implemented: rset/aggregation time limits (4008) and
// notification aggregation (nar).

const MAX_DEPTH = 8;
const depthOf = new WeakMap<RequestPrimitive, number>();

function permissionFor(request: RequestPrimitive): number {
  switch (request.op) {
    case Operation.Create:
      return Permission.Create;
    case Operation.Update:
      return Permission.Update;
    case Operation.Delete:
      return Permission.Delete;
    case Operation.Notify:
      return Permission.Notify;
    default:
      return request.fc?.fu === FilterUsage.Discovery ? Permission.Discovery : Permission.Retrieve;
  }
}

function checkFanOutPrivilege(rc: RequestContext, group: StoredResource): void {
  const { cse, request } = rc;
  const permission = permissionFor(request);
  const macp = group.attributes['macp'];
  if (Array.isArray(macp) && macp.length > 0) {
    if (!policiesGrant(cse, macp, rc.originator, permission, ResourceType.Group, request.ty)) {
      throw noPrivilege(
        `originator ${JSON.stringify(rc.originator)} has no privilege for this operation on ${cse.tree.structuredPath(group)}/fopt by the group's membersAccessControlPolicyIDs (macp)`,
      );
    }
    return;
  }
  checkPrivilege(cse, rc.originator, group, permission, request.op === Operation.Create ? request.ty : undefined);
}

/** `<group>/fopt`. */
export const fanOutPoint: VirtualResource = {
  name: 'fopt',
  appliesTo: (_parent, info) => info.descriptor.ty === ResourceType.Group,
  async handle(rc: RequestContext, group: StoredResource, rest: readonly string[]): Promise<Outcome> {
    const { cse, request } = rc;
    const depth = (depthOf.get(request) ?? 0) + 1;
    if (depth > MAX_DEPTH)
      throw badRequest(
        `${cse.tree.structuredPath(group)}/fopt: group fan-out nested deeper than ${MAX_DEPTH} levels (does a group contain its own fanOutPoint?)`,
      );
    checkFanOutPrivilege(rc, group);
    const members = (Array.isArray(group.attributes['mid']) ? group.attributes['mid'] : []).filter(
      (m): m is string => typeof m === 'string',
    );
    const { rt: _rt, ...base } = request;
    const responses = await Promise.all(
      members.map(async (entry): Promise<ResponsePrimitive> => {
        const { id, fanOut } = parseMember(entry);
        const member = cse.tree.get(id);
        const address = member ? cse.tree.structuredPath(member) : id;
        const to = [address, ...(fanOut ? ['fopt'] : []), ...rest].join('/');
        const memberRequest: RequestPrimitive = { ...base, to };
        depthOf.set(memberRequest, depth);
        const outcome = await execute(cse, memberRequest);
        return {
          rsc: outcome.rsc,
          rqi: request.rqi,
          ...(outcome.pc === undefined ? {} : { pc: outcome.pc }),
          fr: `${cse.options.cseId}/${entry}`,
          ...(request.fr ? { to: request.fr } : {}),
          ...(request.rvi === undefined ? {} : { rvi: request.rvi }),
        };
      }),
    );
    return { rsc: ResponseStatusCode.OK, pc: { 'm2m:agr': { 'm2m:rsp': responses } } };
  },
};
