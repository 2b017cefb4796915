import type { PrimitiveContent } from '../primitives/content.js';
import type { ContentCodec } from './codec.js';
import { DecodingError, EncodingError } from './errors.js';
import { describeContentProblem, findContentProblem } from './limits.js';
import { childPointer } from './pointer.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** What a walk of the content found: only plain data, plain data with byte strings, or something else. */
const PLAIN = 0;
const WITH_BYTES = 1;
const NOT_DATA = 2;

/**
 * The cheap walk done on every encode: no allocation, no pointer strings. It answers whether the
 * content is plain data and whether it holds Uint8Arrays (which JSON needs a replacer for).
 */
function classify(value: unknown): number {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return PLAIN;
    case 'number':
      return Number.isFinite(value) ? PLAIN : NOT_DATA;
    case 'object': {
      if (value === null) return PLAIN;
      if (value instanceof Uint8Array) return WITH_BYTES;
      let found = PLAIN;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const kind = classify(value[i]);
          if (kind === NOT_DATA) return NOT_DATA;
          found |= kind;
        }
        return found;
      }
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        const kind = classify((value as Record<string, unknown>)[key]);
        if (kind === NOT_DATA) return NOT_DATA;
        found |= kind;
      }
      return found;
    }
    default:
      return NOT_DATA;
  }
}

/** The slow walk, run only when the cheap one found a problem: it names where it is. */
function throwWhereNotData(value: unknown, encoding: string, pointer: string): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new EncodingError(encoding, pointer, `${value} is not a finite number`);
      return;
    case 'object':
      if (value === null || value instanceof Uint8Array) return;
      if (Array.isArray(value)) {
        for (const [index, item] of value.entries()) throwWhereNotData(item, encoding, childPointer(pointer, index));
        return;
      }
      for (const [key, item] of Object.entries(value)) throwWhereNotData(item, encoding, childPointer(pointer, key));
      return;
    default:
      throw new EncodingError(encoding, pointer, `a ${typeof value} is not data`);
  }
}

/**
 * JSON.stringify would turn NaN and Infinity into null and drop functions and symbols without a
 * word; the user's value would arrive altered. Refuse them instead, naming the attribute.
 * Returns true when the content holds byte strings (Uint8Array).
 */
export function assertPlainData(value: unknown, encoding: string, pointer = ''): boolean {
  const kind = classify(value);
  if (kind === NOT_DATA) throwWhereNotData(value, encoding, pointer);
  return kind === WITH_BYTES;
}

const bytesToBase64 = (_key: string, value: unknown): unknown =>
  value instanceof Uint8Array ? uint8ToBase64(value) : value;

/** `application/json` with the `m2m:` root keys and short names (TS-0004 §8.4). */
export const jsonCodec: ContentCodec = {
  encoding: 'json',
  mediaType: 'application/json',
  mediaTypes: [
    'application/json',
    'application/vnd.onem2m-res+json',
    'application/vnd.onem2m-ntfy+json',
    'application/vnd.onem2m-prsp+json',
    'application/vnd.onem2m-preq+json',
  ],
  encode(content: PrimitiveContent): Uint8Array {
    // The replacer costs a call per value; only content with byte strings needs it.
    const hasBytes = assertPlainData(content, 'json');
    return encoder.encode(hasBytes ? JSON.stringify(content, bytesToBase64) : JSON.stringify(content));
  },
  decode(body: Uint8Array): PrimitiveContent {
    let text: string;
    try {
      text = decoder.decode(body);
    } catch (cause) {
      throw new DecodingError('json', 'the body is not valid UTF-8', { cause });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new DecodingError(
        'json',
        `${(cause as Error).message} (body starts ${JSON.stringify(text.slice(0, 40))})`,
        { cause },
      );
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new DecodingError(
        'json',
        `expected an object with a root member such as "m2m:cnt", got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`,
      );
    const problem = findContentProblem(value);
    if (problem) throw new DecodingError('json', describeContentProblem(problem));
    return value as PrimitiveContent;
  },
};

/** Binary content in JSON travels as base64 (TS-0004 §8.4: no binary type in JSON). */
function uint8ToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
