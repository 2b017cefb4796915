// Identifiers the CSE assigns (digest §11, as ACME does): resource IDs are a type prefix plus
// random characters (`cnt4fz8k2…`), default resource names the prefix, `_` and random characters.

/** Length of the random part of assigned identifiers (ACME `cse.idLength`). */
export const ID_LENGTH = 10;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** Random bytes drawn in bulk: one getRandomValues call per 400 identifiers rather than per identifier. */
const pool = new Uint8Array(4096);
let used = pool.length;

/** Random lower-case alphanumerics of the given length (as randomId, cheaper in bulk). */
export function randomChars(length: number): string {
  if (used + length > pool.length) {
    globalThis.crypto.getRandomValues(pool);
    used = 0;
  }
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[(pool[used++] as number) % ALPHABET.length];
  return out;
}

/** A new resource ID for a resource type with the given short name, e.g. `cnt` + 10 characters. */
export function newResourceId(shortName: string): string {
  return `${shortName.toLowerCase()}${randomChars(ID_LENGTH)}`;
}

/** A default resource name, e.g. `cnt_` + 10 characters. */
export function newResourceName(shortName: string): string {
  return `${shortName.toLowerCase()}_${randomChars(ID_LENGTH)}`;
}

/** Longest resource name (the schemas' resourceName maxLength): it must fit a path segment and a Content-Location header. */
export const MAX_RESOURCE_NAME_LENGTH = 255;

/**
 * Why `name` cannot be a resource name, or undefined when it can: unreserved URI characters only
 * (TS-0001 §9.6.1.3.1 resourceName; ACME checks the same set), at most 255 of them, and not `.` or
 * `..`, which URL resolution turns into the address of another resource. The schemas' resourceName
 * primitive states the same rule for client-side validation.
 */
export function resourceNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return `is ${JSON.stringify(name)}, not a string`;
  if (name.length > MAX_RESOURCE_NAME_LENGTH)
    return `is ${name.length} characters long; the limit is ${MAX_RESOURCE_NAME_LENGTH}`;
  if (!/^[A-Za-z0-9_.~-]+$/.test(name)) return `${JSON.stringify(name)} may only contain letters, digits and - . _ ~`;
  if (name === '.' || name === '..')
    return `${JSON.stringify(name)} cannot be a name: . or .. would address the parent or the resource itself in a URL`;
  return undefined;
}
