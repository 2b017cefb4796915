import { ResourceType } from '../../../generated/enums/resource-type.gen.js';
import { ResponseStatusCode } from '../../../generated/enums/response-status-code.gen.js';
import { ResultContent } from '../../../generated/enums/result-content.gen.js';
import type { RequestContext, ResourceBehaviour } from '../behaviour.js';
import type { CseContext } from '../context.js';
import { badRequest, CseError, operationNotAllowed } from '../errors.js';
import type { StoredResource } from '../tree.js';

// Rules of contentInstances and timeSeriesInstances beyond the container bookkeeping
// (instance-container.ts):
// - contentInfo (cnf, TS-0004 §6.3.5.x m2m:contentInfo) is `<type>/<subtype>[:<encoding>]`, the
//   encoding 0 (none), 1 (base64 of a string) or 2 (base64 of binary data); anything else is
//   refused (`text`, `text:0`, `text/plain:9` → BAD_REQUEST), on <contentInstance> and <timeSeries>;
// - a <container> with disableRetrieval (disr) true refuses RETRIEVE of its instances, `la` and
//   `ol` included, and of itself with its children (rcn 4/5/6/8) (OPERATION_NOT_ALLOWED,
//   TS-0001 §9.6.6; as ACME's test_discoverCINwithDISRFail); discovery (fu=1) is not refused; setting it to true removes the
//   instances it holds (TS-0004 §7.4.6.2.3);
// - deletionCnt (dcnt, TS-0001 §9.6.7): each RETRIEVE of the instance counts down, and the
//   retrieve that reaches 0 deletes it (the response still carries it);
// - a <timeSeriesInstance>'s dataGenerationTime (dgt) is unique in its <timeSeries>: a second
//   one with the same dgt is a CONFLICT (4105), as the missing-data detection keys on it.

const CONTENT_INFO = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+(?::[0-2])?$/;

function checkContentInfo(cnf: unknown): void {
  if (cnf === undefined || cnf === null) return;
  if (typeof cnf !== 'string' || !CONTENT_INFO.test(cnf))
    throw badRequest(
      `attribute 'cnf' (contentInfo) ${JSON.stringify(cnf)} must be <type>/<subtype> with an optional :<encoding> of 0 (plain), 1 (base64 string) or 2 (base64 binary), e.g. text/plain:0`,
    );
}

/**
 * Whether RETRIEVE of `resource` is refused because its container disables retrieval: an instance
 * of it, or the container itself with a result content that includes its children (rcn 4, 5, 6,
 * 8), which would show the instances (or their references) too.
 */
export function checkRetrievalAllowed(cse: CseContext, resource: StoredResource, rcn?: number): void {
  if (
    resource.ty === ResourceType.Container &&
    resource.attributes['disr'] === true &&
    rcn !== undefined &&
    rcn !== ResultContent.Attributes &&
    rcn !== ResultContent.Nothing
  )
    throw operationNotAllowed(
      `${cse.tree.structuredPath(resource)} has disableRetrieval (disr) true; its children cannot be retrieved (rcn ${rcn}); use rcn=1 for its attributes`,
    );
  if (resource.ty !== ResourceType.ContentInstance) return;
  const parent = cse.tree.parent(resource);
  if (parent?.ty === ResourceType.Container && parent.attributes['disr'] === true)
    throw operationNotAllowed(
      `${cse.tree.structuredPath(parent)} has disableRetrieval (disr) true; its contentInstances cannot be retrieved`,
    );
}

/** After a successful RETRIEVE of an instance with deletionCnt: counts down, deletes it at 0. */
export async function countRetrieval(rc: RequestContext, resource: StoredResource): Promise<void> {
  const dcnt = resource.attributes['dcnt'];
  if (resource.ty !== ResourceType.ContentInstance || typeof dcnt !== 'number') return;
  await rc.cse.change(rc.originator, rc.request, (m) => {
    const current = rc.cse.tree.get(resource.ri);
    if (!current) return;
    const left = (current.attributes['dcnt'] as number) - 1;
    if (left <= 0) m.delete(current, 'internal');
    else m.update(current, { ...current.attributes, dcnt: left }, ['dcnt'], 'internal');
  });
}

function sameInstant(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && a.replace(',', '.') === b.replace(',', '.');
}

/** contentInfo syntax, disableRetrieval, dataGenerationTime uniqueness. */
export const contentInstanceRules: ResourceBehaviour = {
  name: 'content instance rules',
  appliesTo: (info) =>
    [
      ResourceType.ContentInstance,
      ResourceType.TimeSeries,
      ResourceType.TimeSeriesInstance,
      ResourceType.Container,
    ].includes(info.descriptor.ty as 4),
  prepareCreate(rc, draft, parent) {
    checkContentInfo(draft.attributes['cnf']);
    if (draft.info.descriptor.ty !== ResourceType.TimeSeriesInstance) return;
    const dgt = draft.attributes['dgt'];
    if (dgt === undefined) return;
    for (const sibling of rc.cse.tree.childrenOfType(parent.ri, ResourceType.TimeSeriesInstance).values()) {
      if (sameInstant(sibling.attributes['dgt'], dgt))
        throw new CseError(
          ResponseStatusCode.Conflict,
          `${rc.cse.tree.structuredPath(parent)} already has an instance with dataGenerationTime (dgt) ${String(dgt)} (${sibling.attributes['rn']})`,
        );
    }
  },
  prepareUpdate(_rc, _base, _next, changes) {
    checkContentInfo(changes['cnf']);
  },
  updated(m, resource, previous) {
    if (resource.ty !== ResourceType.Container) return;
    if (resource.attributes['disr'] !== true || previous.attributes['disr'] === true) return;
    for (const instance of [...m.cse.tree.childrenOfType(resource.ri, ResourceType.ContentInstance).values()])
      m.delete(instance, 'internal');
  },
};
