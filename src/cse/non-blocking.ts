import { ResourceType } from '../../generated/enums/resource-type.gen.js';
import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import { ResponseType } from '../../generated/enums/response-type.gen.js';
import type { RequestPrimitive } from '../primitives/request.js';
import { FilterUsage } from '../../generated/enums/filter-usage.gen.js';
import { Operation } from '../../generated/enums/operation.gen.js';
import { checkPrivilege, Permission } from './access-control.js';
import { normalizeOriginator, resolveTarget } from './addressing.js';
import { jsonByteLength } from './content-size.js';
import type { CseContext } from './context.js';
import { DeliveryError } from './delivery.js';
import { CseError } from './errors.js';
import { newResourceId, newResourceName } from './ids.js';
import type { Outcome } from './outcome.js';
import { absRelInstant } from './request-timing.js';
import { formatTimestamp } from './time.js';

// Non-blocking requests (TS-0001 §8.2.2, TS-0004 §7.3.2.2; digest §12.5; ACME
// RequestManager._handleNonBlockingRequest):
// - rt=1 nonBlockingRequestSynch / rt=2 nonBlockingRequestAsynch: the CSE creates a <request>
//   resource (ty 17) under the CSEBase, owned by the originator (so it may retrieve and delete
//   it), and answers at once 1001 / 1002 with {"m2m:uri": "<its resource ID>"} (as ACME).
//   The <request> holds op, tg (target), org (originator), rid (request ID), mi (the request's
//   meta information), pc, and rs 3 PENDING; it expires at the request's rset, else after
//   requestLifetimeSeconds.
// - Then the operation runs as a blocking request would; the <request> gets rs 1 COMPLETED (any
//   response below 3000) or 2 FAILED and ors {rsc, rqi, pc, to: originator, fr: CSE-ID, ot}.
// - rt=2 also sends a NOTIFY {"m2m:rsp": {rsc, rqi, pc, to, fr, rvi}} to each notification URI
//   of the request (rt.nu; HTTP X-M2M-RTU), or to the originator when there are none (an AE-ID
//   resolves to its poa or polling channel). Undeliverable results are logged.
// flexBlocking (4) and noResponse (5) are answered as blocking requests.
//
// Admission, before anything is stored (so that nobody can fill the CSE with <request>s): the
// content passed the request checks (plain data, depth); the originator is registered (an <AE>,
// a <remoteCSE>, the admin or this CSE; else ORIGINATOR_HAS_NOT_REGISTERED 4106), except for an
// AE registration; the target exists (else 4004); the originator holds the privilege the
// operation needs on a stored target (else 4103; discovery results are filtered later as in a
// blocking request; virtual targets check when they run); and the originator's <request>
// resources stay within maxRequestsPerOriginator and maxRequestBytesPerOriginator (their
// content's JSON size), else NOT_ACCEPTABLE 5207 until some are deleted or expire.

const PENDING = 3;
const COMPLETED = 1;
const FAILED = 2;

/** Request members copied into the <request>'s metaInformation (mi). */
const META_MEMBERS = [
  'ty',
  'ot',
  'rqet',
  'rset',
  'oet',
  'rt',
  'rp',
  'rcn',
  'da',
  'gid',
  'fc',
  'drt',
  'ec',
  'vsi',
  'rids',
  'tids',
  'ltids',
  'tqi',
  'asi',
  'auri',
  'sqi',
  'tkns',
] as const;

/** Whether a request asks to be handled non-blocking (rt 1 or 2). */
export function isNonBlocking(request: RequestPrimitive): boolean {
  const rtv = request.rt?.rtv;
  return (
    rtv === ResponseType.NonBlockingRequestSynch ||
    rtv === ResponseType.NonBlockingRequestAsynch ||
    isFlexAsynch(request)
  );
}

/**
 * flexBlocking (rt=4, TS-0004 §8.2.2): the receiver chooses. This CSE answers blocking, unless the
 * request names where the result should go (rt.nu, HTTP X-M2M-RTU): then as non-blocking asynch.
 */
function isFlexAsynch(request: RequestPrimitive): boolean {
  return request.rt?.rtv === ResponseType.FlexBlocking && (request.rt.nu?.length ?? 0) > 0;
}

/** Milliseconds since the epoch of a result expiration (rset: timestamp, relative ms or ISO duration). */
function resultExpiration(rset: RequestPrimitive['rset'], now: number): number | undefined {
  return rset === undefined ? undefined : absRelInstant('result expiration (rset; HTTP X-M2M-RST)', rset, now);
}

function isRegistered(cse: CseContext, originator: string): boolean {
  if (cse.isAdmin(originator)) return true;
  const entity = cse.tree.get(originator.startsWith('/') ? originator.slice(1) : originator);
  return entity !== undefined && (entity.ty === ResourceType.AE || entity.ty === ResourceType.RemoteCSE);
}

const PERMISSIONS: Readonly<Record<number, number>> = {
  [Operation.Create]: Permission.Create,
  [Operation.Retrieve]: Permission.Retrieve,
  [Operation.Update]: Permission.Update,
  [Operation.Delete]: Permission.Delete,
  [Operation.Notify]: Permission.Notify,
};

