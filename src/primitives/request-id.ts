// Request identifiers only need to be unique per originator; a random prefix per process plus a
// counter is unique, cheap and readable in CSE logs. crypto.getRandomValues exists in Node 20 and
// every browser.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Random alphanumerics of the given length. */
export function randomId(length: number): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

/** A generator of unique request identifiers: `<prefix>-<counter>`. */
export function requestIdGenerator(prefix: string = randomId(8)): () => string {
  let counter = 0;
  return () => `${prefix}-${++counter}`;
}
