import { attributeLongNames } from '../../generated/names.gen.js';
import { resourceTypeTable } from '../../generated/registry.gen.js';

const FIRST = ['ty', 'rn', 'ri', 'pi', 'ct', 'lt', 'et'];

/** `Container`, `Firmware`, … for a type name; the type name itself when unknown. */
export function resourceTypeLabel(typeName: string): string {
  return resourceTypeTable.find((t) => t.typeName === typeName)?.name ?? typeName;
}

function longName(name: string): string | undefined {
  return (attributeLongNames as Readonly<Record<string, string>>)[name];
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  return JSON.stringify(value);
}

/**
 * A readable multi-line description: the type and address, then one attribute per line with its
 * long name, universal attributes first.
 *
 *     Container cse-in/myAE/temperature
 *       resourceType (ty): 3
 *       resourceName (rn): temperature
 */
export function describeResource(
  typeName: string,
  address: string,
  attributes: Readonly<Record<string, unknown>>,
): string {
  const names = Object.keys(attributes).filter((name) => attributes[name] !== undefined);
  const ordered = [
    ...FIRST.filter((name) => names.includes(name)),
    ...names.filter((name) => !FIRST.includes(name)).sort(),
  ];
  const lines = ordered.map((name) => {
    const long = longName(name);
    return `  ${long ? `${long} (${name})` : name}: ${show(attributes[name])}`;
  });
  return [`${resourceTypeLabel(typeName)} ${address}`, ...lines].join('\n');
}
