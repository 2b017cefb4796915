import type { ContentCodec, Encoding } from '../encoding/codec.js';
import { DecodingError } from '../encoding/errors.js';
import type { PrimitiveContent } from '../primitives/content.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import { peekPrimitive } from './primitive-peek.js';

// The message format of the bindings that carry a primitive whole (MQTT TS-0010 §6.5, WebSocket
// TS-0020 §6.2; digest §7.2): one serialized object per message, a request when it has `op`, a
// response when it has `rsc`. JSON and CBOR carry it as it is; XML wraps it in `m2m:rqp` /
// `m2m:rsp` (TS-0004 §8.3). Nothing here touches a network.

/** What a received message is, once decoded. */
export type PrimitiveMessage =
  | { readonly kind: 'request'; readonly request: RequestPrimitive }
  | { readonly kind: 'response'; readonly response: ResponsePrimitive };

/**
 * A message that is not a oneM2M primitive; `rqi` is the request id it carried and `kind` what
 * it looked like (op: a request, rsc: a response), when it had them.
 */
export class PrimitiveFormatError extends Error {
  override readonly name = 'PrimitiveFormatError';
  constructor(
    message: string,
    readonly rqi?: string,
    readonly kind?: 'request' | 'response',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const XML_ROOTS = { request: 'm2m:rqp', response: 'm2m:rsp' } as const;

/** The bytes of a request or response primitive in `codec`'s serialization (EncodingError names the member). */
export function encodePrimitive(codec: ContentCodec, primitive: RequestPrimitive | ResponsePrimitive): Uint8Array {
  const value = primitive as unknown as PrimitiveContent;
  if (codec.encoding !== 'xml') return codec.encode(value);
  return codec.encode({ [('op' in primitive ? XML_ROOTS.request : XML_ROOTS.response) as string]: value });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** A short, printable view of a message that could not be read, for logs. */
export function preview(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 60));
  return `${bytes.length} bytes, starting ${JSON.stringify(text)}`;
}

/** Decodes one message; throws PrimitiveFormatError when it is neither a request nor a response primitive. */
export function decodePrimitive(codec: ContentCodec, bytes: Uint8Array): PrimitiveMessage {
  let value: unknown;
  try {
    value = codec.decode(bytes);
  } catch (cause) {
    const detail = cause instanceof DecodingError ? cause.message : String(cause);
    // The decoder's limits (depth, data model) hold for the whole message; what its top level still
    // tells lets the request be answered (4000 under its rqi) or the waiting request be failed.
    const { rqi, kind } = peekPrimitive(codec.encoding, bytes);
    throw new PrimitiveFormatError(`not a ${codec.encoding} primitive: ${detail} (${preview(bytes)})`, rqi, kind, {
      cause,
    });
  }
  if (codec.encoding === 'xml' && isObject(value)) {
    const root = value[XML_ROOTS.request] ?? value[XML_ROOTS.response];
    if (isObject(root)) value = root;
  }
  return readPrimitive(value);
}

/** Checks a decoded value's members and says whether it is a request or a response. */
export function readPrimitive(value: unknown): PrimitiveMessage {
  if (!isObject(value)) throw new PrimitiveFormatError('a primitive must be an object');
  const rqi = typeof value['rqi'] === 'string' ? value['rqi'] : undefined;
  const kind = 'op' in value ? 'request' : 'rsc' in value ? 'response' : undefined;
  const fail = (what: string): never => {
    throw new PrimitiveFormatError(what, rqi, kind);
  };
  if ('op' in value) {
    if (!Number.isInteger(value['op'])) fail(`op ${JSON.stringify(value['op'])} is not an operation number (1-5)`);
    for (const member of ['to', 'fr', 'rvi', 'rqi'] as const)
      if (value[member] !== undefined && typeof value[member] !== 'string')
        fail(`${member} must be a string, not ${JSON.stringify(value[member])}`);
    if (value['ty'] !== undefined && !Number.isInteger(value['ty']))
      fail(`ty ${JSON.stringify(value['ty'])} is not a resource type number`);
    if (value['pc'] !== undefined && !isObject(value['pc'])) fail('pc (primitive content) must be an object');
    return { kind: 'request', request: value as unknown as RequestPrimitive };
  }
  if ('rsc' in value) {
    // A CSE that writes the status as a string ("2001", as Mobius does inside m2m:agr) still means it.
    const raw = value['rsc'];
    const rsc = typeof raw === 'string' && /^\d{4}$/.test(raw) ? Number(raw) : raw;
    if (typeof rsc !== 'number' || !Number.isInteger(rsc) || rsc < 1000 || rsc > 9999)
      fail(`rsc ${JSON.stringify(raw)} is not a four-digit response status code`);
    if (rqi === undefined) fail('the response has no request identifier (rqi)');
    if (value['pc'] !== undefined && !isObject(value['pc'])) fail('pc (primitive content) must be an object');
    const response = rsc === raw ? value : { ...value, rsc };
    return { kind: 'response', response: response as unknown as ResponsePrimitive };
  }
  return fail('neither a request (no op) nor a response (no rsc)');
}

/** The serializations a binding names in topics and subprotocols. */
export const SERIALIZATIONS: readonly Encoding[] = ['json', 'cbor', 'xml'];
