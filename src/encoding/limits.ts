import { childPointer } from './pointer.js';

// Limits every decoder applies to what it hands out, whatever library parses the bytes: content
// is JSON data (strings, finite numbers, booleans, null, arrays, objects with string keys, and
// byte strings from CBOR), nested at most MAX_CONTENT_DEPTH levels. Checked iteratively, so that
// neither a decoder nor anything downstream (validation, sizes, persistence, encoding a
// response) recurses deeper than that.

/**
 * Deepest nesting accepted in decoded content: each object, array (and, in XML, element) is one
 * level, the root included. oneM2M content, even a response holding a resource tree, stays far below.
 */
export const MAX_CONTENT_DEPTH = 64;

/** Largest integer magnitude that survives every encoding unchanged (a JavaScript number; JSON readers use doubles). */
const MAX_INTEGER = Number.MAX_SAFE_INTEGER;

/** Why a value is not content a decoder may hand out, and where. */
export interface ContentProblem {
  /** JSON pointer of the value, e.g. `/m2m:cin/con/0`. */
  readonly pointer: string;
  readonly reason: string;
}

const tooDeep = (limit: number) =>
  `nests deeper than ${limit} levels (the limit for oneM2M content); flatten the structure or send it as a string`;

function describe(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${value} is not a finite number`;
    case 'bigint':
      return value >= -BigInt(MAX_INTEGER) && value <= BigInt(MAX_INTEGER)
        ? 'a BigInt is not data; send a number'
        : `the integer ${value} (a BigInt) is beyond ±(2^53 - 1), which JSON numbers cannot hold exactly; send it as a string`;
    case 'undefined':
      return 'undefined is not data; leave the member out or send null';
    case 'object': {
      if (value === null || Array.isArray(value) || value instanceof Uint8Array) return undefined;
      if (value instanceof Map)
        return [...value.keys()].some((key) => typeof key !== 'string')
          ? 'a map with a non-string key is not oneM2M content (member names are strings)'
          : 'a Map is not data; send a plain object';
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype === Object.prototype || prototype === null) return undefined;
      const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
      return `${typeof name === 'string' && name !== '' ? `a ${name}` : 'this object'} is not data (tagged or class values are not oneM2M content); send a string, number, list or plain object`;
    }
    default:
      return `a ${typeof value} is not data`;
  }
}

/**
 * The first problem in `value` (depth first), or undefined when it is plain content no deeper
 * than `maxDepth`. Iterative: any depth is examined without recursion.
 */
export function findContentProblem(value: unknown, maxDepth = MAX_CONTENT_DEPTH): ContentProblem | undefined {
  // Pointers are only spelled out for the value at fault: each entry knows its parent and key.
  interface Entry {
    readonly value: unknown;
    readonly depth: number;
    readonly key: string | number;
    readonly parent: Entry | undefined;
  }
  const pointerOf = (entry: Entry): string => {
    const keys: (string | number)[] = [];
    for (let e: Entry | undefined = entry; e?.parent; e = e.parent) keys.push(e.key);
    return keys.reduceRight<string>((pointer, key) => childPointer(pointer, key), '');
  };
  const stack: Entry[] = [{ value, depth: 0, key: '', parent: undefined }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const current = item.value;
    const kind = typeof current;
    if (kind === 'string' || kind === 'boolean' || current === null) continue;
    const reason = describe(current);
    if (reason !== undefined) return { pointer: pointerOf(item), reason };
    if (kind !== 'object' || current instanceof Uint8Array) continue;
    const depth = item.depth + 1;
    if (depth > maxDepth) return { pointer: pointerOf(item), reason: tooDeep(maxDepth) };
    // Pushed in reverse, so the first member is examined first.
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], depth, key: i, parent: item });
    } else {
      const keys = Object.keys(current as object);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        stack.push({ value: (current as Record<string, unknown>)[key], depth, key, parent: item });
      }
    }
  }
  return undefined;
}

/** A problem as one sentence: `/m2m:cin/con: nests deeper than 64 levels …`. */
export function describeContentProblem(problem: ContentProblem): string {
  return `${problem.pointer === '' ? 'the content' : problem.pointer}: ${problem.reason}`;
}

/**
 * The nesting depth of CBOR bytes exceeds `maxDepth`? Reads only the item heads (arrays, maps and
 * tags are levels; strings are skipped), without recursion, so no CBOR library ever sees a body
 * deeper than the limit. Malformed bytes are left to the decoder to report.
 */
export function cborNestsDeeper(bytes: Uint8Array, maxDepth = MAX_CONTENT_DEPTH): boolean {
  // Per open container: items still expected (Infinity for indefinite length), and whether it is a tag.
  const open: number[] = [];
  let offset = 0;
  const argument = (info: number): number | undefined => {
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    if (size === 0 || offset + size > bytes.length) return undefined;
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + (bytes[offset + i] as number);
    offset += size;
    return value;
  };
  /** One item done: close every container it completes. */
  const completed = (): void => {
    for (;;) {
      const last = open.length - 1;
      if (last < 0) return;
      const remaining = (open[last] as number) - 1;
      if (remaining > 0) {
        open[last] = remaining;
        return;
      }
      open.pop();
    }
  };
  while (offset < bytes.length) {
    const initial = bytes[offset++] as number;
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (initial === 0xff) {
      // break: ends the innermost indefinite-length container
      open.pop();
      completed();
      continue;
    }
    if (major === 7 || major === 0 || major === 1) {
      if (info >= 24 && argument(info) === undefined) return false;
      completed();
      continue;
    }
    if (major === 2 || major === 3) {
      if (info === 31) {
        // Indefinite-length string: its chunks are definite strings up to the break.
        open.push(Number.POSITIVE_INFINITY);
        continue;
      }
      const length = argument(info);
      if (length === undefined) return false;
      offset += length;
      completed();
      continue;
    }
    // 4 array, 5 map, 6 tag: one level each.
    if (open.length + 1 > maxDepth) return true;
    if (info === 31 && major !== 6) {
      open.push(Number.POSITIVE_INFINITY);
      continue;
    }
    const count = argument(info);
    if (count === undefined) return false;
    const items = major === 4 ? count : major === 5 ? count * 2 : 1;
    if (items === 0) completed();
    else open.push(items);
  }
  return false;
}
