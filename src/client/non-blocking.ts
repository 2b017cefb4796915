import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import { TimeoutError, UnexpectedContentError, type RequestContext } from '../errors/index.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import type { PollOptions } from './options.js';
import { sleep } from './retry.js';

// A non-blocking synch request (rt=1) is answered at once with 1001 and the address of a
// `<request>` resource (TS-0004 §7.3.2.2); the result appears in its `ors` when `rs` leaves
// PENDING (3) and FORWARDED (4).

const PENDING = 3;
const FORWARDED = 4;

/** The address of the `<request>` resource in a 1001/1002 acknowledgement. */
export function requestResourceAddress(response: ResponsePrimitive, context: RequestContext): string {
  const uri = response.pc?.['m2m:uri'];
  if (typeof uri !== 'string')
    throw new UnexpectedContentError(
      context,
      `m2m:uri with the <request> address in the ${response.rsc} acknowledgement`,
      JSON.stringify(response.pc ?? null).slice(0, 80),
    );
  return uri;
}

/**
 * Polls `<request>` until the result is there and returns it as a response primitive. Bounded by
 * `timeoutMs`; the signal cancels it.
 */
export async function pollRequestResource(
  retrieve: (address: string) => Promise<ResponsePrimitive>,
  address: string,
  context: RequestContext,
  options: PollOptions & { signal?: AbortSignal } = {},
): Promise<ResponsePrimitive> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let interval = options.intervalMs ?? 250;
  for (;;) {
    const response = await retrieve(address);
    const req = response.pc?.['m2m:req'] as { rs?: number; ors?: ResponsePrimitive } | undefined;
    if (!req)
      throw new UnexpectedContentError(
        context,
        `m2m:req at ${address}`,
        Object.keys(response.pc ?? {}).join(', ') || 'no content',
      );
    if (req.rs !== PENDING && req.rs !== FORWARDED) {
      if (!req.ors || typeof req.ors.rsc !== 'number')
        throw new UnexpectedContentError(
          context,
          `operationResult (ors) in the completed <request> ${address}`,
          JSON.stringify(req).slice(0, 80),
        );
      return { ...req.ors, rqi: req.ors.rqi ?? context.requestId };
    }
    if (Date.now() + interval > deadline) {
      const limit = options.timeoutMs ?? 60_000;
      throw new TimeoutError(
        context,
        limit,
        `the non-blocking request at ${address} had no result within ${limit} ms; raise poll.timeoutMs to wait longer`,
      );
    }
    await sleep(interval, options.signal);
    interval = Math.min(Math.round(interval * 1.5), options.maxIntervalMs ?? 5000);
  }
}

export function isNonBlockingAcknowledgement(rsc: number): boolean {
  return (
    rsc === ResponseStatusCode.AcceptedForNonBlockingRequestSynch ||
    rsc === ResponseStatusCode.AcceptedForNonBlockingRequestAsynch ||
    rsc === ResponseStatusCode.Accepted
  );
}
