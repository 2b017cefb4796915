import type { ContentCodec } from '../encoding/codec.js';
import { codecs } from '../encoding/index.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import { httpToResponse as decodeResponse } from './client-binding.js';
import type { HttpResponseMessage } from './message.js';

// The oneM2M HTTP binding (TS-0009) in both directions, on plain messages; nothing here touches
// the network. The originator's side is in client-binding.ts (which the browser-safe client
// imports directly), the receiver's in receiver-binding.ts. This entry reads every encoding.
export { requestToHttp, ResponseFormatError } from './client-binding.js';
export { httpToRequest, RequestFormatError, responseCodecFor, responseToHttp } from './receiver-binding.js';

/** The response primitive in an HTTP response, in any of the three encodings unless told otherwise. */
export function httpToResponse(
  message: HttpResponseMessage,
  request: Pick<RequestPrimitive, 'rqi'>,
  decoders: readonly ContentCodec[] = Object.values(codecs),
): ResponsePrimitive {
  return decodeResponse(message, request, decoders);
}
