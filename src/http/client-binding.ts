import { Operation } from '../../generated/enums/operation.gen.js';
import { findCodec, type ContentCodec } from '../encoding/codec.js';
import { DecodingError } from '../encoding/errors.js';
import { jsonCodec } from '../encoding/json.js';
import type { PrimitiveContent } from '../primitives/content.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import { toHttpPath } from './addressing.js';
import { Header, type HeaderRecord } from './headers.js';
import type { HttpRequestMessage, HttpResponseMessage } from './message.js';
import { absRel, optional, setIfDefined } from './message-fields.js';
import type { QueryListStyle } from '../profiles/profile.js';
import { encodeRequestQuery } from './query.js';

// The originator's side of the HTTP binding (TS-0009): a request primitive becomes an HTTP
// request, and the HTTP response becomes a response primitive. It imports only the codecs it is
// given, so a JSON-only client bundles no XML or CBOR code.

const METHODS: Readonly<Record<number, HttpRequestMessage['method']>> = {
  [Operation.Create]: 'POST',
  [Operation.Retrieve]: 'GET',
  [Operation.Update]: 'PUT',
  [Operation.Delete]: 'DELETE',
  [Operation.Notify]: 'POST',
};

/** How requests are written for a CSE that departs from TS-0009 (set from its profile). */
export interface HttpBindingOptions {
  /** How list-valued query parameters are written. Default `+`-joined (TS-0009). */
  readonly queryLists?: QueryListStyle;
}

/** The HTTP request for a request primitive; `codec` encodes the body and names the Accept type. */
export function requestToHttp(
  request: RequestPrimitive,
  codec: ContentCodec,
  accept: ContentCodec = codec,
  binding: HttpBindingOptions = {},
): HttpRequestMessage {
  const method = METHODS[request.op];
  if (method === undefined)
    throw new RangeError(
      `operation ${request.op} has no HTTP method; use 1 create, 2 retrieve, 3 update, 4 delete or 5 notify`,
    );
  const [to = '', attribute] = request.to.split('#', 2);
  const partial = attribute === undefined ? request : { ...request, atrl: [...(request.atrl ?? []), attribute] };
  const headers: HeaderRecord = {};
  // An empty originator is how an AE registers without an ID; the header is then left out,
  // which every CSE reads as "assign me one" (TS-0004 §7.4.5.2.1, ACME treats absent as "C").
  if (request.fr) headers[Header.Origin] = request.fr;
  headers[Header.RequestId] = request.rqi;
  setIfDefined(headers, Header.ReleaseVersion, request.rvi);
  setIfDefined(headers, Header.OriginatingTimestamp, request.ot);
  setIfDefined(headers, Header.RequestExpiration, request.rqet);
  setIfDefined(headers, Header.ResultExpiration, request.rset);
  setIfDefined(headers, Header.OperationExecutionTime, request.oet);
  if (request.rt?.nu && request.rt.nu.length > 0) headers[Header.ResponseTypeUris] = request.rt.nu.join('&');
  setIfDefined(headers, Header.EventCategory, request.ec);
  setIfDefined(headers, Header.GroupRequestId, request.gid);
  setIfDefined(headers, Header.VendorInformation, request.vsi);
  if (request.tkns && request.tkns.length > 0) headers[Header.Authorization] = request.tkns.join('+');
  headers[Header.Accept] = accept.mediaType;
  let body: Uint8Array | undefined;
  if (request.pc !== undefined) {
    body = codec.encode(request.pc);
    headers[Header.ContentType] =
      request.op === Operation.Create && request.ty !== undefined
        ? `${codec.mediaType};ty=${request.ty}`
        : codec.mediaType;
  }
  return {
    method,
    path: toHttpPath(to),
    query: encodeRequestQuery(partial, binding.queryLists),
    headers,
    ...(body === undefined ? {} : { body }),
  };
}

/** Why an HTTP response is not a oneM2M response. */
export class ResponseFormatError extends Error {
  override readonly name = 'ResponseFormatError';
  constructor(
    readonly reason: 'missing-rsc' | 'invalid-rsc' | 'content-type' | 'body' | 'request-id',
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(detail, options);
  }
}

