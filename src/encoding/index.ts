import { cborCodec } from './cbor.js';
import { findCodec, type ContentCodec, type Encoding } from './codec.js';
import { jsonCodec } from './json.js';
import { xmlCodec } from './xml.js';

export { findCodec, isEncoding, type ContentCodec, type Encoding } from './codec.js';
export { DecodingError, EncodingError } from './errors.js';
export { loadCodec } from './load.js';
export { cborCodec, jsonCodec, xmlCodec };

export const codecs: Readonly<Record<Encoding, ContentCodec>> = { json: jsonCodec, xml: xmlCodec, cbor: cborCodec };

/** The codec for a media type (parameters ignored), or undefined when none reads it. */
export function codecForMediaType(mediaType: string): ContentCodec | undefined {
  return findCodec(Object.values(codecs), mediaType);
}
