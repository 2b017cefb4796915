import type { AbsRelTimestamp } from '../primitives/request.js';
import type { HeaderRecord } from './headers.js';

// Small pieces both directions of the binding use.

export function setIfDefined(headers: HeaderRecord, name: string, value: string | number | undefined): void {
  if (value !== undefined) headers[name] = String(value);
}

/** An absRelTimestamp header value: digits are a relative offset in milliseconds. */
export function absRel(value: string | undefined): AbsRelTimestamp | undefined {
  if (value === undefined) return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
