import { fromBase64, toBase64 } from './base64.js';

// contentInfo (cnf, TS-0004 §6.3.3.x): `<media type>:<encoding>` where encoding 0 is the plain
// value, 1 a base64 string, 2 base64 of binary data. addContent picks the cnf from the value's
// type so that reading it back gives the same type:
//
//   string            → text/plain:0                (con is the string)
//   number, boolean,
//   null, object,
//   array             → application/json:0          (con is the JSON text)
//   Uint8Array        → application/octet-stream:1  (con is base64)

/** A JSON value. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** What a contentInstance can hold through the model: JSON values and bytes. */
export type ContentValue = JsonValue | Uint8Array;

export const TEXT = 'text/plain:0';
export const JSON_TEXT = 'application/json:0';
export const BINARY = 'application/octet-stream:1';

/** The parts of a contentInfo value. */
export function parseContentInfo(cnf: string | undefined): {
  readonly mediaType: string | undefined;
  readonly encoding: number;
} {
  if (cnf === undefined || cnf === '') return { mediaType: undefined, encoding: 0 };
  const [mediaType = '', encoding = '0'] = cnf.split(':');
  return { mediaType: mediaType.trim().toLowerCase() || undefined, encoding: Number.parseInt(encoding, 10) || 0 };
}

function isJsonMediaType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && (mediaType === 'application/json' || mediaType.endsWith('+json'));
}

/**
 * The con and cnf for a value. With an explicit `cnf`, strings are sent as they are, bytes as
 * base64 and other values as JSON text, whatever the cnf says.
 */
export function encodeContent(value: ContentValue, cnf?: string): { readonly con: string; readonly cnf: string } {
  if (value instanceof Uint8Array) return { con: toBase64(value), cnf: cnf ?? BINARY };
  if (typeof value === 'string') {
    const { encoding } = parseContentInfo(cnf);
    return { con: encoding === 0 ? value : toBase64(new TextEncoder().encode(value)), cnf: cnf ?? TEXT };
  }
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new RangeError(`${value} cannot be stored as JSON content`);
  return { con: JSON.stringify(value), cnf: cnf ?? JSON_TEXT };
}

/**
 * The value of a content given its contentInfo: base64 (encoding 1 or 2) is decoded to bytes, or
 * to text for text/* and JSON media types; JSON media types are parsed. Content that does not
 * decode as its cnf says is returned as it is.
 */
export function decodeContent(con: unknown, cnf: string | undefined): unknown {
  const { mediaType, encoding } = parseContentInfo(cnf);
  let value: unknown = con;
  if ((encoding === 1 || encoding === 2) && typeof con === 'string') {
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(con);
    } catch {
      return con;
    }
    if (!(mediaType?.startsWith('text/') || isJsonMediaType(mediaType))) return bytes;
    value = new TextDecoder().decode(bytes);
  }
  if (isJsonMediaType(mediaType) && typeof value === 'string') {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}
