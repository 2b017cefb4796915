/**
 * The content of a request or response (`pc`): an object with exactly one root member such as
 * `m2m:cnt`, `m2m:uril`, `m2m:sgn` or `m2m:dbg`, whose value is the resource or the data.
 */
export type PrimitiveContent = Readonly<Record<string, unknown>>;

/** The single root key of a primitive content, or undefined when there is none or several. */
export function contentRoot(content: PrimitiveContent | undefined): string | undefined {
  if (content === undefined || content === null || typeof content !== 'object') return undefined;
  const keys = Object.keys(content);
  return keys.length === 1 ? keys[0] : undefined;
}
