// `*` wildcards in filter criteria values (TS-0004 §7.3.3.17: lbl, attribute filters) and in
// accessControlOriginators (acor). Matched without regular expressions or backtracking: the
// pieces between the stars are looked for left to right, each at its earliest position, which
// is exact for patterns whose only special character is `*`. The cost is bounded by
// |value| × |pattern| whatever the pattern (a RegExp of `*a*a*a…*b` backtracks exponentially).

/** Whether `value` matches `pattern`, where each `*` stands for any run of characters (also none). */
export function matchesWildcard(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const pieces = pattern.split('*');
  const first = pieces[0] as string;
  const last = pieces[pieces.length - 1] as string;
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  const end = value.length - last.length;
  let at = first.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i] as string;
    if (piece === '') continue;
    const found = value.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}
