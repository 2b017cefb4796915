import { Operation } from '../../../generated/enums/operation.gen.js';
import { ResourceType } from '../../../generated/enums/resource-type.gen.js';
import { ResponseStatusCode } from '../../../generated/enums/response-status-code.gen.js';
import { ResultContent } from '../../../generated/enums/result-content.gen.js';
import { checkPrivilege, Permission } from '../access-control.js';
import type { RequestContext } from '../behaviour.js';
import { notFound, operationNotAllowed } from '../errors.js';
import type { Outcome } from '../outcome.js';
import { resultContentFor } from '../result-content.js';
import type { StoredResource } from '../tree.js';
import { resourceContent } from './retrieve.js';

/** DELETE (TS-0004 §7.3.5.x): removes the resource and its whole subtree. */
export async function deleteResource(rc: RequestContext, target: StoredResource): Promise<Outcome> {
  const { cse, request } = rc;
  const rcn = resultContentFor(Operation.Delete, request.rcn);
  const { descriptor } = cse.infoOf(target);
  if (target.ty === ResourceType.CSEBase || !descriptor.operations.delete) {
    throw operationNotAllowed(`${descriptor.name} (${descriptor.typeName}) cannot be deleted by a request`);
  }
  checkPrivilege(cse, rc.originator, target, Permission.Delete, undefined, rc);
  // The content describes the resource as it was, so it is built before the deletion.
  const pc = rcn === ResultContent.Nothing ? undefined : resourceContent(rc, target, rcn);
  await cse.change(rc.originator, request, (m) => {
    const current = cse.tree.get(target.ri);
    if (!current) throw notFound(`${target.ri} was deleted by another request`);
    m.delete(current);
  });
  // The deletion notices (su) of the subscriptions removed are sent before the answer, as ACME
  // does: TS-0001 §10.2.11.14 does not order them, and a subscriber may read its notice at once.
  await cse.deletionNotices.settled();
  return { rsc: ResponseStatusCode.Deleted, ...(pc === undefined ? {} : { pc }) };
}
