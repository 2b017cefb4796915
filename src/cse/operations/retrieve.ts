import { FilterUsage } from '../../../generated/enums/filter-usage.gen.js';
import { Operation } from '../../../generated/enums/operation.gen.js';
import { ResponseStatusCode } from '../../../generated/enums/response-status-code.gen.js';
import { ResultContent } from '../../../generated/enums/result-content.gen.js';
import type { FilterCriteria } from '../../../generated/types/filter-criteria.gen.js';
import type { PrimitiveContent } from '../../primitives/content.js';
import { attributeRestriction, checkPrivilege, Permission } from '../access-control.js';
import type { RequestContext } from '../behaviour.js';
import { badRequest, notFound } from '../errors.js';
import { selectDescendants } from '../descendants.js';
import { checkAttributeConditions, checkFilterCriteria, hasConditions, matchesFilter } from '../filter.js';
import type { Outcome } from '../outcome.js';
import { attributesOf, childReference, nestDescendants, selectAttributes, wrap } from '../representation.js';
import { resultContentFor } from '../result-content.js';
import type { StoredResource } from '../tree.js';
import { checkRetrievalAllowed, countRetrieval } from '../behaviours/content-instance.js';
import { discover } from './discover.js';

/**
 * The descendants a result content includes (rcn 4, 5, 6, 8): down to lvl (default all levels),
 * those matching the filter criteria and readable by the originator, in creation order, then paged
 * by ofst/lim.
 */
export function includedDescendants(
  rc: RequestContext,
  resource: StoredResource,
  permission: number,
): StoredResource[] {
  return selectDescendants(rc, resource, permission);
}

/** The content for rcn 1, 4, 5, 6 and 8 on a resource (shared by RETRIEVE and DELETE). */
export function resourceContent(rc: RequestContext, resource: StoredResource, rcn: number): PrimitiveContent {
  const { cse, request } = rc;
  switch (rcn) {
    case ResultContent.AttributesAndChildResources:
      return wrap(
        resource,
        nestDescendants(
          cse,
          resource,
          attributesOf(cse, resource),
          includedDescendants(rc, resource, Permission.Retrieve),
        ),
      );
    case ResultContent.ChildResources:
      return wrap(resource, nestDescendants(cse, resource, {}, includedDescendants(rc, resource, Permission.Retrieve)));
    case ResultContent.AttributesAndChildResourceReferences:
      return wrap(resource, {
        ...attributesOf(cse, resource),
        ch: includedDescendants(rc, resource, Permission.Retrieve).map((r) => childReference(cse, r, request.drt)),
      });
    case ResultContent.ChildResourceReferences: {
      // No children: an rrl without rrf (XML cannot write an empty list; TS-0004 §8.3.1).
      const rrf = includedDescendants(rc, resource, Permission.Retrieve).map((r) =>
        childReference(cse, r, request.drt),
      );
      return { 'm2m:rrl': rrf.length === 0 ? {} : { rrf } };
    }
    default:
      return wrap(resource, attributesOf(cse, resource));
  }
}

/** RETRIEVE (TS-0004 §7.3.3.x) of a stored resource, including discovery (fu=1) below it. */
export async function retrieveResource(rc: RequestContext, resource: StoredResource): Promise<Outcome> {
  const { cse, request } = rc;
  const fc: FilterCriteria = request.fc ?? {};
  checkFilterCriteria(fc);
  checkAttributeConditions(cse, fc);
  if (fc.fu === FilterUsage.Discovery) return discover(rc, resource);
  if (fc.fu !== undefined && fc.fu !== FilterUsage.ConditionalOperation)
    throw badRequest(`fu=${fc.fu} is not supported; use 1 (discovery) or 2 (conditional retrieval)`);
  const rcn = resultContentFor(Operation.Retrieve, request.rcn);
  checkPrivilege(cse, rc.originator, resource, Permission.Retrieve, undefined, rc);
  checkRetrievalAllowed(cse, resource, rcn);
  const outcome = retrieved(rc, resource, rcn, fc);
  await countRetrieval(rc, resource);
  return outcome;
}

function retrieved(rc: RequestContext, resource: StoredResource, rcn: number, fc: FilterCriteria): Outcome {
  const { cse, request } = rc;
  if (rcn === ResultContent.Attributes) {
    // Conditional retrieval: the target itself must satisfy the conditions.
    if (hasConditions(fc) && !matchesFilter(cse, resource, fc))
      throw notFound(`${cse.tree.structuredPath(resource)} does not match the filter criteria`);
    const all = attributesOf(cse, resource);
    // Privileges limited to some attributes (aca) show only those.
    const allowed = attributeRestriction(cse, rc.originator, resource, Permission.Retrieve, rc);
    const attributes = allowed ? selectAttributes(all, [...allowed]) : all;
    if (request.atrl && request.atrl.length > 0) {
      const unknown = request.atrl.filter(
        (name) => !(name in cse.infoOf(resource).descriptor.attributes) && name !== 'ctm',
      );
      if (unknown.length > 0)
        throw badRequest(
          `atrl names ${unknown.map((n) => `'${n}'`).join(', ')}, not attributes of ${resource.typeName}`,
        );
      return { rsc: ResponseStatusCode.OK, pc: wrap(resource, selectAttributes(attributes, request.atrl)) };
    }
    return { rsc: ResponseStatusCode.OK, pc: wrap(resource, attributes) };
  }
  if (request.atrl && request.atrl.length > 0)
    throw badRequest(`a partial retrieve (atrl) needs rcn=1, not rcn=${rcn}`);
  return { rsc: ResponseStatusCode.OK, pc: resourceContent(rc, resource, rcn) };
}
