// The contentSize (cs) of an instance: the UTF-8 bytes of `con` when it is a string, the bytes of
// a byte string (CBOR), otherwise the UTF-8 bytes of its JSON text as the JSON codec writes it
// (byte strings inside as base64). Computed without recursion and without building the text, so
// any content that was accepted has a size.

const QUOTES = 2;

/** UTF-8 bytes of a string's JSON form (escapes included). */
function jsonStringBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text));
}

/** UTF-8 bytes of the JSON text of `value`, iteratively. */
export function jsonByteLength(value: unknown): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') total += jsonStringBytes(item);
    else if (typeof item === 'number') total += Number.isFinite(item) ? String(item).length : 4;
    else if (typeof item === 'boolean') total += item ? 4 : 5;
    else if (item === null || item === undefined) total += 4;
    else if (item instanceof Uint8Array) total += Math.ceil(item.length / 3) * 4 + QUOTES;
    else if (Array.isArray(item)) {
      total += 2 + Math.max(item.length - 1, 0);
      for (const element of item) stack.push(element);
    } else if (typeof item === 'object') {
      const entries = Object.entries(item).filter(([, member]) => member !== undefined);
      total += 2 + Math.max(entries.length - 1, 0);
      for (const [key, member] of entries) {
        total += jsonStringBytes(key) + 1;
        stack.push(member);
      }
    } else total += 4;
  }
  return total;
}

/** The content size of an instance's `con`. */
export function contentSize(content: unknown): number {
  if (content === undefined || content === null) return 0;
  if (typeof content === 'string') return Buffer.byteLength(content);
  if (content instanceof Uint8Array) return content.length;
  return jsonByteLength(content);
}
