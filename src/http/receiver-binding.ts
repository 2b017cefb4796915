import { Operation } from '../../generated/enums/operation.gen.js';
import type { ContentCodec } from '../encoding/codec.js';
import { codecForMediaType, jsonCodec } from '../encoding/index.js';
import type { PrimitiveContent } from '../primitives/content.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import { fromHttpPath } from './addressing.js';
import { Header, parseMediaType, type HeaderRecord } from './headers.js';
import type { HttpRequestMessage, HttpResponseMessage } from './message.js';
import { absRel, optional, setIfDefined } from './message-fields.js';
import { decodeRequestQuery, QueryParameterError } from './query.js';
import { httpStatusFor } from './status.js';

// The receiver's side of the HTTP binding (TS-0009), for the embedded CSE and the notification
// receiver: an HTTP request becomes a request primitive, a response primitive an HTTP response.
// It reads and writes every encoding.

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
      throw new RequestFormatError(
        4005,
        `HTTP method ${message.method} has no oneM2M operation; use GET, POST, PUT or DELETE`,
      );
  }
  let ty: number | undefined;
  if (op === Operation.Create) {
    const text = media?.params['ty'] ?? '';
    if (!/^\d+$/.test(text))
      throw new RequestFormatError(
        4000,
        `Content-Type parameter ty=${JSON.stringify(text)} is not a resource type number`,
      );
    ty = Number(text);
  }
  let pc: PrimitiveContent | undefined;
  if (message.body !== undefined && message.body.length > 0) {
    if (media === undefined)
      throw new RequestFormatError(
        4015,
        'the body has no Content-Type; send application/json, application/xml or application/vnd.onem2m-res+cbor',
      );
    const codec = codecForMediaType(media.type);
    if (codec === undefined)
      throw new RequestFormatError(
        4015,
        `Content-Type ${media.type} is not supported; send application/json, application/xml or application/vnd.onem2m-res+cbor`,
      );
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
    ...(rt === undefined && rtu === undefined
      ? {}
      : { rt: { rtv: (rt?.rtv ?? 3) as 3, ...(rtu === undefined ? {} : { nu: rtu.split('&') }) } }),
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
export function responseToHttp(
  response: ResponsePrimitive,
  codec: ContentCodec,
  contentLocation?: string,
): HttpResponseMessage {
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
