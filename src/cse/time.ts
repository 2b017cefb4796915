import { parseTimestamp as parseShared, toTimestamp } from '../time/timestamp.js';

// The CSE's view of oneM2M timestamps (TS-0004 §6.3.3), on top of the shared src/time module:
// milliseconds in, `YYYYMMDDTHHMMSS,ffffff` out (as ACME writes them); every form the schema's
// timestamp pattern admits is read, an invalid one gives undefined rather than an exception.

/** The oneM2M timestamp for a time in milliseconds since the epoch, e.g. `20260526T112532,123000`. */
export function formatTimestamp(ms: number): string {
  // A create writes the same instants several times (ct, lt, the parent's lt; et): format each once.
  const hit = recent.find((entry) => entry.ms === ms);
  if (hit) return hit.text;
  const entry = recent[next] as { ms: number; text: string };
  next = (next + 1) % recent.length;
  entry.ms = ms;
  entry.text = toTimestamp(new Date(ms));
  return entry.text;
}

const recent = [
  { ms: Number.NaN, text: '' },
  { ms: Number.NaN, text: '' },
  { ms: Number.NaN, text: '' },
];
let next = 0;

/** Milliseconds since the epoch for a oneM2M timestamp, or undefined when the text is not one. */
export function parseTimestamp(text: string): number | undefined {
  try {
    return parseShared(text).getTime();
  } catch {
    return undefined;
  }
}