function bodyPreview(body: Uint8Array | undefined): string {
  if (!body || body.length === 0) return 'an empty body';
  const text = new TextDecoder().decode(body.subarray(0, 80)).replace(/\s+/g, ' ');
  return `a body starting ${JSON.stringify(text)}`;
}

function decodeBody(
  headers: HeaderRecord,
  body: Uint8Array | undefined,
  decoders: readonly ContentCodec[],
): { content?: PrimitiveContent; codec?: ContentCodec } {
  if (body === undefined || body.length === 0) return {};
  const contentType = headers[Header.ContentType];
  if (contentType === undefined)
    throw new ResponseFormatError('content-type', `the body has no Content-Type; ${bodyPreview(body)}`);
  const codec = findCodec(decoders, contentType);
  if (codec === undefined)
    throw new ResponseFormatError(
      'content-type',
      `Content-Type ${contentType} is not an encoding this request reads (${decoders.map((d) => d.mediaType).join(', ')}); ${bodyPreview(body)}`,
    );
  try {
    return { content: codec.decode(body), codec };
  } catch (cause) {
    throw new ResponseFormatError('body', cause instanceof DecodingError ? cause.message : String(cause), { cause });
  }
}

/** The response primitive in an HTTP response; throws ResponseFormatError when it is not one. */
/**
 * `decoders` are the encodings the response may come in: the request's own and, because CSEs often
 * answer errors in JSON whatever was asked, JSON.
 */
export function httpToResponse(
  message: HttpResponseMessage,
  request: Pick<RequestPrimitive, 'rqi'>,
  decoders: readonly ContentCodec[] = [jsonCodec],
): ResponsePrimitive {
  const { headers } = message;
  const rscText = headers[Header.ResponseStatusCode];
  if (rscText === undefined)
    throw new ResponseFormatError(
      'missing-rsc',
      `no X-M2M-RSC header (is this a oneM2M CSE?); ${bodyPreview(message.body)}`,
    );
  if (!/^\d{4}$/.test(rscText.trim()))
    throw new ResponseFormatError(
      'invalid-rsc',
      `X-M2M-RSC ${JSON.stringify(rscText)} is not a four-digit response status code`,
    );
  const rsc = Number(rscText);
  const failed = rsc >= 4000;
  const rqi = headers[Header.RequestId];
  // An error status is the CSE's answer even when the request id is wrong or the body unreadable
  // (ACME answers a request it cannot parse with X-M2M-RI "None"): the ResponseError made of it
  // carries rsc and dbg and notes the mismatch. A success with another request's id is not ours.
  if (!failed && rqi !== undefined && rqi !== request.rqi)
    throw new ResponseFormatError(
      'request-id',
      `X-M2M-RI ${JSON.stringify(rqi)} does not match the request's ${JSON.stringify(request.rqi)}`,
    );
  let content: PrimitiveContent | undefined;
  try {
    content = decodeBody(headers, message.body, decoders).content;
  } catch (error) {
    if (!failed || !(error instanceof ResponseFormatError)) throw error;
    content = { 'm2m:dbg': `(unreadable error body: ${error.detail})` };
  }
  const cnst = headers[Header.ContentStatus];
  const cnot = headers[Header.ContentOffset];
  const ec = headers[Header.EventCategory];
  const response: ResponsePrimitive = {
    rsc,
    rqi: rqi ?? request.rqi,
    ...(content === undefined ? {} : { pc: content }),
    ...optional('fr', headers[Header.Origin]),
    ...optional('ot', headers[Header.OriginatingTimestamp]),
    ...optional('rset', absRel(headers[Header.ResultExpiration])),
    ...optional('ec', ec === undefined ? undefined : Number(ec)),
    ...optional('cnst', cnst === undefined ? undefined : Number(cnst)),
    ...optional('cnot', cnot === undefined ? undefined : Number(cnot)),
    ...optional('rvi', headers[Header.ReleaseVersion]),
    ...optional('vsi', headers[Header.VendorInformation]),
  };
  return response;
}
