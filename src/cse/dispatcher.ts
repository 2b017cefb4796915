import { Operation } from '../../generated/enums/operation.gen.js';
import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import { normalizeOriginator, resolveTarget } from './addressing.js';
import type { RequestContext } from './behaviour.js';
import type { CseContext } from './context.js';
import { isCseError, operationNotAllowed } from './errors.js';
import { createResource } from './operations/create.js';
import { deleteResource } from './operations/delete.js';
import { retrieveResource } from './operations/retrieve.js';
import { updateResource } from './operations/update.js';
import type { Outcome } from './outcome.js';
import { acceptNonBlocking, isNonBlocking } from './non-blocking.js';
import { checkRequest } from './request-checks.js';
import { checkRequestTiming, waitUntil } from './request-timing.js';
import { formatTimestamp } from './time.js';
import type { StoredResource } from './tree.js';

/** A response plus what only some bindings carry (the created resource's address). */
export interface Dispatched {
  readonly response: ResponsePrimitive;
  /** For a successful create: the new resource's address (HTTP Content-Location). */
  readonly location?: string;
}

async function notify(rc: RequestContext, target: StoredResource): Promise<Outcome> {
  for (const behaviour of rc.cse.behavioursFor(rc.cse.infoOf(target))) {
    const outcome = await behaviour.notify?.(rc, target);
    if (outcome) return outcome;
  }
  throw operationNotAllowed(
    `NOTIFY to ${rc.cse.tree.structuredPath(target)} (${target.typeName}) is not handled by this CSE`,
  );
}

function operate(rc: RequestContext, target: StoredResource): Promise<Outcome> {
  switch (rc.request.op) {
    case Operation.Create:
      return createResource(rc, target);
    case Operation.Retrieve:
      return retrieveResource(rc, target);
    case Operation.Update:
      return updateResource(rc, target);
    case Operation.Delete:
      return deleteResource(rc, target);
    default:
      return notify(rc, target);
  }
}

/** Turns anything thrown while handling into an outcome: CseErrors as they say, the rest as 5000. */
export function errorOutcome(cse: CseContext, error: unknown): Outcome {
  if (isCseError(error)) return { rsc: error.rsc, pc: { 'm2m:dbg': error.message } };
  cse.options.log(
    `internal error while handling a request: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return {
    rsc: ResponseStatusCode.InternalServerError,
    pc: { 'm2m:dbg': `internal server error: ${error instanceof Error ? error.message : String(error)}` },
  };
}

/** The response primitive for an outcome: echoes rqi and rvi, names this CSE as originator. */
export function completeResponse(
  cse: CseContext,
  request: Pick<RequestPrimitive, 'rqi' | 'rvi' | 'fr'>,
  outcome: Outcome,
): ResponsePrimitive {
  return {
    rsc: outcome.rsc,
    rqi: request.rqi,
    ...(outcome.pc === undefined ? {} : { pc: outcome.pc }),
    fr: cse.options.cseId,
    ...(request.fr ? { to: request.fr } : {}),
    ot: formatTimestamp(cse.now()),
    ...(request.rvi === undefined ? {} : { rvi: request.rvi }),
  };
}

/**
 * Runs a request that passed the request checks: resolves the target (stored or virtual) and runs
 * the operation. Never throws: failures are error outcomes. Also used for the requests a group's
 * fanOutPoint makes of its members and for the deferred part of non-blocking requests.
 */
export async function execute(
  cse: CseContext,
  request: RequestPrimitive,
  signal?: AbortSignal,
  address?: string,
): Promise<Outcome> {
  try {
    const rc: RequestContext = {
      cse,
      request,
      originator: normalizeOriginator(cse, request.fr),
      ...(signal ? { signal } : {}),
      ...(address === undefined ? {} : { address }),
    };
    const target = resolveTarget(cse, request.to);
    return target.kind === 'virtual'
      ? await target.handler.handle(rc, target.parent, target.rest)
      : await operate(rc, target.resource);
  } catch (error) {
    return errorOutcome(cse, error);
  }
}

/**
 * Handles one request primitive, independent of the binding: checks it, removes expired
 * resources, then executes it, or for a non-blocking request (rt 1, 2) acknowledges it with a
 * <request> resource and executes it afterwards. Never throws.
 */
export async function dispatch(
  cse: CseContext,
  request: RequestPrimitive,
  beforeRequest: () => Promise<void>,
  signal?: AbortSignal,
  address?: string,
): Promise<Dispatched> {
  let outcome: Outcome;
  try {
    checkRequest(request);
    const { executeAt } = checkRequestTiming(request, cse.now());
    if (isNonBlocking(request)) {
      await beforeRequest();
      // Acknowledged at once; the operation itself waits for its execution time (oet).
      outcome = await acceptNonBlocking(cse, request, async (inner) => {
        if (executeAt !== undefined) await waitUntil(executeAt, cse.now());
        return execute(cse, inner);
      });
    } else {
      if (executeAt !== undefined) await waitUntil(executeAt, cse.now(), signal);
      await beforeRequest();
      outcome = await execute(cse, request, signal, address);
    }
  } catch (error) {
    outcome = errorOutcome(cse, error);
  }
  const completed = completeResponse(cse, request, outcome);
  // The result expiration travels back with the result (HTTP X-M2M-RST), as the reference CSE sends it.
  const response = request.rset === undefined ? completed : { ...completed, rset: request.rset };
  return outcome.location !== undefined && outcome.rsc === ResponseStatusCode.Created
    ? { response, location: outcome.location }
    : { response };
}
