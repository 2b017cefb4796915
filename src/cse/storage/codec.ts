// The JSON of stored resources. JSON has no binary type, and content may hold byte strings (CBOR
// `con`): they are written as {"$bytes": "<base64>"} and read back as Uint8Array. So that no
// user's object can be mistaken for one, every member name starting with `$` in stored data
// gets one more `$` (`$x` → `$$x`), and loses it when read.

const BYTES = '$bytes';
const DOLLAR = 36;

function escapeMembers(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) out[key.charCodeAt(0) === DOLLAR ? `$${key}` : key] = member;
  return out;
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array)
    return { [BYTES]: Buffer.from(value.buffer, value.byteOffset, value.length).toString('base64') };
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const key in value) if (key.charCodeAt(0) === DOLLAR) return escapeMembers(value as Record<string, unknown>);
  }
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  let escaped = false;
  for (const key in record) {
    if (key.charCodeAt(0) !== DOLLAR) continue;
    if (key === BYTES && typeof record[BYTES] === 'string' && Object.keys(record).length === 1)
      return new Uint8Array(Buffer.from(record[BYTES], 'base64'));
    escaped = true;
  }
  if (!escaped) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(record)) out[key.charCodeAt(0) === DOLLAR ? key.slice(1) : key] = member;
  return out;
}

/** JSON text of stored data; throws (TypeError) for what JSON cannot hold, e.g. a BigInt or a cycle. */
export function stringifyStored(value: unknown): string {
  return JSON.stringify(value, replacer);
}

/** Reads what stringifyStored wrote. */
export function parseStored(text: string): unknown {
  // The reviver is only needed where a `$` member can be; most data has none.
  return text.includes('"$') ? JSON.parse(text, reviver) : JSON.parse(text);
}
