import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import type { AbsRelTimestamp, RequestPrimitive } from '../primitives/request.js';
import { parseDuration } from '../time/duration.js';
import { badRequest, CseError } from './errors.js';
import { parseTimestamp } from './time.js';

// The request timing parameters (TS-0004 §7.3.2.1 "check the validity of the request primitive",
// §8.1.2; Annex H absRelTimestamp): requestExpirationTimestamp (rqet), resultExpirationTimestamp
// (rset) and operationExecutionTime (oet). Each is an absolute oneM2M timestamp or a time relative
// to now: a number of milliseconds (an integer or decimal, possibly negative) or, as ACME also
// reads, an ISO 8601 duration (`PT2S`). A request whose rqet or rset has passed, or whose oet lies
// after its rqet, is answered REQUEST_TIMEOUT (4008) without being executed; one with an oet in
// the future waits until then. A rset before the rqet is BAD_REQUEST (4000).

/** The instant (ms since the epoch) an absRelTimestamp names, relative ones counted from `now`. */
export function absRelInstant(name: string, value: AbsRelTimestamp, now: number): number {
  if (typeof value === 'number') return now + value;
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return now + Number(text);
  if (/^-?P/.test(text)) {
    try {
      return now + parseDuration(text);
    } catch (error) {
      throw badRequest(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const at = parseTimestamp(text);
  if (at === undefined)
    throw badRequest(
      `${name} ${JSON.stringify(value)} is neither a oneM2M timestamp (20260101T120000), a number of milliseconds nor an ISO 8601 duration (PT2S)`,
    );
  return at;
}

/** When the request may run (oet), when it expires (rqet, rset); checked and in ms. */
export interface RequestTiming {
  readonly executeAt?: number;
  readonly expiresAt?: number;
}

const LABELS = {
  rqet: 'the request expiration timestamp (rqet; HTTP X-M2M-RET)',
  rset: 'the result expiration timestamp (rset; HTTP X-M2M-RST)',
  oet: 'the operation execution time (oet; HTTP X-M2M-OET)',
} as const;

function expired(what: string): CseError {
  return new CseError(ResponseStatusCode.RequestTimeout, `${what} has passed; the request was not executed`);
}

/** Reads and checks the timing parameters: 4000 for unreadable ones, 4008 for past ones. */
export function checkRequestTiming(request: RequestPrimitive, now: number): RequestTiming {
  const rqet = request.rqet === undefined ? undefined : absRelInstant(LABELS.rqet, request.rqet, now);
  const rset = request.rset === undefined ? undefined : absRelInstant(LABELS.rset, request.rset, now);
  const oet = request.oet === undefined ? undefined : absRelInstant(LABELS.oet, request.oet, now);
  if (rqet !== undefined && rqet <= now) throw expired(LABELS.rqet);
  if (rset !== undefined && rset <= now) throw expired(LABELS.rset);
  // The result cannot be needed before the request may still arrive (TS-0004 §6.4.1 rset).
  if (rset !== undefined && rqet !== undefined && rset < rqet)
    throw badRequest(`${LABELS.rset} lies before ${LABELS.rqet}; the result would expire before the request`);
  const expiresAt = rqet === undefined ? rset : rset === undefined ? rqet : Math.min(rqet, rset);
  if (oet !== undefined && expiresAt !== undefined && oet >= expiresAt)
    throw new CseError(
      ResponseStatusCode.RequestTimeout,
      `${LABELS.oet} lies after the request expires (rqet/rset); it could never be executed in time`,
    );
  return {
    ...(oet !== undefined && oet > now ? { executeAt: oet } : {}),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

/** Waits until the operation execution time; rejects when `signal` aborts first. */
export function waitUntil(at: number, now: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const gone = () =>
      new CseError(ResponseStatusCode.RequestTimeout, 'the requester left before the operation execution time');
    if (signal?.aborted) return reject(gone());
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, at - now),
    );
    const onAbort = () => {
      clearTimeout(timer);
      reject(gone());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
