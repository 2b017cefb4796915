import type { PrimitiveContent } from './content.js';

/** A oneM2M response primitive (TS-0004 §7.2.1.2), with the spec's short parameter names. */
export interface ResponsePrimitive {
  /** responseStatusCode, e.g. 2001 created, 4004 not found. */
  readonly rsc: number;
  readonly rqi: string;
  readonly pc?: PrimitiveContent;
  readonly fr?: string;
  readonly to?: string;
  readonly ot?: string;
  readonly rset?: string | number;
  readonly ec?: number;
  /** contentStatus: 1 partial, 2 full. */
  readonly cnst?: number;
  readonly cnot?: number;
  readonly rvi?: string;
  readonly vsi?: string;
}

/** Whether an rsc is a success (2xxx) or an acknowledgement of a non-blocking request (1xxx). */
export function isSuccessCode(rsc: number): boolean {
  return rsc >= 1000 && rsc < 3000;
}
