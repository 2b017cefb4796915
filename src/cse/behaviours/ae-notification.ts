import { ResourceType } from '../../../generated/enums/resource-type.gen.js';
import { ResponseStatusCode } from '../../../generated/enums/response-status-code.gen.js';
import { checkPrivilege, Permission } from '../access-control.js';
import type { ResourceBehaviour } from '../behaviour.js';
import { DeliveryError } from '../delivery.js';
import { badRequest, CseError } from '../errors.js';

// NOTIFY to an <AE> (TS-0004 §7.3.3.x, §7.4.5: the AE is the receiver of the notification): the
// CSE passes the request on to the AE, at its pointOfAccess or through its <pollingChannel>, with
// the original originator, and answers with the AE's response (rsc and content). The originator
// needs NOTIFY privilege on the <AE>. An AE that cannot be reached is TARGET_NOT_REACHABLE (5103);
// one served by a polling channel gets the request queued, answered 2000 at once.

export const aeNotification: ResourceBehaviour = {
  name: 'notification to an AE',
  appliesTo: (info) => info.descriptor.ty === ResourceType.AE,
  async notify(rc, target) {
    const { cse, request } = rc;
    if (request.pc === undefined) throw badRequest('a NOTIFY needs content, e.g. {"m2m:sgn": {...}}');
    checkPrivilege(cse, rc.originator, target, Permission.Notify, undefined, rc);
    const aei = String(target.attributes['aei'] ?? target.ri);
    try {
      const result = await cse.delivery.deliver(aei, request.pc, {
        ...(request.fr ? { fr: request.fr } : {}),
        ...(request.rvi ? { rvi: request.rvi } : {}),
      });
      if (result.kind === 'queued') return { rsc: ResponseStatusCode.OK };
      const { rsc, pc } = result.response;
      return { rsc, ...(pc === undefined ? {} : { pc }) };
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      throw new CseError(
        ResponseStatusCode.TargetNotReachable,
        `the notification could not be passed on to ${cse.tree.structuredPath(target)}: ${error.message}`,
      );
    }
  },
};
