// oneM2M durations are ISO 8601 durations (`PT10S`, `P1DT2H`); ACME also accepts a plain number
// of milliseconds. Years and months have no fixed length, so they are refused rather than guessed.

const DURATION = /^(-)?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** A text that is not an ISO 8601 duration (`PT1M30S`); the message shows the expected form. */
export class DurationFormatError extends Error {
  override readonly name = 'DurationFormatError';
  constructor(
    readonly value: string,
    reason: string,
  ) {
    super(`${JSON.stringify(value)} is not a usable oneM2M duration: ${reason}`);
  }
}

/** Milliseconds in an ISO 8601 duration such as `PT1M30S` or `P1DT2H`; a number is taken as ms. */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DurationFormatError(String(value), 'not a finite number of milliseconds');
    return value;
  }
  if (/^-?\d+$/.test(value)) return Number(value);
  const datePart = value.replace(/^-?P/, '').split('T')[0] ?? '';
  if (/[YM]/.test(datePart))
    throw new DurationFormatError(
      value,
      'years and months have no fixed length; use weeks, days, hours, minutes or seconds',
    );
  const m = DURATION.exec(value);
  if (!m || value === 'P' || value.endsWith('T'))
    throw new DurationFormatError(value, 'expected ISO 8601 such as PT10S, PT1M30S or P1DT2H');
  const [, sign, w, d, h, mi, s] = m;
  const ms =
    ((Number(w ?? 0) * 7 + Number(d ?? 0)) * 86_400 + Number(h ?? 0) * 3600 + Number(mi ?? 0) * 60) * 1000 +
    Math.round(Number((s ?? '0').replace(',', '.')) * 1000);
  return sign ? -ms : ms;
}

/** An ISO 8601 duration for a number of milliseconds, e.g. 90_000 → `PT1M30S`, 0 → `PT0S`. */
export function toDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds)) throw new RangeError(`${milliseconds} ms is not a duration`);
  const sign = milliseconds < 0 ? '-' : '';
  let rest = Math.abs(Math.round(milliseconds));
  const days = Math.floor(rest / 86_400_000);
  rest -= days * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = rest / 1000;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  if (!days && !time) return 'PT0S';
  return `${sign}P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}
