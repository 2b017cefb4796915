import { Operation } from '../../../generated/enums/operation.gen.js';
import { checkPrivilege, Permission } from '../access-control.js';
import type { RequestContext } from '../behaviour.js';
import { notFound, operationNotAllowed } from '../errors.js';
import { type Instances, instancesOf, isInstanceContainer } from '../behaviours/instance-container.js';
import { deleteResource } from '../operations/delete.js';
import { retrieveResource } from '../operations/retrieve.js';
import type { Outcome } from '../outcome.js';
import type { StoredResource } from '../tree.js';
import type { VirtualResource } from '../virtual.js';

// <latest> and <oldest> (TS-0001 §9.6.27/§9.6.28; digest §12.3): virtual children `la` and `ol`
// of containers, timeSeries and flexContainers. RETRIEVE and DELETE act on the newest or oldest
// instance (with that instance's access control, which is the container's: checked before
// looking for an instance, so that an empty container reveals nothing); CREATE, UPDATE and NOTIFY are
// OPERATION_NOT_ALLOWED; an empty container answers NOT_FOUND.

function instanceVirtual(
  name: 'la' | 'ol',
  pick: (instances: Instances) => StoredResource | undefined,
): VirtualResource {
  return {
    name,
    appliesTo: (_parent, info) => isInstanceContainer(info),
    async handle(rc: RequestContext, parent: StoredResource, rest: readonly string[]): Promise<Outcome> {
      const { cse, request } = rc;
      const path = `${cse.tree.structuredPath(parent)}/${name}`;
      if (rest.length > 0) throw notFound(`${path} has no children; ${rest.join('/')} does not exist`);
      if (request.op !== Operation.Retrieve && request.op !== Operation.Delete) {
        throw operationNotAllowed(`${path} is a virtual resource; only RETRIEVE and DELETE are allowed on it`);
      }
      // Instances take their access control from the container: checked first, so that an empty
      // container answers 4004 only to those who may see its instances.
      checkPrivilege(
        cse,
        rc.originator,
        parent,
        request.op === Operation.Retrieve ? Permission.Retrieve : Permission.Delete,
      );
      const instance = pick(instancesOf(cse, parent));
      if (!instance) throw notFound(`${path}: ${cse.tree.structuredPath(parent)} has no instances`);
      return request.op === Operation.Retrieve ? retrieveResource(rc, instance) : deleteResource(rc, instance);
    },
  };
}

/** `<container>/la`: the newest instance. */
export const latestInstance = instanceVirtual('la', (instances) => instances.latest);
/** `<container>/ol`: the oldest instance. */
export const oldestInstance = instanceVirtual('ol', (instances) => instances.oldest);
