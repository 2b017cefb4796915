import { header } from './header.js';
import type { Json, MemberModel, Model } from './model.js';

// The wire shapes table (see src/codegen-api/shape.ts for the notation): what XML and query
// string decoding need to turn text back into numbers, booleans and lists.

function primitiveShape(schema: Json): string {
  if (Array.isArray(schema['oneOf'])) {
    const kinds = new Set((schema['oneOf'] as Json[]).map(primitiveShape));
    if (kinds.size === 1) return [...kinds][0]!;
    if (kinds.size === 2 && kinds.has('s') && kinds.has('n')) return 'sn';
    return 'a';
  }
  switch (schema['type']) {
    case 'string':
      return 's';
    case 'integer':
    case 'number':
      return 'n';
    case 'boolean':
      return 'b';
    case 'object':
      return 'o';
    default:
      return 'a';
  }
}

export function valueShape(model: Model, fromId: string, schema: Json): string {
  if (typeof schema['$ref'] === 'string') {
    const resolved = model.resolve(fromId, schema['$ref']);
    if (resolved.kind === 'primitive') return primitiveShape(resolved.schema);
    if (resolved.kind === 'enum') return 'n';
    return resolved.model.typeName;
  }
  if (schema['const'] !== undefined)
    return typeof schema['const'] === 'number' ? 'n' : typeof schema['const'] === 'boolean' ? 'b' : 's';
  if (schema['type'] === 'array') return `[${valueShape(model, fromId, schema['items'] as Json)}`;
  return primitiveShape(schema);
}

function membersLiteral(model: Model, fromId: string, members: readonly MemberModel[]): string {
  return `{ ${members.map((m) => `${JSON.stringify(m.short)}: ${JSON.stringify(valueShape(model, fromId, m.schema))}`).join(', ')} }`;
}

export function emitShapes(model: Model): readonly [string, string] {
  const lines = [
    header(['schemas/resources/*.schema.json', 'schemas/types/*.schema.json']),
    "import type { MemberShapes } from '../src/codegen-api/shape.js';",
    '',
    '/** Wire shape of every attribute of each resource type, by type name (`m2m:cnt`) and short name. */',
    'export const resourceShapes: Readonly<Record<string, MemberShapes>> = {',
    ...model.resources.map((r) => `  ${JSON.stringify(r.typeName)}: ${membersLiteral(model, r.id, r.attributes)},`),
    '};',
    '',
    '/** Wire shape of every member of each complex data type, by type name and short name. */',
    'export const complexShapes: Readonly<Record<string, MemberShapes>> = {',
    ...model.complexTypes.map((c) => `  ${JSON.stringify(c.typeName)}: ${membersLiteral(model, c.id, c.members)},`),
    '};',
    '',
  ];
  return ['shapes.gen.ts', lines.join('\n')];
}
