import { describe, expect, it } from 'vitest';
import { parseDuration, toDuration } from '../../src/time/duration.js';
import { parseTimestamp, parseTimestampDetailed, toTimestamp } from '../../src/time/timestamp.js';

describe('timestamps', () => {
  it('reads ACME and spec forms', () => {
    expect(parseTimestamp('20210202T131157,876558').toISOString()).toBe('2021-02-02T13:11:57.876Z');
    expect(parseTimestampDetailed('20210202T131157,876558').microseconds).toBe(876558);
    expect(parseTimestamp('20160506T153208').toISOString()).toBe('2016-05-06T15:32:08.000Z');
    expect(parseTimestamp('20210202T131157.5').toISOString()).toBe('2021-02-02T13:11:57.500Z');
    expect(parseTimestamp('20210202T131157+01:00').toISOString()).toBe('2021-02-02T12:11:57.000Z');
  });
  it('writes UTC with a six-digit comma fraction by default, or none', () => {
    const date = new Date('2021-02-02T13:11:57.876Z');
    expect(toTimestamp(date)).toBe('20210202T131157,876000');
    expect(toTimestamp(date, { fractionDigits: 0 })).toBe('20210202T131157');
    expect(toTimestamp(date, { fractionDigits: 3, separator: '.' })).toBe('20210202T131157.876');
    expect(parseTimestamp(toTimestamp(date)).getTime()).toBe(date.getTime());
  });
  it('refuses what is not a timestamp', () => {
    for (const bad of ['2021-02-02T13:11:57Z', '20210231T000000', '20210202T251157', ''])
      expect(() => parseTimestamp(bad)).toThrow(/is not a oneM2M timestamp/);
  });
});

describe('durations', () => {
  it('reads ISO 8601 durations and milliseconds', () => {
    expect(['PT10S', 'PT1M30S', 'P1DT2H', 'P2W', 'PT0.5S', '-PT1S', '1500', 250].map(parseDuration)).toEqual([
      10_000, 90_000, 93_600_000, 1_209_600_000, 500, -1000, 1500, 250,
    ]);
  });
  it('writes the shortest ISO 8601 form', () => {
    expect([90_000, 0, 93_784_005, -1000].map(toDuration)).toEqual(['PT1M30S', 'PT0S', 'P1DT2H3M4.005S', '-PT1S']);
  });
  it('refuses years and months (no fixed length) and garbage', () => {
    expect(() => parseDuration('P1Y')).toThrow(/years and months have no fixed length/);
    expect(() => parseDuration('P1M')).toThrow(/years and months/);
    for (const bad of ['PT', 'P', '10S']) expect(() => parseDuration(bad)).toThrow(/expected ISO 8601/);
  });
});
