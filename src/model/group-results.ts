import { ResponseStatusCodeNames } from '../../generated/enums/response-status-code.gen.js';
import { isSuccessCode, type ResponsePrimitive } from '../primitives/response.js';
import type { PrimitiveContent } from '../primitives/content.js';
import { contentRoot } from '../primitives/content.js';
import type { Resource } from './resource.js';

/** What one member answered to a request fanned out through a group. */
export interface MemberResult<R = Resource> {
  /** The member the result belongs to (its mid entry), when it can be told. */
  readonly member: string | undefined;
  /** The member's status code; NaN when its response had none that could be read (rscName UNREADABLE_MEMBER_RESPONSE). */
  readonly rsc: number;
  readonly rscName: string;
  readonly ok: boolean;
  /** The resource the member answered with (retrieved, created or updated), as a model object. */
  readonly resource: R | undefined;
  /** The member's error text (m2m:dbg), for failures. */
  readonly debug: string | undefined;
  readonly response: ResponsePrimitive;
}

/** The answers of all members (`m2m:agr`), with the successful resources and the failures apart. */
export interface GroupResponse<R = Resource> {
  readonly results: readonly MemberResult<R>[];
  /** The resources of the members that succeeded. */
  readonly resources: readonly R[];
  readonly failures: readonly MemberResult<R>[];
  /** Whether every member answered and succeeded. */
  readonly ok: boolean;
}

/** A status code as a member response carries it: a number, or a numeric string (Mobius sends `"2001"`). */
function statusCode(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*\d{4}\s*$/.test(value)) return Number(value);
  return undefined;
}

/** What a member answered that could not be read (no status code): a failure, never a success. */
export const UNREADABLE_RESPONSE = 'UNREADABLE_MEMBER_RESPONSE';

/**
 * The response primitives in an `m2m:agr` (one or a list under `m2m:rsp`), with numeric-string
 * status codes read as numbers. An entry without a readable status code is kept with rsc NaN, so
 * that it counts as a failure.
 */
export function memberResponses(content: PrimitiveContent | undefined): ResponsePrimitive[] {
  const agr = content?.['m2m:agr'] as { 'm2m:rsp'?: unknown } | undefined;
  const rsp = agr?.['m2m:rsp'];
  const list = Array.isArray(rsp) ? rsp : rsp === undefined ? [] : [rsp];
  return list.map((r): ResponsePrimitive => {
    const record = r !== null && typeof r === 'object' ? (r as Record<string, unknown>) : {};
    return { ...(record as unknown as ResponsePrimitive), rsc: statusCode(record['rsc']) ?? Number.NaN };
  });
}

/**
 * Reads an `m2m:agr`. `member` tells which member a response is from (by its `to`/`fr`, else by
 * position when every member answered); `materialize` makes the model object of its resource.
 */
export function readGroupResponse<R>(
  content: PrimitiveContent | undefined,
  members: readonly string[],
  cseId: string,
  materialize: (
    typeName: string,
    attributes: Readonly<Record<string, unknown>>,
    member: string | undefined,
  ) => R | undefined,
): GroupResponse<R> {
  const responses = memberResponses(content);
  // Members are named in mid form or SP-relative (`/id-in/cnt1` for `cnt1`).
  const memberOf = (id: string): string | undefined =>
    members.find((m) => m === id || `${cseId}/${m}` === id || m === `${cseId}/${id}`);
  const results = responses.map((response, index): MemberResult<R> => {
    const named = [response.fr, response.to]
      .map((id) => (typeof id === 'string' ? memberOf(id) : undefined))
      .find((m) => m !== undefined);
    const member = named ?? (responses.length === members.length ? members[index] : undefined);
    const root = contentRoot(response.pc);
    const value = root === undefined ? undefined : response.pc?.[root];
    const readable = !Number.isNaN(response.rsc);
    const ok = readable && isSuccessCode(response.rsc);
    const dbg = readable
      ? response.pc?.['m2m:dbg']
      : `the member's response has no readable status code (rsc ${JSON.stringify((response as { rsc?: unknown }).rsc)})`;
    const resource =
      ok && root !== undefined && root !== 'm2m:dbg' && value !== null && typeof value === 'object'
        ? materialize(root, value as Record<string, unknown>, member)
        : undefined;
    return {
      member,
      rsc: response.rsc,
      rscName: readable
        ? (ResponseStatusCodeNames[response.rsc] ?? 'UNKNOWN_RESPONSE_STATUS_CODE')
        : UNREADABLE_RESPONSE,
      ok,
      resource,
      debug: typeof dbg === 'string' ? dbg : undefined,
      response,
    };
  });
  const resources = results.flatMap((r) => (r.resource === undefined ? [] : [r.resource]));
  const failures = results.filter((r) => !r.ok);
  // Success means every member answered and succeeded: an answer with fewer responses than
  // members (none at all, say) is not one.
  return { results, resources, failures, ok: failures.length === 0 && results.length >= members.length };
}
