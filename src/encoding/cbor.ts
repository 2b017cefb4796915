import { decode, encode } from 'cbor2';
import type { PrimitiveContent } from '../primitives/content.js';
import type { ContentCodec } from './codec.js';
import { DecodingError, EncodingError } from './errors.js';
import { assertPlainData } from './json.js';
import { cborNestsDeeper, describeContentProblem, findContentProblem, MAX_CONTENT_DEPTH } from './limits.js';

/** `application/vnd.onem2m-res+cbor`: the JSON data model in CBOR (TS-0004 §8.5, RFC 8949). */
export const cborCodec: ContentCodec = {
  encoding: 'cbor',
  mediaType: 'application/vnd.onem2m-res+cbor',
  mediaTypes: [
    'application/vnd.onem2m-res+cbor',
    'application/cbor',
    'application/vnd.onem2m-ntfy+cbor',
    'application/vnd.onem2m-prsp+cbor',
    'application/vnd.onem2m-preq+cbor',
  ],
  encode(content: PrimitiveContent): Uint8Array {
    assertPlainData(content, 'cbor');
    try {
      return encode(content);
    } catch (cause) {
      throw new EncodingError('cbor', '', (cause as Error).message);
    }
  },
  decode(body: Uint8Array): PrimitiveContent {
    // Checked on the bytes first, so that no CBOR library meets a body deeper than the limit.
    if (cborNestsDeeper(body))
      throw new DecodingError(
        'cbor',
        `the content nests deeper than ${MAX_CONTENT_DEPTH} levels (the limit for oneM2M content)`,
      );
    let value: unknown;
    try {
      value = decode(body);
    } catch (cause) {
      throw new DecodingError('cbor', (cause as Error).message, { cause });
    }
    if (value instanceof Map) throw new DecodingError('cbor', 'a map with non-string keys is not oneM2M content');
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new DecodingError('cbor', 'expected a map with a root member such as "m2m:cnt"');
    const problem = findContentProblem(value);
    if (problem) throw new DecodingError('cbor', describeContentProblem(problem));
    return value as PrimitiveContent;
  },
};
