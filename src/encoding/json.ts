import type { PrimitiveContent } from '../primitives/content.js';
import type { ContentCodec } from './codec.js';
import { DecodingError, EncodingError } from './errors.js';
import { describeContentProblem, findContentProblem } from './limits.js';
import { childPointer } from './pointer.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON.stringify would turn NaN and Infinity into null and drop functions and symbols without a
 * word; the user's value would arrive altered. Refuse them instead, naming the attribute.
 */
export function assertPlainData(value: unknown, encoding: string, pointer = ''): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new EncodingError(encoding, pointer, `${value} is not a finite number`);
      return;
    case 'object':
      if (value === null) return;
      if (Array.isArray(value)) {
        for (const [index, item] of value.entries()) assertPlainData(item, encoding, childPointer(pointer, index));
        return;
      }
      if (value instanceof Uint8Array) return;
      for (const [key, item] of Object.entries(value)) assertPlainData(item, encoding, childPointer(pointer, key));
      return;
    default:
      throw new EncodingError(encoding, pointer, `a ${typeof value} is not data`);
  }
}

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
    assertPlainData(content, 'json');
    return encoder.encode(
      JSON.stringify(content, (_key, value: unknown) => (value instanceof Uint8Array ? uint8ToBase64(value) : value)),
    );
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
