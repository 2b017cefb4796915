import { FilterUsage } from '../../generated/enums/filter-usage.gen.js';
import { Operation } from '../../generated/enums/operation.gen.js';
import { ResultContent } from '../../generated/enums/result-content.gen.js';
import type { FilterCriteria } from '../../generated/types/filter-criteria.gen.js';
import { requestContext, UnexpectedContentError } from '../errors/index.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import type { RequestOptions } from './options.js';

/** Options of `discoverAll`: how many references each page asks for. */
export interface DiscoveryPageOptions {
  /** Results per request (lim). Default 100. */
  readonly pageSize?: number;
}

/** The part of the client that paging needs. */
interface Sender {
  readonly transport: { readonly endpoint: string };
  buildRequest(op: RequestPrimitive['op'], to: string, options?: RequestOptions): RequestPrimitive;
  send(request: RequestPrimitive, options?: Pick<RequestOptions, 'retry' | 'signal'>): Promise<ResponsePrimitive>;
}

/**
 * Pages of a discovery. The offset (ofst) counts from 1 (TS-0004: positiveInteger). The next
 * offset is the CSE's contentOffset (X-M2M-CTO) when it sends one, otherwise the previous offset
 * plus the page length. The walk ends on a short page, on contentStatus "full" (2), or when the
 * CSE ignored lim and sent everything at once. A CSE that ignores ofst would make the walk repeat
 * itself; that is detected and reported instead of looping forever.
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
  let offset = filter.ofst ?? 1;
  let previousFirst: string | undefined;
  for (;;) {
    const request = client.buildRequest(Operation.Retrieve, target, {
      ...options,
      rcn: ResultContent.DiscoveryResultReferences,
      filterCriteria: { fu: FilterUsage.Discovery, ...filter, lim: pageSize, ofst: offset },
    });
    const response = await client.send(request, options);
    const page = response.pc?.['m2m:uril'];
    if (!Array.isArray(page))
      throw new UnexpectedContentError(
        requestContext(request, client.transport.endpoint),
        'm2m:uril',
        Object.keys(response.pc ?? {}).join(', ') || 'no content',
      );
    if (page.length === 0) return;
    if (previousFirst !== undefined && page[0] === previousFirst) {
      throw new UnexpectedContentError(
        requestContext(request, client.transport.endpoint),
        `the page at offset ${offset}`,
        'the same page again: the CSE ignores ofst; use discover() without paging',
      );
    }
    previousFirst = page[0] as string;
    yield page as string[];
    if (page.length !== pageSize || response.cnst === 2) return;
    offset = response.cnot ?? offset + page.length;
  }
}
