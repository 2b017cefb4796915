import { Operation } from '../../../generated/enums/operation.gen.js';
import type { RequestContext } from '../behaviour.js';
import { notFound, operationNotAllowed } from '../errors.js';
import { isInstanceContainer, isInstanceOf } from '../behaviours/instance-container.js';
import { deleteResource } from '../operations/delete.js';
import { retrieveResource } from '../operations/retrieve.js';
import type { Outcome } from '../outcome.js';
import type { StoredResource } from '../tree.js';
import type { VirtualResource } from '../virtual.js';

// <latest> and <oldest> (TS-0001 §9.6.27/§9.6.28; digest §12.3): virtual children `la` and `ol`
// of containers, timeSeries and flexContainers. RETRIEVE and DELETE act on the newest or oldest
// instance (with that instance's access control); CREATE, UPDATE and NOTIFY are
// OPERATION_NOT_ALLOWED; an empty container answers NOT_FOUND.

function instanceVirtual(
  name: 'la' | 'ol',
  pick: (instances: StoredResource[]) => StoredResource | undefined,
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
      const info = cse.infoOf(parent);
      const instances = cse.tree.children(parent.ri).filter((child) => isInstanceOf(info, cse.infoOf(child)));
      const instance = pick(instances);
      if (!instance) throw notFound(`${path}: ${cse.tree.structuredPath(parent)} has no instances`);
      return request.op === Operation.Retrieve ? retrieveResource(rc, instance) : deleteResource(rc, instance);
    },
  };
}

/** `<container>/la`: the newest instance. */
export const latestInstance = instanceVirtual('la', (instances) => instances[instances.length - 1]);
/** `<container>/ol`: the oldest instance. */
export const oldestInstance = instanceVirtual('ol', (instances) => instances[0]);
