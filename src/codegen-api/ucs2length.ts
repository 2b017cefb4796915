/**
 * The length of a string in Unicode code points (a surrogate pair counts once), as JSON Schema's
 * minLength and maxLength count. The generated validators call it in place of ajv's runtime
 * helper, so the package needs no ajv at run time.
 */
export function ucs2length(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}
