import { Operation } from '../../generated/enums/operation.gen.js';
import type { ContentCodec } from '../encoding/codec.js';
import { DecodingError } from '../encoding/errors.js';
import { codecForMediaType, jsonCodec } from '../encoding/index.js';
import type { PrimitiveContent } from '../primitives/content.js';
import type { AbsRelTimestamp, RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import { fromHttpPath, toHttpPath } from './addressing.js';
import { Header, parseMediaType, type HeaderRecord } from './headers.js';
import type { HttpRequestMessage, HttpResponseMessage } from './message.js';
import { decodeRequestQuery, encodeRequestQuery, QueryParameterError } from './query.js';
import { httpStatusFor } from './status.js';

// The oneM2M HTTP binding (TS-0009) in both directions, on plain messages: the client maps a
// request primitive to an HTTP request and the HTTP response back; the embedded CSE and the
// notification receiver do the reverse. Nothing here touches the network.

const METHODS: Readonly<Record<number, HttpRequestMessage['method']>> = {
  [Operation.Create]: 'POST',
  [Operation.Retrieve]: 'GET',
  [Operation.Update]: 'PUT',
  [Operation.Delete]: 'DELETE',
  [Operation.Notify]: 'POST',
};

function setIfDefined(headers: HeaderRecord, name: string, value: string | number | undefined): void {
  if (value !== undefined) headers[name] = String(value);
}

/** The HTTP request for a request primitive; `codec` encodes the body and names the Accept type. */
export function requestToHttp(request: RequestPrimitive, codec: ContentCodec, accept: ContentCodec = codec): HttpRequestMessage {
  const method = METHODS[request.op];
  if (method === undefined) throw new RangeError(`operation ${request.op} has no HTTP method; use 1 create, 2 retrieve, 3 update, 4 delete or 5 notify`);
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
    headers[Header.ContentType] = request.op === Operation.Create && request.ty !== undefined ? `${codec.mediaType};ty=${request.ty}` : codec.mediaType;
  }
  return { method, path: toHttpPath(to), query: encodeRequestQuery(partial), headers, ...(body === undefined ? {} : { body }) };
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

function absRel(value: string | undefined): AbsRelTimestamp | undefined {
  if (value === undefined) return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

function bodyPreview(body: Uint8Array | undefined): string {
  if (!body || body.length === 0) return 'an empty body';
  const text = new TextDecoder().decode(body.subarray(0, 80)).replace(/\s+/g, ' ');
  return `a body starting ${JSON.stringify(text)}`;
}

function decodeBody(headers: HeaderRecord, body: Uint8Array | undefined): { content?: PrimitiveContent; codec?: ContentCodec } {
  if (body === undefined || body.length === 0) return {};
  const contentType = headers[Header.ContentType];
  if (contentType === undefined) throw new ResponseFormatError('content-type', `the body has no Content-Type; ${bodyPreview(body)}`);
  const codec = codecForMediaType(contentType);
  if (codec === undefined) throw new ResponseFormatError('content-type', `Content-Type ${contentType} is not a oneM2M encoding (json, xml, cbor); ${bodyPreview(body)}`);
  try {
    return { content: codec.decode(body), codec };
  } catch (cause) {
    throw new ResponseFormatError('body', cause instanceof DecodingError ? cause.message : String(cause), { cause });
  }
}

/** The response primitive in an HTTP response; throws ResponseFormatError when it is not one. */
export function httpToResponse(message: HttpResponseMessage, request: Pick<RequestPrimitive, 'rqi'>): ResponsePrimitive {
  const { headers } = message;
  const rscText = headers[Header.ResponseStatusCode];
  if (rscText === undefined) throw new ResponseFormatError('missing-rsc', `no X-M2M-RSC header (is this a oneM2M CSE?); ${bodyPreview(message.body)}`);
  if (!/^\d{4}$/.test(rscText.trim())) throw new ResponseFormatError('invalid-rsc', `X-M2M-RSC ${JSON.stringify(rscText)} is not a four-digit response status code`);
  const rqi = headers[Header.RequestId];
  if (rqi !== undefined && rqi !== request.rqi) throw new ResponseFormatError('request-id', `X-M2M-RI ${JSON.stringify(rqi)} does not match the request's ${JSON.stringify(request.rqi)}`);
  const { content } = decodeBody(headers, message.body);
  const cnst = headers[Header.ContentStatus];
  const cnot = headers[Header.ContentOffset];
  const ec = headers[Header.EventCategory];
  const response: ResponsePrimitive = {
    rsc: Number(rscText),
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

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** A request the receiver cannot accept: the rsc to answer with and why. */
export class RequestFormatError extends Error {
  override readonly name = 'RequestFormatError';
  constructor(
    readonly rsc: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The request primitive in an HTTP request (receiver side: the CSE, a notification server). */
export function httpToRequest(message: HttpRequestMessage): RequestPrimitive {
  const { headers } = message;
  const contentType = headers[Header.ContentType];
  const media = contentType === undefined ? undefined : parseMediaType(contentType);
  let op: number;
  switch (message.method.toUpperCase()) {
    case 'GET':
      op = Operation.Retrieve;
      break;
    case 'PUT':
      op = Operation.Update;
      break;
    case 'DELETE':
      op = Operation.Delete;
      break;
    case 'POST':
      op = media?.params['ty'] === undefined ? Operation.Notify : Operation.Create;
      break;
    default:
      throw new RequestFormatError(4005, `HTTP method ${message.method} has no oneM2M operation; use GET, POST, PUT or DELETE`);
  }
  let ty: number | undefined;
  if (op === Operation.Create) {
    const text = media?.params['ty'] ?? '';
    if (!/^\d+$/.test(text)) throw new RequestFormatError(4000, `Content-Type parameter ty=${JSON.stringify(text)} is not a resource type number`);
    ty = Number(text);
  }
  let pc: PrimitiveContent | undefined;
  if (message.body !== undefined && message.body.length > 0) {
    if (media === undefined) throw new RequestFormatError(4015, 'the body has no Content-Type; send application/json, application/xml or application/vnd.onem2m-res+cbor');
    const codec = codecForMediaType(media.type);
    if (codec === undefined) throw new RequestFormatError(4015, `Content-Type ${media.type} is not supported; send application/json, application/xml or application/vnd.onem2m-res+cbor`);
    try {
      pc = codec.decode(message.body);
    } catch (cause) {
      throw new RequestFormatError(4000, cause instanceof Error ? cause.message : String(cause), { cause });
    }
  }
  let fromQuery: ReturnType<typeof decodeRequestQuery>;
  try {
    fromQuery = decodeRequestQuery(message.query);
  } catch (cause) {
    if (cause instanceof QueryParameterError) throw new RequestFormatError(4000, cause.message, { cause });
    throw cause;
  }
  let to: string;
  try {
    to = fromHttpPath(message.path);
  } catch (cause) {
    throw new RequestFormatError(4000, `the path ${message.path} is not a valid percent-encoded address`, { cause });
  }
  const rtu = headers[Header.ResponseTypeUris];
  const rt = fromQuery['rt'] as { rtv: number } | undefined;
  const ec = headers[Header.EventCategory];
  const tkns = headers[Header.Authorization];
  const { rt: _rt, ...rest } = fromQuery;
  return {
    op: op as RequestPrimitive['op'],
    to,
    rqi: headers[Header.RequestId] ?? '',
    ...optional('fr', headers[Header.Origin]),
    ...optional('rvi', headers[Header.ReleaseVersion]),
    ...optional('ty', ty),
    ...optional('pc', pc),
    ...optional('ot', headers[Header.OriginatingTimestamp]),
    ...optional('rqet', absRel(headers[Header.RequestExpiration])),
    ...optional('rset', absRel(headers[Header.ResultExpiration])),
    ...optional('oet', absRel(headers[Header.OperationExecutionTime])),
    ...optional('ec', ec === undefined ? undefined : Number(ec)),
    ...optional('gid', headers[Header.GroupRequestId]),
    ...optional('vsi', headers[Header.VendorInformation]),
    ...optional('tkns', tkns === undefined || /^(basic|bearer) /i.test(tkns) ? undefined : tkns.split('+')),
    ...(rt === undefined && rtu === undefined ? {} : { rt: { rtv: (rt?.rtv ?? 3) as 3, ...(rtu === undefined ? {} : { nu: rtu.split('&') }) } }),
    ...(rest as Partial<RequestPrimitive>),
  };
}

/** The codec to answer in: the first Accept entry we speak, else the request's own, else JSON. */
export function responseCodecFor(headers: HeaderRecord): ContentCodec {
  for (const entry of (headers[Header.Accept] ?? '').split(',')) {
    const codec = codecForMediaType(entry);
    if (codec) return codec;
  }
  const contentType = headers[Header.ContentType];
  return (contentType && codecForMediaType(contentType)) || jsonCodec;
}

/** The HTTP response for a response primitive (receiver side). */
export function responseToHttp(response: ResponsePrimitive, codec: ContentCodec, contentLocation?: string): HttpResponseMessage {
  const headers: HeaderRecord = {};
  headers[Header.ResponseStatusCode] = String(response.rsc);
  headers[Header.RequestId] = response.rqi;
  setIfDefined(headers, Header.ReleaseVersion, response.rvi);
  setIfDefined(headers, Header.Origin, response.fr);
  setIfDefined(headers, Header.OriginatingTimestamp, response.ot);
  setIfDefined(headers, Header.ResultExpiration, response.rset);
  setIfDefined(headers, Header.EventCategory, response.ec);
  setIfDefined(headers, Header.ContentStatus, response.cnst);
  setIfDefined(headers, Header.ContentOffset, response.cnot);
  setIfDefined(headers, Header.VendorInformation, response.vsi);
  setIfDefined(headers, Header.ContentLocation, contentLocation);
  let body: Uint8Array | undefined;
  if (response.pc !== undefined) {
    body = codec.encode(response.pc);
    headers[Header.ContentType] = codec.mediaType;
  }
  return { status: httpStatusFor(response.rsc), headers, ...(body === undefined ? {} : { body }) };
}
