import { posix } from 'node:path';
import type { SchemaFile } from './load-schemas.js';

// The normalised view of schemas/ that every emitter works from. Each schema concept
// (resource, complex type, enumeration, primitive) is resolved here once.

export type Json = Record<string, unknown>;
export type Rule = 'M' | 'O' | 'NP';

export interface MemberModel {
  readonly short: string;
  readonly longName: string;
  readonly description: string;
  readonly cardinality: string;
  readonly dataType: string;
  /** The JSON Schema of the value, without our annotation keywords. */
  readonly schema: Json;
}

export interface AttributeModel extends MemberModel {
  readonly mode: 'RO' | 'RW' | 'WO';
  readonly createRule: Rule;
  readonly updateRule: Rule;
  readonly nullInCreate: boolean;
}

interface Named {
  /** Source path, e.g. schemas/resources/container.schema.json. */
  readonly source: string;
  readonly id: string;
  /** Output base name, e.g. `container`. */
  readonly base: string;
  readonly title: string;
  readonly typeName: string;
  readonly description: string;
}

export interface ResourceModel extends Named {
  readonly ty: number;
  readonly mgd: number | undefined;
  readonly longName: string;
  readonly shortName: string;
  readonly operations: { readonly create: boolean; readonly update: boolean; readonly delete: boolean };
  readonly parentTypes: readonly string[];
  readonly childTypes: readonly string[];
  readonly attributes: readonly AttributeModel[];
}

export interface ComplexTypeModel extends Named {
  readonly members: readonly MemberModel[];
}

export interface EnumValue {
  readonly value: number;
  readonly name: string;
  readonly description: string;
}

export interface EnumModel extends Named {
  readonly values: readonly EnumValue[];
  readonly ranges: readonly { readonly min: number; readonly max: number; readonly description: string }[];
  readonly flags: boolean;
}

export interface Model {
  readonly resources: readonly ResourceModel[];
  readonly complexTypes: readonly ComplexTypeModel[];
  readonly enums: readonly EnumModel[];
  readonly primitives: { readonly source: string; readonly id: string; readonly defs: Readonly<Record<string, Json>> };
  /** Resolves a `$ref` found in `fromId`'s schema to what it names. */
  resolve(fromId: string, ref: string): ResolvedRef;
}

export type ResolvedRef =
  | { readonly kind: 'primitive'; readonly name: string; readonly schema: Json }
  | { readonly kind: 'enum'; readonly model: EnumModel }
  | { readonly kind: 'complex'; readonly model: ComplexTypeModel };

const ANNOTATIONS = new Set([
  'longName',
  'description',
  'mode',
  'createRule',
  'updateRule',
  'cardinality',
  'dataType',
  'nullInCreate',
]);

/** A property's JSON Schema with our annotation keywords removed. */
function valueSchema(property: Json): Json {
  return Object.fromEntries(Object.entries(property).filter(([key]) => !ANNOTATIONS.has(key)));
}

const byShortName = (a: { short: string }, b: { short: string }) =>
  a.short.localeCompare(b.short, 'en', { numeric: true });

function named(file: SchemaFile): Named {
  const json = file.json;
  return {
    source: file.path,
    id: String(json['$id']),
    base: posix.basename(file.path, '.schema.json'),
    title: String(json['title']),
    typeName: String(json['typeName'] ?? ''),
    description: String(json['description']),
  };
}

function members(properties: Json): MemberModel[] {
  return Object.entries(properties)
    .map(([short, raw]) => {
      const p = raw as Json;
      return {
        short,
        longName: String(p['longName']),
        description: String(p['description']),
        cardinality: String(p['cardinality']),
        dataType: String(p['dataType']),
        schema: valueSchema(p),
      };
    })
    .sort(byShortName);
}

/** The attributes of a resource or specialisation schema's `properties`, sorted by short name. */
export function attributeModels(properties: Json): AttributeModel[] {
  return members(properties).map((m) => {
    const p = properties[m.short] as Json;
    return {
      ...m,
      mode: p['mode'] as AttributeModel['mode'],
      createRule: p['createRule'] as Rule,
      updateRule: p['updateRule'] as Rule,
      nullInCreate: p['nullInCreate'] === true,
    };
  });
}

/** Builds the model; throws with the file name when a schema is inconsistent. */
export function buildModel(files: readonly SchemaFile[]): Model {
  const resources: ResourceModel[] = [];
  const complexTypes: ComplexTypeModel[] = [];
  const enums: EnumModel[] = [];
  let primitives: Model['primitives'] | undefined;
  for (const file of files) {
    const json = file.json;
    switch (json['kind']) {
      case 'resource': {
        const attributes = attributeModels(json['properties'] as Json);
        resources.push({
          ...named(file),
          ty: Number(json['resourceType']),
          mgd: json['mgmtDefinition'] === undefined ? undefined : Number(json['mgmtDefinition']),
          longName: String(json['longName']),
          shortName: String(json['shortName']),
          operations: json['operations'] as ResourceModel['operations'],
          parentTypes: json['parentTypes'] as string[],
          childTypes: json['childTypes'] as string[],
          attributes,
        });
        break;
      }
      case 'complexType':
        complexTypes.push({ ...named(file), members: members(json['properties'] as Json) });
        break;
      case 'enumeration':
        enums.push({
          ...named(file),
          values: json['values'] as EnumValue[],
          ranges: (json['ranges'] as EnumModel['ranges'] | undefined) ?? [],
          flags: json['flags'] === true,
        });
        break;
      case 'specialization':
        // Specialisations build on the resource they specialise: see specializations.ts.
        break;
      case 'primitives':
        primitives = { source: file.path, id: String(json['$id']), defs: json['$defs'] as Record<string, Json> };
        break;
      default:
        throw new Error(`${file.path}: unknown kind ${JSON.stringify(json['kind'])}`);
    }
  }
  if (!primitives) throw new Error('schemas/types/primitives.schema.json is missing');
  // Numeric order by ty, then mgd, keeps tables readable and output stable.
  resources.sort((a, b) => a.ty - b.ty || (a.mgd ?? -1) - (b.mgd ?? -1) || a.title.localeCompare(b.title));
  const byId = new Map<string, ResolvedRef>();
  for (const e of enums) byId.set(e.id, { kind: 'enum', model: e });
  for (const c of complexTypes) byId.set(c.id, { kind: 'complex', model: c });
  const prims = primitives;
  const titles = new Map<string, string>();
  for (const item of [...resources, ...complexTypes, ...enums]) {
    const clash = titles.get(item.title);
    if (clash) throw new Error(`${item.source}: title ${item.title} is already used by ${clash}`);
    titles.set(item.title, item.source);
  }
  return {
    resources,
    complexTypes,
    enums,
    primitives: prims,
    resolve(fromId, ref) {
      const [file = '', fragment] = ref.split('#');
      const target = new URL(file, fromId).href;
      if (target === prims.id) {
        const name = (fragment ?? '').replace(/^\/\$defs\//, '');
        const schema = prims.defs[name];
        if (!schema) throw new Error(`${fromId}: $ref ${ref} names no primitive`);
        return { kind: 'primitive', name, schema };
      }
      const found = byId.get(target);
      if (!found) throw new Error(`${fromId}: $ref ${ref} points to no schema`);
      return found;
    },
  };
}
