import { posix } from 'node:path';
import type { SchemaFile } from './load-schemas.js';
import { attributeModels, type AttributeModel, type Json, type Model, type ResourceModel } from './model.js';

// The flexContainer specialisations of schemas/flexcontainers/ (SDT devices, module classes,
// actions; the TS-0004 interworking ones), resolved against the resource type they specialise.
// Everything a specialisation adds to its base type is checked here once, so the emitters can
// trust it: custom attributes never shadow base attributes, children name known specialisations,
// titles are unique across all schemas, a prefix has one XML namespace, a short name one long name.

export type SdtType = 'device' | 'subDevice' | 'moduleClass' | 'action' | 'interworking';

/** The <flexContainerInstance> variant of a specialisation, which records its history. */
export interface SpecializationInstanceModel {
  readonly typeName: string;
  readonly longName: string;
  /** The TypeScript name, e.g. `BinarySwitchInstance`. */
  readonly title: string;
}

export interface SpecializationModel {
  readonly source: string;
  readonly id: string;
  /** Output base name, e.g. `binary-switch`. */
  readonly base: string;
  readonly title: string;
  /** The root name, e.g. `cod:binSh`. */
  readonly typeName: string;
  readonly longName: string;
  readonly description: string;
  /** The containerDefinition; undefined where the template leaves it open. */
  readonly cnd: string | undefined;
  readonly sdtType: SdtType;
  readonly domain: string | undefined;
  readonly xmlNamespace: string;
  /** The resource type it specialises (flexContainer) and that type's instance type. */
  readonly of: ResourceModel;
  readonly instanceOf: ResourceModel;
  readonly childSpecializations: readonly string[];
  /** Specialisations whose templates list this one as a child (the devices of a module class). */
  readonly parentSpecializations: readonly string[];
  readonly instance: SpecializationInstanceModel | undefined;
  /** The custom attributes only, sorted by short name. */
  readonly attributes: readonly AttributeModel[];
}

function fail(file: string, message: string): never {
  throw new Error(`${file}: ${message}`);
}

/** Builds the specialisations of the schema files; throws naming the file when one is inconsistent. */
export function buildSpecializations(files: readonly SchemaFile[], model: Model): SpecializationModel[] {
  const byId = new Map(model.resources.map((r) => [r.id, r]));
  const raw = files.filter((f) => f.json['kind'] === 'specialization');
  const titles = new Map<string, string>();
  for (const item of [...model.resources, ...model.complexTypes, ...model.enums]) titles.set(item.title, item.source);
  const claim = (title: string, source: string) => {
    const clash = titles.get(title);
    if (clash) fail(source, `title ${title} is already used by ${clash}`);
    titles.set(title, source);
  };
  const typeNames = new Set(model.resources.map((r) => r.typeName));

  const drafts = raw.map((file) => {
    const json = file.json;
    const id = String(json['$id']);
    const of = byId.get(new URL(String(json['specializationOf']), id).href);
    if (!of) fail(file.path, `specializationOf ${String(json['specializationOf'])} names no resource schema`);
    const instanceOf = model.resources.find(
      (r) => r.typeName !== of.typeName && of.childTypes.includes(r.typeName) && !r.operations.create,
    );
    if (!instanceOf) fail(file.path, `${of.typeName} has no instance type (a child type the CSE creates)`);
    const title = String(json['title']);
    const typeName = String(json['typeName']);
    if (typeNames.has(typeName)) fail(file.path, `type name ${typeName} is already used`);
    typeNames.add(typeName);
    claim(title, file.path);
    for (const suffix of ['Create', 'Update', 'Descriptor']) claim(`${title}${suffix}`, file.path);
    const attributes = attributeModels(json['properties'] as Json);
    for (const a of attributes) {
      if (of.attributes.some((b) => b.short === a.short))
        fail(file.path, `custom attribute ${a.short} shadows the ${of.longName} attribute of that name`);
    }
    const instanceJson = json['instance'] as { typeName: string; longName: string } | null;
    let instance: SpecializationInstanceModel | undefined;
    if (instanceJson) {
      instance = { ...instanceJson, title: `${title}Instance` };
      if (typeNames.has(instance.typeName)) fail(file.path, `type name ${instance.typeName} is already used`);
      typeNames.add(instance.typeName);
      claim(instance.title, file.path);
      claim(`${instance.title}Descriptor`, file.path);
    }
    return {
      source: file.path,
      id,
      base: posix.basename(file.path, '.schema.json'),
      title,
      typeName,
      longName: String(json['longName']),
      description: String(json['description']),
      cnd: json['cnd'] === null ? undefined : String(json['cnd']),
      sdtType: json['sdtType'] as SdtType,
      domain: json['domain'] === undefined ? undefined : String(json['domain']),
      xmlNamespace: String(json['xmlNamespace']),
      of,
      instanceOf,
      childSpecializations: [...(json['childSpecializations'] as string[])].sort(),
      instance,
      attributes,
    };
  });

  const specTypes = new Set(drafts.map((d) => d.typeName));
  const parents = new Map<string, string[]>();
  const namespaces = new Map<string, { uri: string; source: string }>();
  const longNames = new Map<string, { longName: string; source: string }>();
  for (const d of drafts) {
    for (const child of d.childSpecializations) {
      if (!specTypes.has(child))
        fail(d.source, `child specialisation ${child} is not defined in schemas/flexcontainers`);
      parents.set(child, [...(parents.get(child) ?? []), d.typeName]);
    }
    const prefix = d.typeName.slice(0, d.typeName.indexOf(':'));
    const known = namespaces.get(prefix);
    if (known && known.uri !== d.xmlNamespace)
      fail(d.source, `prefix ${prefix} has XML namespace ${d.xmlNamespace} here but ${known.uri} in ${known.source}`);
    namespaces.set(prefix, { uri: d.xmlNamespace, source: d.source });
    for (const a of d.attributes) {
      const seen = longNames.get(a.short);
      if (seen && seen.longName !== a.longName)
        fail(d.source, `custom attribute ${a.short} is ${a.longName} here but ${seen.longName} in ${seen.source}`);
      longNames.set(a.short, { longName: a.longName, source: d.source });
    }
  }
  return drafts
    .map((d) => ({ ...d, parentSpecializations: [...new Set(parents.get(d.typeName) ?? [])].sort() }))
    .sort((a, b) => a.typeName.localeCompare(b.typeName, 'en'));
}

/** The XML namespace of each type-name prefix the specialisations use, sorted by prefix. */
export function specializationNamespaces(specializations: readonly SpecializationModel[]): [string, string][] {
  const namespaces = new Map<string, string>();
  for (const s of specializations) namespaces.set(s.typeName.slice(0, s.typeName.indexOf(':')), s.xmlNamespace);
  return [...namespaces].sort(([a], [b]) => a.localeCompare(b, 'en'));
}
