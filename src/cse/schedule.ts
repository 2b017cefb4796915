// oneM2M schedule entries (m2m:scheduleEntry, TS-0004 §6.3.5.x; used by acco.actw time windows
// and <schedule>): seven space-separated fields `second minute hour dayOfMonth month dayOfWeek
// year`, each `*`, a number, a range `a-b`, a step `*/n` or `a-b/n`, or a comma-separated list of
// those. Day of week counts from 0 (Sunday) to 6; 7 is Sunday too. Times are UTC.

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
}

const FIELDS: readonly Field[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
  { name: 'year', min: 1970, max: 9999 },
];

/** A schedule entry that cannot be read; the message names the field. */
export class ScheduleFormatError extends Error {
  override readonly name = 'ScheduleFormatError';
}

type Matcher = (value: number) => boolean;

function parseField(text: string, field: Field): Matcher {
  const parts = text.split(',').map((part): Matcher => {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m)
      throw new ScheduleFormatError(`the ${field.name} field ${JSON.stringify(part)} is not *, n, a-b or a step /n`);
    const [, whole, from, to, step] = m;
    const low = whole === '*' ? field.min : Number(from);
    const high = whole === '*' ? field.max : to !== undefined ? Number(to) : step !== undefined ? field.max : low;
    const every = step === undefined ? 1 : Number(step);
    if (low < field.min || high > field.max || low > high || every < 1)
      throw new ScheduleFormatError(
        `the ${field.name} field ${JSON.stringify(part)} is outside ${field.min}-${field.max}`,
      );
    return (value) => value >= low && value <= high && (value - low) % every === 0;
  });
  return (value) => parts.some((matches) => matches(value));
}

/** A parsed schedule entry: whether an instant (ms since the epoch) falls into it. */
export function parseSchedule(entry: string): (at: number) => boolean {
  const texts = entry.trim().split(/\s+/);
  if (texts.length !== FIELDS.length)
    throw new ScheduleFormatError(
      `${JSON.stringify(entry)} has ${texts.length} fields; a schedule entry has 7: second minute hour dayOfMonth month dayOfWeek year`,
    );
  const [second, minute, hour, day, month, weekday, year] = FIELDS.map((field, i) =>
    parseField(texts[i] ?? '', field),
  ) as [Matcher, Matcher, Matcher, Matcher, Matcher, Matcher, Matcher];
  return (at) => {
    const d = new Date(at);
    const dow = d.getUTCDay();
    return (
      second(d.getUTCSeconds()) &&
      minute(d.getUTCMinutes()) &&
      hour(d.getUTCHours()) &&
      day(d.getUTCDate()) &&
      month(d.getUTCMonth() + 1) &&
      (weekday(dow) || (dow === 0 && weekday(7))) &&
      year(d.getUTCFullYear())
    );
  };
}
