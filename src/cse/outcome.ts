import type { PrimitiveContent } from '../primitives/content.js';

/**
 * What an operation produced, before the dispatcher adds rqi, rvi, the CSE's originator and the
 * timestamp: the status code, the content and, for a create, the address of the new resource
 * (the HTTP binding sends it as Content-Location).
 */
export interface Outcome {
  readonly rsc: number;
  readonly pc?: PrimitiveContent;
  readonly location?: string;
}
