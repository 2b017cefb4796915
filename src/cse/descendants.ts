import { FilterOperation } from '../../generated/enums/filter-operation.gen.js';
import { ResourceType } from '../../generated/enums/resource-type.gen.js';
import type { FilterCriteria } from '../../generated/types/filter-criteria.gen.js';
import { hasPrivilege } from './access-control.js';
import type { RequestContext } from './behaviour.js';
import { hasConditions, matchesFilter } from './filter.js';
import type { StoredResource } from './tree.js';

// The descendants a discovery (fu=1) or a result content with children (rcn 4, 5, 6, 8) selects:
// below `root` down to lvl, in creation order, those the originator holds `permission` on and
// that match the filter criteria, paged by ofst (1-based) and lim. Costs follow what is selected,
// not what a container holds:
// - the walk is lazy and in creation order (ResourceTree.walk), so it stops once lim results are in;
// - privileges are checked before the filter criteria, and decided once per parent for types that
//   take their access control from it (instances have no acpi): thousands of instances cost one check;
// - when the criteria require resource types (ty, with AND), resources of other types are not
//   produced and only those with children are visited (a container's instances are not looked at).

/** `permission` on a resource for `rc.originator`, remembered per parent for types that inherit it. */
function privilegeCheck(rc: RequestContext, permission: number): (resource: StoredResource) => boolean {
  const { cse, originator } = rc;
  if (cse.isAdmin(originator)) return () => true;
  const inherited = new Map<string, boolean>();
  return (resource) => {
    // Without acpi (and not an ACP, governed by its own pvs), access follows the parent and the type.
    if ('acpi' in cse.infoOf(resource).descriptor.attributes || resource.ty === ResourceType.AccessControlPolicy)
      return hasPrivilege(cse, originator, resource, permission, undefined, rc);
    const key = `${resource.ty}/${resource.pi}`;
    let allowed = inherited.get(key);
    if (allowed === undefined) {
      allowed = hasPrivilege(cse, originator, resource, permission, undefined, rc);
      inherited.set(key, allowed);
    }
    return allowed;
  };
}

/** Types a walk need not produce: those outside the criteria's ty list when every condition must hold. */
function skippedTypes(fc: FilterCriteria): ((ty: number) => boolean) | undefined {
  const wanted = fc.ty;
  if (!wanted || wanted.length === 0 || (fc.fo !== undefined && fc.fo !== FilterOperation.LogicalAND)) return undefined;
  const set = new Set<number>(wanted);
  return (ty) => !set.has(ty);
}

/**
 * The selected descendants of `root`; `relative` (a discovery's arp) replaces each match by the
 * resource at that path below it, which must exist and also grant `permission`.
 */
export function selectDescendants(
  rc: RequestContext,
  root: StoredResource,
  permission: number,
  relative?: (match: StoredResource) => StoredResource | undefined,
): StoredResource[] {
  const { cse } = rc;
  const fc: FilterCriteria = rc.request.fc ?? {};
  const allowed = privilegeCheck(rc, permission);
  const conditions = hasConditions(fc);
  const offset = (fc.ofst ?? 1) - 1;
  const limit = fc.lim ?? Number.POSITIVE_INFINITY;
  const out: StoredResource[] = [];
  if (limit <= 0) return out;
  const skipType = skippedTypes(fc);
  let skipped = 0;
  for (const resource of cse.tree.walk(root.ri, {
    ...(fc.lvl === undefined ? {} : { levels: fc.lvl }),
    ...(skipType ? { skipType } : {}),
  })) {
    if (!allowed(resource)) continue;
    if (conditions && !matchesFilter(cse, resource, fc)) continue;
    const result = relative ? relative(resource) : resource;
    if (result === undefined || (relative && !allowed(result))) continue;
    if (skipped < offset) {
      skipped++;
      continue;
    }
    out.push(result);
    if (out.length >= limit) break;
  }
  return out;
}
