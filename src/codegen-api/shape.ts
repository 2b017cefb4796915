/**
 * How a value is typed on the wire, for encodings and query strings that carry no types of their
 * own (XML text, URL parameters). Generated from the schemas into `generated/shapes.gen.ts`:
 *
 * - `s` string, `n` number (integers and enumerations included), `b` boolean
 * - `sn` a string or an integer (absRelTimestamp, duration): digits decode as a number
 * - `o` a JSON object with arbitrary members, `a` any JSON value
 * - any other name (`m2m:xxx`, and the few spec types without the prefix such as
 *   `accessControlContexts`) a complex data type, looked up in `complexShapes`
 * - `[x` a list of `x` (so `[s` is a list of strings, `[m2m:attribute` a list of complex values)
 */
export type ValueShape = string;

/** The members of a resource or complex type, by short name. */
export type MemberShapes = Readonly<Record<string, ValueShape>>;

/** The element shape of a list shape, or undefined when the shape is not a list. */
export function listItemShape(shape: ValueShape): ValueShape | undefined {
  return shape.startsWith('[') ? shape.slice(1) : undefined;
}
