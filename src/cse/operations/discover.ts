import { ResponseStatusCode } from '../../../generated/enums/response-status-code.gen.js';
import { ResultContent } from '../../../generated/enums/result-content.gen.js';
import type { FilterCriteria } from '../../../generated/types/filter-criteria.gen.js';
import { Permission } from '../access-control.js';
import { findResource, formatAddress } from '../addressing.js';
import type { RequestContext } from '../behaviour.js';
import { selectDescendants } from '../descendants.js';
import type { Outcome } from '../outcome.js';
import { childReference } from '../representation.js';
import { resultContentFor } from '../result-content.js';
import type { StoredResource } from '../tree.js';

/**
 * Discovery (RETRIEVE with fu=1, TS-0001 §10.2.6): the descendants of the target down to lvl
 * that the originator may DISCOVER and that match the filter criteria, in creation order,
 * replaced by `<match>/<arp>` when applyRelativePath is given, then paged:
 * ofst is 1-based (ofst=1 is the first result), lim caps the count. The target itself is not a
 * result. Answers m2m:uril (rcn 11, default) or m2m:rrl (rcn 6), addressed per drt.
 */
export async function discover(rc: RequestContext, root: StoredResource): Promise<Outcome> {
  const { cse, request } = rc;
  const rcn = resultContentFor('discovery', request.rcn);
  const fc: FilterCriteria = request.fc ?? {};
  const relative = fc.arp?.replace(/^\/+/, '');
  const results = selectDescendants(
    rc,
    root,
    Permission.Discovery,
    relative === undefined ? undefined : (r) => findResource(cse, `${cse.tree.structuredPath(r)}/${relative}`),
  );
  if (rcn === ResultContent.ChildResourceReferences) {
    return {
      rsc: ResponseStatusCode.OK,
      pc: { 'm2m:rrl': results.length === 0 ? {} : { rrf: results.map((r) => childReference(cse, r, request.drt)) } },
    };
  }
  return { rsc: ResponseStatusCode.OK, pc: { 'm2m:uril': results.map((r) => formatAddress(cse, r, request.drt)) } };
}
