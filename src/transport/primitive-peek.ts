import type { Encoding } from '../encoding/codec.js';

// What a message the decoder refused still says about itself: its request id and whether it is a
// request (op) or a response (rsc), read from the primitive's top-level members only. With them a
// CSE answers a request it cannot read (too deep, too odd) with 4000 under the sender's rqi, as
// HTTP does with the X-M2M-RI header, and a client fails the waiting request rather than letting
// it time out. Every reader here is iterative and looks at nothing below the top level, so bytes
// the decoder refused for their depth cost no stack here either.

/** The top-level facts of a primitive that could not be decoded. */
export interface PrimitivePeek {
  readonly rqi?: string;
  readonly kind?: 'request' | 'response';
}

function facts(members: ReadonlyMap<string, unknown>): PrimitivePeek {
  const rqi = members.get('rqi');
  const kind = members.has('op') ? 'request' : members.has('rsc') ? 'response' : undefined;
  return { ...(typeof rqi === 'string' ? { rqi } : {}), ...(kind ? { kind } : {}) };
}

function peekJson(bytes: Uint8Array): PrimitivePeek {
  // V8's JSON.parse is iterative (any depth parses); only the top-level members are read.
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
  } catch {
    return {};
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  return facts(new Map(Object.entries(value)));
}

/** Top-level members of a CBOR map: keys that are text strings, with values that are text strings (others as true). */
function peekCbor(bytes: Uint8Array): PrimitivePeek {
  let offset = 0;
  const head = (): { major: number; info: number; value: number } | undefined => {
    if (offset >= bytes.length) return undefined;
    const initial = bytes[offset++] as number;
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (info < 24 || info === 31) return { major, info, value: info };
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    if (size === 0 || offset + size > bytes.length) return undefined;
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + (bytes[offset + i] as number);
    offset += size;
    return { major, info, value };
  };
  const text = (length: number): string | undefined => {
    if (offset + length > bytes.length) return undefined;
    const value = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(offset, offset + length));
    offset += length;
    return value;
  };
  /** Skips one item, whatever its depth, without recursion; false on malformed bytes. */
  const skip = (): boolean => {
    const open: number[] = [1]; // items still expected per open container (Infinity: up to a break)
    while (open.length > 0) {
      if (bytes[offset] === 0xff) {
        offset++;
        open.pop();
      } else {
        const item = head();
        if (!item) return false;
        const { major, info, value } = item;
        if (major === 2 || major === 3) {
          if (info === 31) open.push(Number.POSITIVE_INFINITY);
          else offset += value;
        } else if (major === 4 || major === 5 || major === 6) {
          const items = info === 31 ? Number.POSITIVE_INFINITY : major === 4 ? value : major === 5 ? value * 2 : 1;
          if (items > 0) {
            open.push(items + 1); // +1: decremented below for the container head itself
          }
        }
        if (offset > bytes.length) return false;
      }
      // One item done: count it against every container it completes.
      for (;;) {
        const last = open.length - 1;
        if (last < 0) break;
        const remaining = (open[last] as number) - 1;
        if (remaining > 0) {
          open[last] = remaining;
          break;
        }
        open.pop();
      }
    }
    return true;
  };
  const map = head();
  if (map?.major !== 5) return {};
  const members = new Map<string, unknown>();
  for (let i = 0; map.info === 31 ? bytes[offset] !== 0xff : i < map.value; i++) {
    const key = head();
    if (!key) break;
    const name = key.major === 3 && key.info !== 31 ? text(key.value) : undefined;
    if (name === undefined) break;
    const value = bytes[offset] as number;
    if (value >> 5 === 3 && (value & 0x1f) !== 31) {
      const item = head();
      const string = item ? text(item.value) : undefined;
      if (string === undefined) break;
      members.set(name, string);
    } else {
      members.set(name, true);
      if (!skip()) break;
    }
  }
  return facts(members);
}

/** Children of the root element (`m2m:rqp`, `m2m:rsp`): their names, and the text of simple ones. */
function peekXml(bytes: Uint8Array): PrimitivePeek {
  const source = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const members = new Map<string, unknown>();
  let depth = 0;
  let at = 0;
  for (;;) {
    const open = source.indexOf('<', at);
    if (open < 0) break;
    const skipTo = (end: string): number => {
      const found = source.indexOf(end, open);
      return found < 0 ? source.length : found + end.length;
    };
    if (source.startsWith('<!--', open)) at = skipTo('-->');
    else if (source.startsWith('<![CDATA[', open)) at = skipTo(']]>');
    else if (source.startsWith('<?', open) || source.startsWith('<!', open)) at = skipTo('>');
    else {
      const close = source.indexOf('>', open);
      if (close < 0) break;
      at = close + 1;
      if (source[open + 1] === '/') depth--;
      else {
        const name = /^[^\s/>]+/.exec(source.slice(open + 1, close))?.[0] ?? '';
        const selfClosing = source[close - 1] === '/';
        if (depth === 1) {
          const end = source.indexOf('<', at);
          members.set(name, selfClosing || end < 0 ? '' : source.slice(at, end).trim());
        }
        if (!selfClosing) depth++;
      }
    }
  }
  return facts(members);
}

/** The request id and kind of a primitive that could not be decoded, as far as its top level tells. */
export function peekPrimitive(encoding: Encoding, bytes: Uint8Array): PrimitivePeek {
  switch (encoding) {
    case 'json':
      return peekJson(bytes);
    case 'cbor':
      return peekCbor(bytes);
    case 'xml':
      return peekXml(bytes);
  }
}
