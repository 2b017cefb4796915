import type { ResourceDescriptor } from '../codegen-api/descriptor.js';
import { ModelError } from './errors.js';

/** Structural equality of JSON-like values (arrays in order, objects by keys). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return (
      a instanceof Uint8Array && b instanceof Uint8Array && a.length === b.length && a.every((byte, i) => byte === b[i])
    );
  }
  const keysA = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * The part of `changes` that differs from the last known state: values equal to the current ones
 * are dropped, `null` (reset) only stays for attributes that are set. With a descriptor, a change
 * of an attribute the type's update rule forbids (NP) is refused before anything is sent.
 */
export function changedAttributes(
  current: Readonly<Record<string, unknown>>,
  changes: Readonly<Record<string, unknown>>,
  descriptor?: ResourceDescriptor,
): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null ? current[name] === undefined : deepEqual(value, current[name])) continue;
    const attribute = descriptor?.attributes[name];
    if (attribute && attribute.update === 'NP') {
      throw new ModelError(
        `${descriptor.name}: attribute '${name}' (${attribute.longName}) cannot be changed by an update (update rule NP, mode ${attribute.mode}); it is ${JSON.stringify(current[name])}, the update asked for ${JSON.stringify(value)}`,
      );
    }
    changed[name] = value;
  }
  return changed;
}

/** A deep-frozen copy, so that a resource's attributes are a read-only view. */
export function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  const copy: unknown = Array.isArray(value)
    ? value.map((item: unknown) => frozenCopy(item))
    : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, frozenCopy(v)]));
  return Object.freeze(copy) as T;
}
