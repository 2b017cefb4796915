import { cborCodec } from './cbor.js';
import type { ContentCodec, Encoding } from './codec.js';
import { jsonCodec } from './json.js';
import { xmlCodec } from './xml.js';

export type { ContentCodec, Encoding } from './codec.js';
export { DecodingError, EncodingError } from './errors.js';
export { cborCodec, jsonCodec, xmlCodec };

export const codecs: Readonly<Record<Encoding, ContentCodec>> = { json: jsonCodec, xml: xmlCodec, cbor: cborCodec };

export function isEncoding(value: unknown): value is Encoding {
  return value === 'json' || value === 'xml' || value === 'cbor';
}

/** The codec for a media type (parameters ignored), or undefined when none reads it. */
export function codecForMediaType(mediaType: string): ContentCodec | undefined {
  const type = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  return Object.values(codecs).find((codec) => codec.mediaTypes.includes(type));
}
