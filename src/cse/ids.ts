import { randomId } from '../primitives/request-id.js';

// Identifiers the CSE assigns (digest §11, as ACME does): resource IDs are a type prefix plus
// random characters (`cnt4fz8k2…`), default resource names the prefix, `_` and random characters.

/** Length of the random part of assigned identifiers (ACME `cse.idLength`). */
export const ID_LENGTH = 10;

/** A new resource ID for a resource type with the given short name, e.g. `cnt` + 10 characters. */
export function newResourceId(shortName: string): string {
  return `${shortName.toLowerCase()}${randomId(ID_LENGTH)}`;
}

/** A default resource name, e.g. `cnt_` + 10 characters. */
export function newResourceName(shortName: string): string {
  return `${shortName.toLowerCase()}_${randomId(ID_LENGTH)}`;
}

/** Unreserved URI characters only (TS-0001 §9.6.1.3.1 resourceName; ACME checks the same set). */
export function isValidResourceName(name: string): boolean {
  return /^[A-Za-z0-9_.~-]+$/.test(name);
}
