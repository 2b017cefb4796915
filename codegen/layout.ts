// Line layout for the emitters that write their output directly instead of through prettier
// (generated/flexcontainers: hundreds of modules, which prettier would take half a minute to
// format). The rules are prettier's where it matters: 120 columns, two-space indent, trailing
// commas, single quotes.

export const WIDTH = 120;

/** A single-quoted string literal. */
export const str = (value: string): string => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/** An object key: bare when it is an identifier, else quoted. */
export const key = (name: string): string => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : str(name));

/**
 * `open` items `close` on one line when it fits at `indent`, else `open`, the items packed into
 * lines of at most WIDTH columns one level deeper (each followed by a comma), and `close`.
 */
export function fill(indent: string, open: string, items: readonly string[], close: string): string {
  const one = `${indent}${open}${items.join(', ')}${close}`;
  if (one.length <= WIDTH || items.length === 0) return one;
  const inner = `${indent}  `;
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line === '' ? `${inner}${item},` : `${line} ${item},`;
    if (line !== '' && next.length > WIDTH) {
      lines.push(line);
      line = `${inner}${item},`;
    } else line = next;
  }
  if (line !== '') lines.push(line);
  return `${indent}${open.trimEnd()}\n${lines.join('\n')}\n${indent}${close.trimStart()}`;
}

/** `open` items `close` on one line when it fits at `indent`, else one item per line with a trailing comma. */
export function each(indent: string, open: string, items: readonly string[], close: string): string {
  const one = `${indent}${open}${items.join(', ')}${close}`;
  if (one.length <= WIDTH || items.length === 0) return one;
  return `${indent}${open.trimEnd()}\n${items.map((item) => `${indent}  ${item},`).join('\n')}\n${indent}${close.trimStart()}`;
}

/** A JSDoc block; a single line that fits stays on one line. */
export function doc(lines: readonly string[], indent = ''): string {
  const single = `${indent}/** ${lines[0] ?? ''} */`;
  if (lines.length === 1 && single.length <= WIDTH) return single;
  return `${indent}/**\n${lines.map((line) => `${indent} *${line ? ` ${line}` : ''}`).join('\n')}\n${indent} */`;
}

/** A named import or export list: `import { A, B } from './x.js';`, one name per line when long. */
export function named(keyword: string, names: readonly string[], from: string): string {
  return each('', `${keyword} { `, names, ` } from ${str(from)};`);
}

/** A function declaration's first line, its parameters one per line when long. */
export function signature(head: string, parameters: readonly string[], returns: string): string {
  return each('', `${head}(`, parameters, `): ${returns} {`);
}

/** `label: A | B;` on one line when it fits, else one `| member` per line below the label. */
export function union(indent: string, label: string, members: readonly string[]): string {
  if (members.length === 0) return `${indent}${label} never;`;
  const one = `${indent}${label} ${members.join(' | ')};`;
  if (one.length <= WIDTH) return one;
  return `${indent}${label}\n${members.map((m, i) => `${indent}  | ${m}${i === members.length - 1 ? ';' : ''}`).join('\n')}`;
}

const fits = (text: string) => text.split('\n').every((line) => line.length <= WIDTH);

/**
 * `declaration /*@__PURE__*\/ callee(arguments…);` in 120 columns: on one line; else the call on
 * the next line; else one argument per line (and both). The last argument may be a block (an
 * object literal) that `block(indent)` writes with its inner lines at `indent` plus two spaces.
 */
export function pureCall(
  declaration: string,
  callee: string,
  args: readonly string[],
  block?: (indent: string) => string,
): string {
  const list = (indent: string) => [...args, ...(block ? [block(indent)] : [])];
  const candidates = [
    `${declaration} /*@__PURE__*/ ${callee}(${list('').join(', ')});`,
    `${declaration}\n  /*@__PURE__*/ ${callee}(${list('  ').join(', ')});`,
    `${declaration} /*@__PURE__*/ ${callee}(\n${list('  ')
      .map((a) => `  ${a},`)
      .join('\n')}\n);`,
  ];
  const found = candidates.find(fits);
  if (found) return found;
  return `${declaration}\n  /*@__PURE__*/ ${callee}(\n${list('    ')
    .map((a) => `    ${a},`)
    .join('\n')}\n  );`;
}
