import { InvalidArgumentError, Option, type Command } from 'commander';
import { memberLongNames } from '../../generated/names.gen.js';
import { complexShapes } from '../../generated/shapes.gen.js';
import type { Attribute } from '../../generated/types/attribute.gen.js';
import type { FilterCriteria } from '../../generated/types/filter-criteria.gen.js';

// One option per member of m2m:filterCriteria, derived from its schema: `--ty 3 --ty 4` (or
// `--ty 3,4`), `--lbl room:1`, `--lim 10`, `--cra 20250101T000000`, and `--atr name=value` for
// attribute conditions (`--catr`, `--patr` for child and parent attributes).

const SHAPES = complexShapes['m2m:filterCriteria'] ?? {};
const LONG = memberLongNames['m2m:filterCriteria'] ?? {};
const CONDITIONS = new Set(['atr', 'catr', 'patr']);

function scalar(shape: string, name: string, text: string): unknown {
  if (shape === 'n') {
    if (!/^-?\d+$/.test(text)) throw new InvalidArgumentError(`--${name} takes a number, got ${JSON.stringify(text)}`);
    return Number(text);
  }
  if (shape === 'b') {
    if (text !== 'true' && text !== 'false') throw new InvalidArgumentError(`--${name} takes true or false`);
    return text === 'true';
  }
  return text;
}

function condition(name: string, text: string, previous: Attribute[] | undefined): Attribute[] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`--${name} takes name=value, e.g. --${name} cr=CAdmin`);
  return [...(previous ?? []), { nm: text.slice(0, eq), val: text.slice(eq + 1) }];
}

/** Adds the filter options (all but filterUsage, which the command decides) to a command. */
export function addFilterOptions(command: Command, except: readonly string[] = ['fu']): Command {
  for (const [name, shape] of Object.entries(SHAPES)) {
    if (except.includes(name)) continue;
    const description = `${LONG[name] ?? name}${shape.startsWith('[') ? ' (repeat or comma-separate)' : ''}`;
    const option = new Option(`--${name} <value>`, description);
    if (CONDITIONS.has(name))
      option.argParser((text: string, previous: Attribute[] | undefined) => condition(name, text, previous));
    else if (shape.startsWith('['))
      option.argParser((text: string, previous: unknown[] | undefined) => [
        ...(previous ?? []),
        ...text.split(name === 'smf' ? /\n/ : ',').map((t) => scalar(shape.slice(1), name, t.trim())),
      ]);
    else option.argParser((text: string) => scalar(shape, name, text));
    command.addOption(option);
  }
  return command;
}

/** The filter criteria in a command's parsed options. */
export function filterFrom(options: Record<string, unknown>): FilterCriteria {
  const fc: Record<string, unknown> = {};
  for (const name of Object.keys(SHAPES)) if (options[name] !== undefined) fc[name] = options[name];
  return fc as FilterCriteria;
}
