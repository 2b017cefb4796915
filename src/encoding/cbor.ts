import { decode, encode, type Token, Tokenizer } from 'cborg';
import { bigIntDecoder, bigNegIntDecoder } from 'cborg/taglib';
import type { PrimitiveContent } from '../primitives/content.js';
import type { ContentCodec } from './codec.js';
import { DecodingError, EncodingError } from './errors.js';
import { assertPlainData } from './json.js';
import { cborNestsDeeper, describeContentProblem, findContentProblem, MAX_CONTENT_DEPTH } from './limits.js';

// cborg, chosen over cbor2 on measurements (bench/cbor-libraries.ts): 20-60× faster to encode
// and 5-20× to decode our payloads. Its defaults differ from what oneM2M content needs in three
// places, set here: keys keep the caller's order (cborg sorts them), text must be valid UTF-8
// (cborg replaces bad bytes with U+FFFD), and a `__proto__` key must not become a prototype.

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });
const TEXT_STRING = 3;

/** Bytes of a CBOR head whose additional information is `minor` (RFC 8949 §3). */
function headLength(minor: number): number {
  return minor < 24 ? 1 : minor === 24 ? 2 : minor === 25 ? 3 : minor === 26 ? 5 : 9;
}

/** cborg's tokenizer, refusing text strings that are not valid UTF-8 and noting `__proto__` keys. */
class StrictTokenizer extends Tokenizer {
  sawProto = false;
  override next(): Token {
    const start = this._pos;
    const token = super.next();
    if (token.type.major === TEXT_STRING) {
      // Only a string holding U+FFFD can be one cborg repaired; re-read its bytes strictly.
      if ((token.value as string).includes('\uFFFD')) {
        const head = headLength((this.data[start] ?? 0) & 31);
        try {
          fatalUtf8.decode(this.data.subarray(start + head, start + (token.encodedLength ?? 0)));
        } catch {
          throw new DecodingError('cbor', `the text string at byte ${start} is not valid UTF-8`);
        }
      } else if (token.value === '__proto__') this.sawProto = true;
    }
    return token;
  }
}

/** True when some map in `value` was given a prototype by a `__proto__` key. */
function hasForeignPrototype(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return false;
  if (Array.isArray(value)) return value.some(hasForeignPrototype);
  if (Object.getPrototypeOf(value) !== Object.prototype) return true;
  return Object.values(value).some(hasForeignPrototype);
}

// Tags 2 and 3 (bignums) decode to bigint, as untagged 64-bit integers beyond 2^53 do, and the
// content check (limits.ts) then refuses those JSON cannot carry; any other tag (dates, URIs, …)
// is not part of oneM2M content and is refused.
const tags: ((inner: unknown) => unknown)[] = [];
tags[2] = bigIntDecoder as (inner: unknown) => unknown;
tags[3] = bigNegIntDecoder as (inner: unknown) => unknown;

// cborg's decode defaults, which its own tokenizer would get.
const TOKENIZER_OPTIONS = { strict: false, allowIndefinite: true, allowUndefined: true, allowBigInt: true };

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
      return encode(content, { mapSorter: undefined });
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
    const tokenizer = new StrictTokenizer(body, TOKENIZER_OPTIONS);
    try {
      value = decode(body, { tokenizer, tags });
    } catch (cause) {
      if (cause instanceof DecodingError) throw cause;
      throw new DecodingError('cbor', (cause as Error).message, { cause });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array)
      throw new DecodingError('cbor', 'expected a map with a root member such as "m2m:cnt"');
    if (tokenizer.sawProto && hasForeignPrototype(value))
      throw new DecodingError('cbor', 'a map key "__proto__" is not oneM2M content');
    const problem = findContentProblem(value);
    if (problem) throw new DecodingError('cbor', describeContentProblem(problem));
    return value as PrimitiveContent;
  },
};
