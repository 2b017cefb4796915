import { Operation } from '../../generated/enums/operation.gen.js';
import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import { NetworkError, ResponseError, TimeoutError } from '../errors/index.js';

/** How a request is retried after a transient failure. */
export interface RetryPolicy {
  /** Further attempts after the first; 0 turns retrying off. */
  readonly retries: number;
  /** Delay before the first retry; doubles each time up to maxDelayMs. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Response status codes worth retrying; network failures and timeouts always are. */
  readonly retryOn?: readonly number[];
}

/**
 * Per-operation retry policies. Create and update are never retried automatically: a request
 * that timed out may have been carried out, and repeating it would create a second resource or
 * apply an update twice. Delete is off by default for the same reason (a repeated delete of a
 * resource that is gone reports NOT_FOUND); turn it on when that is acceptable.
 */
export interface RetryOptions {
  readonly retrieve?: RetryPolicy;
  readonly delete?: RetryPolicy;
}

/** Transient rscs: the CSE or a hop could not answer in time or reach the target. */
export const TRANSIENT_RSCS: readonly number[] = [
  ResponseStatusCode.RequestTimeout,
  ResponseStatusCode.TargetNotReachable,
  ResponseStatusCode.RemoteEntityNotReachable,
];

export const DEFAULT_RETRY: Required<RetryOptions> = {
  retrieve: { retries: 2, initialDelayMs: 200, maxDelayMs: 2000, retryOn: TRANSIENT_RSCS },
  delete: { retries: 0 },
};

export function retryPolicyFor(op: number, options: RetryOptions | undefined): RetryPolicy | undefined {
  if (op === Operation.Retrieve) return options?.retrieve ?? DEFAULT_RETRY.retrieve;
  if (op === Operation.Delete) return options?.delete ?? DEFAULT_RETRY.delete;
  return undefined;
}

export function isRetryable(error: unknown, policy: RetryPolicy): boolean {
  if (error instanceof NetworkError || error instanceof TimeoutError) return true;
  return error instanceof ResponseError && (policy.retryOn ?? TRANSIENT_RSCS).includes(error.rsc);
}

export function retryDelay(policy: RetryPolicy, attempt: number): number {
  return Math.min((policy.initialDelayMs ?? 200) * 2 ** attempt, policy.maxDelayMs ?? 2000);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
