import { customAttributeLongNames, specializationLongNames } from '../../generated/flexcontainers/names.gen.js';
import { attributeLongNames, memberLongNames } from '../../generated/names.gen.js';
import { resourceTypeTable } from '../../generated/registry.gen.js';
import { complexShapes } from '../../generated/shapes.gen.js';
import type { MemberShapes, ValueShape } from '../codegen-api/shape.js';
import { resourceMemberShapes } from '../encoding/resource-shapes.js';
import { WRAPPER_MEMBERS, WRAPPER_ROOTS } from '../primitives/wrappers.js';

// Short attribute names are what travels; long names are what people read. This rewrites decoded
// content for display, following the wire shapes into complex values, lists and inline children.

const resourceLongNames = new Map<string, string>([
  ...resourceTypeTable.map((t) => [t.typeName, `m2m:${t.longName}`] as const),
  // flexContainer specialisations keep their prefix: cod:binSh → cod:binarySwitch.
  ...Object.entries(specializationLongNames).map(
    ([typeName, long]) => [typeName, `${typeName.slice(0, typeName.indexOf(':'))}:${long}`] as const,
  ),
]);

/** Long names of a resource's attributes: a specialisation's custom ones first (`url` is not `URL` there). */
function attributeNames(typeName: string): Readonly<Record<string, string>> {
  return Object.hasOwn(specializationLongNames, typeName)
    ? { ...attributeLongNames, ...customAttributeLongNames }
    : (attributeLongNames as Readonly<Record<string, string>>);
}

function convertValue(value: unknown, shape: ValueShape | undefined): unknown {
  if (shape === undefined || value === null || typeof value !== 'object') return value;
  if (shape.startsWith('['))
    return Array.isArray(value) ? value.map((item) => convertValue(item, shape.slice(1))) : value;
  if (shape === 'a' || shape === 'o') return convertContent(value);
  const members = complexShapes[shape];
  if (Array.isArray(value)) return value.map((item) => convertValue(item, shape));
  if (members === undefined) return value;
  return convertObject(value as Record<string, unknown>, members, memberLongNames[shape] ?? {});
}

function convertObject(
  object: Record<string, unknown>,
  shapes: MemberShapes,
  names: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (resourceMemberShapes(key) !== undefined && Array.isArray(value)) {
      // Inline child resources (rcn 4/8), under their type name.
      out[resourceLongNames.get(key) ?? key] = value.map((child) => convertResource(key, child));
      continue;
    }
    out[names[key] ?? key] = convertValue(value, shapes[key]);
  }
  return out;
}

function convertResource(typeName: string, resource: unknown): unknown {
  if (resource === null || typeof resource !== 'object' || Array.isArray(resource)) return resource;
  return convertObject(
    resource as Record<string, unknown>,
    resourceMemberShapes(typeName) ?? {},
    attributeNames(typeName),
  );
}

/**
 * The same content with long names: `{ "m2m:cnt": { "cni": 3 } }` → `{ "m2m:container": { "currentNrOfInstances": 3 } }`.
 * flexContainer specialisations keep their prefix (`cod:binarySwitch`); unknown keys (vendor
 * attributes) are kept as they are.
 */
export function toLongNames(content: unknown): unknown {
  return convertContent(content);
}

function convertContent(content: unknown): unknown {
  if (content === null || typeof content !== 'object') return content;
  if (Array.isArray(content)) return content.map(convertContent);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(content)) {
    if (resourceMemberShapes(key) !== undefined)
      out[resourceLongNames.get(key) ?? key] = Array.isArray(value)
        ? value.map((v) => convertResource(key, v))
        : convertResource(key, value);
    else if (WRAPPER_ROOTS[key] !== undefined) {
      const { shape, longName } = WRAPPER_ROOTS[key];
      // Aggregates and m2m:rce hold further roots; the others hold a typed value.
      out[longName] = WRAPPER_MEMBERS[key] !== undefined ? convertContent(value) : convertValue(value, shape);
    } else out[key] = value;
  }
  return out;
}
