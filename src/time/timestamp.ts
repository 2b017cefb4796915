// oneM2M timestamps are ISO 8601 basic format in UTC: `20210202T131157` or with a fraction,
// `20210202T131157,876558` (ACME writes a comma and six digits; the spec allows `.` too).

const TIMESTAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/** A string that is not a oneM2M timestamp. */
export class TimestampFormatError extends Error {
  override readonly name = 'TimestampFormatError';
  constructor(readonly value: string) {
    super(
      `${JSON.stringify(value)} is not a oneM2M timestamp; expected YYYYMMDDTHHMMSS with an optional fraction, e.g. 20210202T131157,876558`,
    );
  }
}

/** Which form of the oneM2M timestamp a text used (basic or extended, fraction digits, zone). */
export interface TimestampFormat {
  /** Fraction digits to write: 0 (none, the spec's examples), 3 or 6 (ACME). Default 6. */
  readonly fractionDigits?: 0 | 3 | 6;
  /** Separator before the fraction; `,` as in ISO 8601 and ACME, or `.`. */
  readonly separator?: ',' | '.';
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Writes a Date as a oneM2M timestamp in UTC, e.g. `20210202T131157,876000`. */
export function toTimestamp(date: Date, format: TimestampFormat = {}): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('cannot write an invalid Date as a oneM2M timestamp');
  const base = `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
  const digits = format.fractionDigits ?? 6;
  if (digits === 0) return base;
  const fraction = pad(date.getUTCMilliseconds(), 3).padEnd(digits, '0');
  return `${base}${format.separator ?? ','}${fraction}`;
}

/**
 * Reads a oneM2M timestamp. Without a zone it is UTC (TS-0004). Sub-millisecond digits are
 * beyond what a Date holds; `microseconds` keeps the full fraction for callers who need it.
 */
export function parseTimestamp(value: string): Date {
  return parseTimestampDetailed(value).date;
}

/** Like parseTimestamp, and also tells which of the spec's formats the text used. */
export function parseTimestampDetailed(value: string): { date: Date; microseconds: number } {
  const m = TIMESTAMP.exec(value);
  if (!m) throw new TimestampFormatError(value);
  const [, y, mo, d, h, mi, s, frac = '', zone] = m;
  const micros = Number(frac.padEnd(6, '0').slice(0, 6));
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Math.floor(micros / 1000));
  const check = new Date(ms);
  if (
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 60
  )
    throw new TimestampFormatError(value);
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return { date: new Date(ms), microseconds: micros };
}

export function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    parseTimestamp(value);
    return true;
  } catch {
    return false;
  }
}