/** Refuses a non-blocking request that could not succeed or that its originator may not queue (see above). */
function admit(cse: CseContext, request: RequestPrimitive, originator: string): void {
  const registration = request.op === Operation.Create && request.ty === ResourceType.AE;
  if (!registration && !isRegistered(cse, originator))
    throw new CseError(
      ResponseStatusCode.OriginatorHasNotRegistered,
      `originator ${JSON.stringify(originator)} is not registered with this CSE; register an <AE> before sending non-blocking requests`,
    );
  const target = resolveTarget(cse, request.to);
  if (target.kind !== 'resource') return;
  const discovery = request.op === Operation.Retrieve && request.fc?.fu === FilterUsage.Discovery;
  const permission = PERMISSIONS[request.op];
  if (!discovery && permission !== undefined)
    checkPrivilege(
      cse,
      originator,
      target.resource,
      permission,
      request.op === Operation.Create ? request.ty : undefined,
    );
}

/** Throws 5207 when `originator` already holds as many <request>s (or content bytes) as allowed. */
function checkQuota(cse: CseContext, originator: string, bytes: number): void {
  const { maxRequestsPerOriginator: most, maxRequestBytesPerOriginator: mostBytes } = cse.options;
  let count = 0;
  let held = 0;
  for (const req of cse.tree.childrenOfType(cse.tree.root.ri, ResourceType.Request).values()) {
    if (req.owner !== originator) continue;
    count++;
    held += jsonByteLength(req.attributes['pc'] ?? null);
  }
  if (count >= most || held + bytes > mostBytes)
    throw new CseError(
      ResponseStatusCode.NotAcceptable,
      `originator ${JSON.stringify(originator)} holds ${count} <request> resources (${held} bytes of content); the limit is ${most} <request> resources and ${mostBytes} bytes per originator. Retrieve the results and delete their <request> resources, or wait until they expire`,
    );
}

/**
 * Acknowledges a non-blocking request with a new <request> resource and runs it (through `run`)
 * in the background, recording the result there (and, for rt=2, notifying it).
 */
export async function acceptNonBlocking(
  cse: CseContext,
  request: RequestPrimitive,
  run: (request: RequestPrimitive) => Promise<Outcome>,
): Promise<Outcome> {
  const asynch = request.rt?.rtv === ResponseType.NonBlockingRequestAsynch || isFlexAsynch(request);
  const originator = normalizeOriginator(cse, request.fr);
  admit(cse, request, originator);
  const bytes = request.pc === undefined ? 0 : jsonByteLength(request.pc);
  const now = cse.now();
  const expires = resultExpiration(request.rset, now) ?? now + cse.options.requestLifetimeSeconds * 1000;
  const mi: Record<string, unknown> = { rvi: request.rvi ?? '4' };
  for (const member of META_MEMBERS) if (request[member] !== undefined) mi[member] = request[member];
  let ri = newResourceId('REQ');
  while (cse.tree.get(ri)) ri = newResourceId('REQ');
  const time = formatTimestamp(now);
  const root = cse.tree.root;
  await cse.change(originator, request, (m) => {
    // Inside the change: counted and created in one step, so concurrent requests cannot overshoot.
    checkQuota(cse, originator, bytes);
    return m.create({
      typeName: 'm2m:req',
      owner: originator,
      attributes: {
        ty: ResourceType.Request,
        ri,
        rn: newResourceName('REQ'),
        pi: root.ri,
        ct: time,
        lt: time,
        et: formatTimestamp(Math.max(expires, now + 1000)),
        op: request.op,
        tg: request.to,
        org: originator,
        rid: request.rqi,
        mi,
        ...(request.pc === undefined ? {} : { pc: request.pc }),
        rs: PENDING,
      },
    });
  });

  cse.background.run(`non-blocking request ${request.rqi}`, async () => {
    // Let the acknowledgement go out first.
    await new Promise((resolve) => setImmediate(resolve));
    const { rt, ...blocking } = request;
    const outcome = await run(blocking);
    const ors = {
      rsc: outcome.rsc,
      rqi: request.rqi,
      ...(outcome.pc === undefined ? {} : { pc: outcome.pc }),
      ...(request.fr ? { to: request.fr } : {}),
      fr: cse.options.cseId,
      ot: formatTimestamp(cse.now()),
    };
    await cse.change(cse.options.cseId, undefined, (m) => {
      const current = cse.tree.get(ri);
      if (!current) return;
      m.update(
        current,
        { ...current.attributes, rs: outcome.rsc < 3000 ? COMPLETED : FAILED, ors, lt: formatTimestamp(cse.now()) },
        ['rs', 'ors', 'lt'],
        'internal',
      );
    });
    if (!asynch) return;
    const targets = rt?.nu && rt.nu.length > 0 ? rt.nu : request.fr ? [request.fr] : [];
    const { ot: _ot, ...result } = ors;
    const rsp = { ...result, ...(request.rvi === undefined ? {} : { rvi: request.rvi }) };
    await Promise.all(
      targets.map(async (target) => {
        try {
          await cse.delivery.deliver(target, { 'm2m:rsp': rsp });
        } catch (error) {
          if (!(error instanceof DeliveryError)) throw error;
          cse.options.log(`result of non-blocking request ${request.rqi} not delivered: ${error.message}`);
        }
      }),
    );
  });

  return {
    rsc: asynch
      ? ResponseStatusCode.AcceptedForNonBlockingRequestAsynch
      : ResponseStatusCode.AcceptedForNonBlockingRequestSynch,
    pc: { 'm2m:uri': ri },
  };
}
