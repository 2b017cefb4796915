import { ResponseStatusCode } from '../../../generated/enums/response-status-code.gen.js';
import { ResultContent } from '../../../generated/enums/result-content.gen.js';
import type { FilterCriteria } from '../../../generated/types/filter-criteria.gen.js';
import { Permission } from '../access-control.js';
import { findResource, formatAddress } from '../addressing.js';
import { instancesOf, isInstanceContainer } from '../behaviours/instance-container.js';
import type { RequestContext } from '../behaviour.js';
import { selectDescendants } from '../descendants.js';
import type { Outcome } from '../outcome.js';
import { childReference } from '../representation.js';
import { resultContentFor } from '../result-content.js';
import type { StoredResource } from '../tree.js';

/**
 * The resource `<match>/<arp>` names: a stored one, or the instance the virtual `la` / `ol` of a
 * container stands for (TS-0004 §7.3.3.17 applyRelativePath, e.g. arp=la finds the latest instances).
 */
function applyRelativePath(rc: RequestContext, match: StoredResource, relative: string): StoredResource | undefined {
  const { cse } = rc;
  const path = `${cse.tree.structuredPath(match)}/${relative}`;
  const found = findResource(cse, path);
  if (found) return found;
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  if (name !== 'la' && name !== 'ol') return undefined;
  const container = findResource(cse, path.slice(0, slash));
  if (!container || !isInstanceContainer(cse.infoOf(container))) return undefined;
  const instances = instancesOf(cse, container);
  return name === 'la' ? instances.latest : instances.oldest;
}

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
    relative === undefined ? undefined : (r) => applyRelativePath(rc, r, relative),
  );
  if (rcn === ResultContent.ChildResourceReferences) {
    return {
      rsc: ResponseStatusCode.OK,
      pc: { 'm2m:rrl': results.length === 0 ? {} : { rrf: results.map((r) => childReference(cse, r, request.drt)) } },
    };
  }
  return { rsc: ResponseStatusCode.OK, pc: { 'm2m:uril': results.map((r) => formatAddress(cse, r, request.drt)) } };
}
