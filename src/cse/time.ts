import { parseTimestamp as parseShared, toTimestamp } from '../time/timestamp.js';

// The CSE's view of oneM2M timestamps (TS-0004 §6.3.3), on top of the shared src/time module:
// milliseconds in, `YYYYMMDDTHHMMSS,ffffff` out (as ACME writes them); every form the schema's
// timestamp pattern admits is read, an invalid one gives undefined rather than an exception.

/** The oneM2M timestamp for a time in milliseconds since the epoch, e.g. `20260526T112532,123000`. */
export function formatTimestamp(ms: number): string {
  // A request writes the same instant several times (ct, lt, the parent's lt); format it once.
  if (ms !== last.ms) {
    last.ms = ms;
    last.text = toTimestamp(new Date(ms));
  }
  return last.text;
}

const last = { ms: Number.NaN, text: '' };

/** Milliseconds since the epoch for a oneM2M timestamp, or undefined when the text is not one. */
export function parseTimestamp(text: string): number | undefined {
  try {
    return parseShared(text).getTime();
  } catch {
    return undefined;
  }
}
