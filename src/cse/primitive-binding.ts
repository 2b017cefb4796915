import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import { ResponseType } from '../../generated/enums/response-type.gen.js';
import type { ContentCodec } from '../encoding/codec.js';
import { EncodingError } from '../encoding/errors.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import { encodePrimitive } from '../transport/primitive-message.js';
import type { Cse } from './cse.js';
import { completeResponse } from './dispatcher.js';
import type { Dispatched } from './dispatcher.js';

// What the CSE's MQTT and WebSocket bindings share: a request primitive that arrived whole is
// handled by the same dispatcher as HTTP, and its response goes back whole in the request's
// serialization (TS-0010 §6.5, TS-0020 §6.2), unless the request asked for none (rt=5).

/** Handles a request; undefined response for rt=5 (noResponse), which the bindings then do not answer. */
export async function answerRequest(
  cse: Cse,
  request: RequestPrimitive,
): Promise<{ readonly response: ResponsePrimitive | undefined; readonly dispatched: Dispatched }> {
  const dispatched = await cse.dispatch(request);
  return {
    dispatched,
    response: request.rt?.rtv === ResponseType.NoResponse ? undefined : dispatched.response,
  };
}

/** The response to a message that is no usable request (it had an rqi, so it can be answered). */
export function refuse(cse: Cse, rqi: string, rsc: number, why: string): ResponsePrimitive {
  return completeResponse(cse.context, { rqi }, { rsc, pc: { 'm2m:dbg': why } });
}

/** The response's bytes; one that cannot be written in `codec` becomes a 5000 that says why. */
export function encodeResponse(cse: Cse, codec: ContentCodec, response: ResponsePrimitive): Uint8Array {
  try {
    return encodePrimitive(codec, response);
  } catch (error) {
    if (!(error instanceof EncodingError)) throw error;
    cse.options.log(`cannot answer in ${codec.encoding}: ${error.message}`);
    return encodePrimitive(codec, {
      rsc: ResponseStatusCode.InternalServerError,
      rqi: response.rqi,
      ...(response.rvi === undefined ? {} : { rvi: response.rvi }),
      pc: { 'm2m:dbg': `the response cannot be encoded as ${codec.encoding}: ${error.message}` },
    });
  }
}
