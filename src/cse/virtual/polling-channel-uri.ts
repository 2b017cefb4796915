import { Operation } from '../../../generated/enums/operation.gen.js';
import { ResourceType } from '../../../generated/enums/resource-type.gen.js';
import { ResponseStatusCode } from '../../../generated/enums/response-status-code.gen.js';
import type { AbsRelTimestamp } from '../../primitives/request.js';
import type { ResponsePrimitive } from '../../primitives/response.js';
import type { RequestContext } from '../behaviour.js';
import { badRequest, CseError, noPrivilege, notFound, operationNotAllowed } from '../errors.js';
import type { Outcome } from '../outcome.js';
import { parseTimestamp } from '../time.js';
import type { StoredResource } from '../tree.js';
import type { VirtualResource } from '../virtual.js';

// <pollingChannelURI> `pcu` (TS-0001 §9.6.22, §10.2.5.x; digest §12.6; ACME PCH_PCU): the
// virtual child of a <pollingChannel> through which an AE that is not request-reachable (rr=false)
// receives the requests meant for it (notifications, results of its non-blocking requests).
// - RETRIEVE answers OK (2000) with the oldest queued request as {"m2m:rqp": {op, to, fr, rqi,
//   rvi, ot, pc}} at once, or waits until one arrives (long polling) for as long as the request's
//   expiration (rqet: a timestamp or a relative number of milliseconds) allows, else for the
//   CSE's pollingTimeoutMs; nothing in time → REQUEST_TIMEOUT (4008). With the channel's
//   requestAggregation (rqag) true, every queued request comes at once as
//   {"m2m:agrp": [<request primitive>, ...]} (ACME's form; the spec's name is unverified).
// - NOTIFY carries the AE's response to a request it polled: {"m2m:rsp": {rsc, rqi, ...}} →
//   OK (2000), kept by rqi (anything else → BAD_REQUEST). Delivery through a polling channel does
//   not wait for these responses: a queued verification request counts as verified (as ACME).
// - Only the AE that owns the channel's parent may use its pcu; anyone else (the admin too) gets
//   ORIGINATOR_HAS_NO_PRIVILEGE (4103). CREATE, UPDATE, DELETE → OPERATION_NOT_ALLOWED (4005).

/** Milliseconds until a request expiration (rqet), or undefined when none was given. */
function untilExpiration(rqet: AbsRelTimestamp | undefined, now: number): number | undefined {
  if (rqet === undefined) return undefined;
  if (typeof rqet === 'number') return rqet;
  const at = parseTimestamp(rqet);
  if (at === undefined)
    throw badRequest(
      `request expiration (rqet; HTTP X-M2M-RET) ${JSON.stringify(rqet)} is neither a oneM2M timestamp nor a number of milliseconds`,
    );
  return at - now;
}

/** `<pollingChannel>/pcu`. */
export const pollingChannelUri: VirtualResource = {
  name: 'pcu',
  appliesTo: (_parent, info) => info.descriptor.ty === ResourceType.PollingChannel,
  async handle(rc: RequestContext, channel: StoredResource, rest: readonly string[]): Promise<Outcome> {
    const { cse, request } = rc;
    const path = `${cse.tree.structuredPath(channel)}/pcu`;
    if (rest.length > 0) throw notFound(`${path} has no children; ${rest.join('/')} does not exist`);
    const owner = cse.tree.parent(channel);
    if (!owner || rc.originator !== owner.owner) {
      throw noPrivilege(
        `only the owner of ${owner ? cse.tree.structuredPath(owner) : 'the polling channel'} may use ${path}; originator ${JSON.stringify(rc.originator)} may not`,
      );
    }
    if (request.op === Operation.Retrieve) {
      const wait = untilExpiration(request.rqet, cse.now()) ?? cse.options.pollingTimeoutMs;
      const queued = await cse.pollingQueues.take(owner.ri, wait, rc.signal);
      if (!queued)
        throw new CseError(
          ResponseStatusCode.RequestTimeout,
          `no request for ${owner.ri} arrived at ${path} within ${Math.max(0, wait)} ms`,
        );
      if (cse.tree.get(channel.ri)?.attributes['rqag'] === true)
        return { rsc: ResponseStatusCode.OK, pc: { 'm2m:agrp': [queued, ...cse.pollingQueues.drain(owner.ri)] } };
      return { rsc: ResponseStatusCode.OK, pc: { 'm2m:rqp': queued } };
    }
    if (request.op === Operation.Notify) {
      const response = request.pc?.['m2m:rsp'] as ResponsePrimitive | undefined;
      if (
        !response ||
        typeof response !== 'object' ||
        typeof response.rsc !== 'number' ||
        typeof response.rqi !== 'string'
      ) {
        throw badRequest(
          `a NOTIFY to ${path} carries the response to a polled request: {"m2m:rsp": {"rsc": 2000, "rqi": "<its rqi>", ...}}`,
        );
      }
      cse.pollingQueues.recordResponse(response);
      return { rsc: ResponseStatusCode.OK };
    }
    throw operationNotAllowed(
      `${path} is a virtual resource; only RETRIEVE (poll) and NOTIFY (response) are allowed on it`,
    );
  },
};
