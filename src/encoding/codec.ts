import type { PrimitiveContent } from '../primitives/content.js';

/** The serialisations oneM2M defines for primitive content (TS-0004 §8). */
export type Encoding = 'json' | 'xml' | 'cbor';

/**
 * Turns primitive content into bytes and back. Every codec decodes to the same typed object the
 * JSON one gives: short names, `m2m:` root keys, numbers as numbers, lists as arrays.
 */
export interface ContentCodec {
  readonly encoding: Encoding;
  /** The media type sent in Content-Type and Accept. */
  readonly mediaType: string;
  /** Every media type recognised as this encoding on receipt (without parameters). */
  readonly mediaTypes: readonly string[];
  /** Throws EncodingError, naming the value, when the content cannot be written. */
  encode(content: PrimitiveContent): Uint8Array;
  /** Throws DecodingError when the body is not valid in this encoding. */
  decode(body: Uint8Array): PrimitiveContent;
}

export function isEncoding(value: unknown): value is Encoding {
  return value === 'json' || value === 'xml' || value === 'cbor';
}

/** The codec among `codecs` that reads a media type (parameters ignored), or undefined. */
export function findCodec(codecs: readonly ContentCodec[], mediaType: string): ContentCodec | undefined {
  const type = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  return codecs.find((codec) => codec.mediaTypes.includes(type));
}
