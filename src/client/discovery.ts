import { FilterUsage } from '../../generated/enums/filter-usage.gen.js';
import { Operation } from '../../generated/enums/operation.gen.js';
import type { FilterCriteria } from '../../generated/types/filter-criteria.gen.js';
import { requestContext, UnexpectedContentError, type RequestContext } from '../errors/index.js';
import type { PrimitiveContent } from '../primitives/content.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import type { CseProfile } from '../profiles/profile.js';
import type { RequestOptions } from './options.js';
import { discoveryResultContent } from './release.js';

/** Options of `discoverAll`: how many references each page asks for. */
export interface DiscoveryPageOptions {
  /** Results per request (lim). Default 100. */
  readonly pageSize?: number;
}

/** The part of the client that paging needs. */
interface Sender {
  readonly transport: { readonly endpoint: string };
  readonly releaseVersion: string;
  readonly profile: CseProfile;
  buildRequest(op: RequestPrimitive['op'], to: string, options?: RequestOptions): RequestPrimitive;
  send(request: RequestPrimitive, options?: Pick<RequestOptions, 'retry' | 'signal'>): Promise<ResponsePrimitive>;
}

/**
 * The addresses in a discovery result, read by what the CSE sent: a URI list (`m2m:uril`, an
 * array, or one space-separated string as XML gives it) or child resource references
 * (`m2m:rrl`, their `val`), whichever rcn was asked for.
 */
export function discoveryAddresses(content: PrimitiveContent | undefined, context: RequestContext): string[] {
  const uril = content?.['m2m:uril'];
  if (Array.isArray(uril)) return uril.map(String);
  if (typeof uril === 'string') return uril.split(/\s+/).filter((a) => a !== '');
  if (uril === null) return [];
  const rrl = content?.['m2m:rrl'] as { rrf?: unknown } | undefined;
  if (rrl && typeof rrl === 'object') {
    const refs = Array.isArray(rrl.rrf) ? rrl.rrf : rrl.rrf === undefined ? [] : [rrl.rrf];
    return refs.map((ref) => String((ref as { val?: unknown }).val ?? ''));
  }
  throw new UnexpectedContentError(
    context,
    'a discovery result (m2m:uril or m2m:rrl)',
    Object.keys(content ?? {}).join(', ') || 'no content',
  );
}

/**
 * The filters to send for `filter` to a CSE that reads only one value of some list parameters
 * (the profile's queryLists.singleValued; tinyIoT's lbl): one filter per value. Values in such a
 * list are alternatives (a resource matches if it has any of the labels), so the union of the
 * results is the result of the whole filter.
 */
export function splitFilter(profile: CseProfile, filter: FilterCriteria): FilterCriteria[] {
  let filters: FilterCriteria[] = [filter];
  for (const name of profile.queryLists.singleValued ?? []) {
    const values = (filter as Record<string, unknown>)[name];
    if (!Array.isArray(values) || values.length < 2) continue;
    filters = filters.flatMap((f) => values.map((value) => ({ ...f, [name]: [value] })));
  }
  return filters;
}

/** The discovery request for `filter` at the client's release (no rcn=11 below release 3). */
export function discoveryRequest(
  client: Pick<Sender, 'buildRequest' | 'releaseVersion'>,
  target: string,
  filter: FilterCriteria,
  options: RequestOptions,
): RequestPrimitive {
  const rcn = options.rcn ?? discoveryResultContent(client.releaseVersion);
  return client.buildRequest(Operation.Retrieve, target, {
    ...options,
    ...(rcn === undefined ? {} : { rcn }),
    filterCriteria: { fu: FilterUsage.Discovery, ...filter },
  });
}

/**
 * Pages of a discovery, never repeating an address. The offset (ofst) counts from 1 (TS-0004:
 * positiveInteger). The next offset is the CSE's contentOffset (X-M2M-CTO) when it sends one,
 * otherwise the previous offset plus the page length. The walk ends on a short page, on
 * contentStatus "full" (2), or when the CSE ignored lim and sent everything at once.
 *
 * A CSE whose lim/ofst do not page through the results (the profile says so, or a page holds
 * only addresses already yielded) is asked once, without lim and ofst, and what was not yielded
 * yet is yielded. The addresses yielded are remembered for that (strings only, not resources).
 */
export async function* discoveryPages(
  client: Sender,
  target: string,
  filter: FilterCriteria,
  options: RequestOptions & DiscoveryPageOptions,
): AsyncGenerator<string[], void, undefined> {
  const pageSize = options.pageSize ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new RangeError(`pageSize ${pageSize} must be a positive integer`);
  const seen = new Set<string>();
  const fetch = async (criteria: FilterCriteria) => {
    const request = discoveryRequest(client, target, criteria, options);
    const response = await client.send(request, options);
    return {
      response,
      addresses: discoveryAddresses(response.pc, requestContext(request, client.transport.endpoint)),
    };
  };
  const fresh = (addresses: readonly string[]): string[] => {
    const out: string[] = [];
    for (const address of addresses) {
      if (seen.has(address)) continue;
      seen.add(address);
      out.push(address);
    }
    return out;
  };
  for (const part of splitFilter(client.profile, filter)) {
    if (!client.profile.discoveryPagesByResults) {
      const all = fresh((await fetch(part)).addresses);
      if (all.length > 0) yield all;
    } else yield* pagesOf(part);
  }

  async function* pagesOf(filter: FilterCriteria): AsyncGenerator<string[], void, undefined> {
    let offset = filter.ofst ?? 1;
    for (;;) {
      const { response, addresses } = await fetch({ ...filter, lim: pageSize, ofst: offset });
      if (addresses.length === 0) return;
      const page = fresh(addresses);
      if (page.length === 0) {
        // The CSE answered a page we had: its lim/ofst do not page through results. Ask once.
        const { lim: _lim, ofst: _ofst, ...whole } = filter;
        const rest = fresh((await fetch(whole)).addresses);
        if (rest.length > 0) yield rest;
        return;
      }
      yield page;
      if (addresses.length !== pageSize || response.cnst === 2) return;
      offset = response.cnot ?? offset + addresses.length;
    }
  }
}
