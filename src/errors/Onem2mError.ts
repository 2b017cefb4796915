import { OperationNames } from '../../generated/enums/operation.gen.js';
import type { RequestPrimitive } from '../primitives/request.js';

/** What every error about a request knows: which request it was. */
export interface RequestContext {
  readonly operation: number;
  readonly target: string;
  readonly requestId: string;
  /** Where the request went, e.g. `http://127.0.0.1:8080`. */
  readonly endpoint: string;
}

export function requestContext(request: RequestPrimitive, endpoint: string): RequestContext {
  return { operation: request.op, target: request.to, requestId: request.rqi, endpoint };
}

/** `RETRIEVE cse-in/myAE (request r-12, http://127.0.0.1:8080)`: the start of every message. */
export function describeRequest(context: RequestContext): string {
  const op = (OperationNames[context.operation] ?? `operation ${context.operation}`).toUpperCase();
  return `${op} ${context.target} (request ${context.requestId}, ${context.endpoint})`;
}

/** Base class of the errors a request can end in; `instanceof Onem2mError` catches them all. */
export abstract class Onem2mError extends Error {
  readonly operation: number;
  readonly target: string;
  readonly requestId: string;
  readonly endpoint: string;
  constructor(context: RequestContext, message: string, options?: { cause?: unknown }) {
    super(`${describeRequest(context)}: ${message}`, options);
    this.operation = context.operation;
    this.target = context.target;
    this.requestId = context.requestId;
    this.endpoint = context.endpoint;
  }
}
