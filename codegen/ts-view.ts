import type { AttributeModel, ComplexTypeModel, EnumModel, Json, MemberModel, Model, ResourceModel } from './model.js';

// Builds the JSON Schemas handed to json-schema-to-typescript: every $ref is replaced by a
// `tsType` naming the generated type, so each output file imports shared types instead of
// redeclaring them.

export type Variant = 'resource' | 'create' | 'update';

/** A TypeScript type expression for a primitive's JSON Schema. */
export function primitiveType(schema: Json): string {
  if (Array.isArray(schema['oneOf'])) return [...new Set((schema['oneOf'] as Json[]).map(primitiveType))].join(' | ');
  const type = schema['type'];
  if (Array.isArray(type)) return type.map((t) => primitiveType({ type: t })).join(' | ');
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return '{ [key: string]: unknown }';
    case 'array':
      return 'unknown[]';
    default:
      return 'unknown';
  }
}

/** Collects the generated types a file must import. */
export class ImportSet {
  readonly enums = new Map<string, EnumModel>();
  readonly complex = new Map<string, ComplexTypeModel>();
}

function valueView(model: Model, fromId: string, schema: Json, imports: ImportSet): Json {
  if (typeof schema['$ref'] === 'string') {
    const resolved = model.resolve(fromId, schema['$ref']);
    const extra = schema['const'] === undefined ? {} : { const: schema['const'] };
    if (resolved.kind === 'primitive')
      return schema['const'] === undefined ? { tsType: primitiveType(resolved.schema) } : extra;
    if (resolved.kind === 'enum') imports.enums.set(resolved.model.title, resolved.model);
    else imports.complex.set(resolved.model.title, resolved.model);
    return schema['const'] === undefined ? { tsType: resolved.model.title } : extra;
  }
  if (schema['type'] === 'array')
    return { type: 'array', items: valueView(model, fromId, schema['items'] as Json, imports) };
  return { tsType: 'unknown' };
}

function doc(member: MemberModel, attribute?: AttributeModel): string {
  const facts = attribute
    ? `Mode: ${attribute.mode} | Create: ${attribute.createRule} | Update: ${attribute.updateRule} | Cardinality: ${member.cardinality} | Type: ${member.dataType}`
    : `Cardinality: ${member.cardinality} | Type: ${member.dataType}`;
  return `${member.longName}: ${member.description}\n\n${facts}`;
}

const nullable = (view: Json): Json => ({ anyOf: [view, { type: 'null' }] });

/** Whether an update may send null to reset the attribute (TS-0004: deleting an optional value). */
export function mayResetWithNull(attribute: AttributeModel): boolean {
  return attribute.cardinality.startsWith('0..1') || attribute.cardinality === '1 (nullable)';
}

/** Which attributes a variant carries, and which of them it requires. */
export function variantAttributes(
  resource: ResourceModel,
  variant: Variant,
): { attributes: AttributeModel[]; required: string[] } {
  switch (variant) {
    case 'resource':
      return {
        attributes: [...resource.attributes],
        required: resource.attributes.filter((a) => a.cardinality.startsWith('1')).map((a) => a.short),
      };
    case 'create': {
      const attributes = resource.attributes.filter((a) => a.createRule !== 'NP');
      return { attributes, required: attributes.filter((a) => a.createRule === 'M').map((a) => a.short) };
    }
    case 'update': {
      const attributes = resource.attributes.filter((a) => a.updateRule !== 'NP');
      return { attributes, required: attributes.filter((a) => a.updateRule === 'M').map((a) => a.short) };
    }
  }
}

/** Whether a value of this attribute may be null in the variant. */
export function acceptsNull(attribute: AttributeModel, variant: Variant): boolean {
  return (variant === 'update' && mayResetWithNull(attribute)) || (variant === 'create' && attribute.nullInCreate);
}

export function variantName(resource: ResourceModel, variant: Variant): string {
  return variant === 'resource' ? resource.title : `${resource.title}${variant === 'create' ? 'Create' : 'Update'}`;
}

export function resourceView(model: Model, resource: ResourceModel, variant: Variant, imports: ImportSet): Json {
  const { attributes, required } = variantAttributes(resource, variant);
  const properties: Json = {};
  for (const a of attributes) {
    const view = valueView(model, resource.id, a.schema, imports);
    properties[a.short] = { ...(acceptsNull(a, variant) ? nullable(view) : view), description: doc(a, a) };
  }
  const what =
    variant === 'resource'
      ? `A ${resource.longName} resource as a CSE returns it`
      : `The attributes ${variant === 'create' ? 'a create' : 'an update'} of a ${resource.longName} may carry`;
  return {
    title: variantName(resource, variant),
    description: `${what} (${resource.typeName}, ty ${resource.ty}${resource.mgd === undefined ? '' : `, mgd ${resource.mgd}`}).\n\n${resource.description}`,
    type: 'object',
    properties,
    required,
    additionalProperties: false,
  };
}

export function complexView(model: Model, complex: ComplexTypeModel, imports: ImportSet): Json {
  const properties: Json = {};
  for (const m of complex.members)
    properties[m.short] = { ...valueView(model, complex.id, m.schema, imports), description: doc(m) };
  return {
    title: complex.title,
    description: `${complex.description}${complex.typeName ? ` (${complex.typeName})` : ''}`,
    type: 'object',
    properties,
    required: complex.members.filter((m) => m.cardinality.startsWith('1')).map((m) => m.short),
    additionalProperties: false,
  };
}
