import { ResponseStatusCodeNames } from '../../generated/enums/response-status-code.gen.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import { Onem2mError, type RequestContext } from './Onem2mError.js';

/**
 * The CSE answered with an error status (4xxx, 5xxx, 6xxx). `rsc` is the oneM2M code and
 * `rscName` its name from the generated enumeration; `debug` is the CSE's own text (`m2m:dbg`).
 * Compare with the constants: `error.rsc === ResponseStatusCode.NotFound`.
 */
export class ResponseError extends Onem2mError {
  override readonly name = 'ResponseError';
  readonly rsc: number;
  readonly rscName: string;
  /** The transport status (HTTP status code), when the binding has one. */
  readonly status: number | undefined;
  readonly debug: string | undefined;
  readonly response: ResponsePrimitive;
  constructor(context: RequestContext, response: ResponsePrimitive, status?: number) {
    const rscName = ResponseStatusCodeNames[response.rsc] ?? 'UNKNOWN_RESPONSE_STATUS_CODE';
    const dbg = response.pc?.['m2m:dbg'];
    const debug = typeof dbg === 'string' ? dbg : undefined;
    // A response naming another request id (ACME: "None" for a request it could not parse) is
    // still the CSE's answer; the mismatch is worth knowing.
    const mismatch =
      response.rqi && response.rqi !== context.requestId && !context.requestId.startsWith('(')
        ? ` (the response names request id ${JSON.stringify(response.rqi)}, not ${JSON.stringify(context.requestId)})`
        : '';
    super(
      context,
      `${response.rsc} ${rscName}${status === undefined ? '' : ` (HTTP ${status})`}${debug ? `: ${debug}` : ''}${mismatch}`,
    );
    this.rsc = response.rsc;
    this.rscName = rscName;
    this.status = status;
    this.debug = debug;
    this.response = response;
  }
}

/**
 * Whether `error` is a ResponseError, optionally with the given rsc.
 * @example
 * if (isResponseError(error, ResponseStatusCode.NotFound)) console.log('not there');
 */
export function isResponseError(error: unknown, rsc?: number): error is ResponseError {
  return error instanceof ResponseError && (rsc === undefined || error.rsc === rsc);
}
