import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { compile } from 'json-schema-to-typescript';
import { header } from './header.js';
import type { Json, Model, ResourceModel } from './model.js';
import { complexView, ImportSet, resourceView, variantName, type Variant } from './ts-view.js';
import { compileValidators, SHARED_MODULE } from './emit-validators.js';

// One function per kind of output file. Each returns [path relative to generated/, contents].

export type Output = readonly [path: string, contents: string];

const templates = new Map<string, HandlebarsTemplateDelegate>();
function render(name: string, data: object): string {
  let template = templates.get(name);
  if (!template) {
    const source = readFileSync(fileURLToPath(new URL(`./templates/${name}.hbs`, import.meta.url)), 'utf8');
    template = Handlebars.compile(source, { noEscape: true, strict: true });
    templates.set(name, template);
  }
  return template(data);
}

const JSTT_OPTIONS = {
  bannerComment: '',
  format: false,
  additionalProperties: false,
  declareExternallyReferenced: false,
  ignoreMinAndMaxItems: true,
  strictIndexSignatures: true,
  unknownAny: true,
} as const;

function importLines(imports: ImportSet, fromDir: 'resources' | 'types', self?: string): string {
  const lines: string[] = [];
  const add = (dir: string, title: string, base: string) => {
    if (title === self) return;
    const path = dir === fromDir ? `./${base}.gen.js` : `../${dir}/${base}.gen.js`;
    lines.push(`import type { ${title} } from '${path}';`);
  };
  for (const [title, e] of [...imports.enums].sort(([a], [b]) => a.localeCompare(b))) add('enums', title, e.base);
  for (const [title, c] of [...imports.complex].sort(([a], [b]) => a.localeCompare(b))) add('types', title, c.base);
  return lines.join('\n');
}

/** Adds `readonly` to the RO attributes of the resource interface json-schema-to-typescript emitted. */
function markReadonly(source: string, interfaceName: string, readonlyKeys: ReadonlySet<string>): string {
  const start = source.indexOf(`export interface ${interfaceName} {`);
  if (start < 0) throw new Error(`interface ${interfaceName} not found in json-schema-to-typescript output`);
  const end = source.indexOf('\n}', start);
  const body = source
    .slice(start, end)
    .replace(/^(\s*)([A-Za-z_$][\w$]*)(\??:)/gm, (line, indent: string, key: string, rest: string) =>
      readonlyKeys.has(key) ? `${indent}readonly ${key}${rest}` : line,
    );
  return source.slice(0, start) + body + source.slice(end);
}

async function resourceInterfaces(model: Model, resource: ResourceModel, imports: ImportSet): Promise<string> {
  const parts: string[] = [];
  for (const variant of ['resource', 'create', 'update'] as const satisfies readonly Variant[]) {
    const name = variantName(resource, variant);
    if (variant !== 'resource' && !resource.operations[variant]) {
      parts.push(
        `/** ${resource.title} cannot be ${variant === 'create' ? 'created' : 'updated'} by a request (TS-0001), so no content is valid. */\nexport type ${name} = never;\n`,
      );
      continue;
    }
    let ts = await compile(resourceView(model, resource, variant, imports) as never, name, JSTT_OPTIONS);
    if (variant === 'resource')
      ts = markReadonly(ts, name, new Set(resource.attributes.filter((a) => a.mode === 'RO').map((a) => a.short)));
    parts.push(ts);
  }
  return parts.join('\n');
}

function descriptorLiteral(resource: ResourceModel): string {
  const descriptor: Json = {
    name: resource.title,
    ty: resource.ty,
    ...(resource.mgd === undefined ? {} : { mgd: resource.mgd }),
    typeName: resource.typeName,
    longName: resource.longName,
    shortName: resource.shortName,
    schema: resource.source,
    operations: resource.operations,
    parentTypes: resource.parentTypes,
    childTypes: resource.childTypes,
    attributes: Object.fromEntries(
      resource.attributes.map((a) => [
        a.short,
        {
          longName: a.longName,
          mode: a.mode,
          create: a.createRule,
          update: a.updateRule,
          cardinality: a.cardinality,
          dataType: a.dataType,
        },
      ]),
    ),
  };
  return JSON.stringify(descriptor, null, 2);
}

export async function emitResource(model: Model, resource: ResourceModel): Promise<Output> {
  const imports = new ImportSet();
  const interfaces = await resourceInterfaces(model, resource, imports);
  const contents = render('resource', {
    header: header([resource.source]),
    imports: importLines(imports, 'resources'),
    interfaces,
    descriptor: descriptorLiteral(resource),
    title: resource.title,
    typeName: resource.typeName,
    longName: resource.longName,
    ty: resource.ty,
    hasMgd: resource.mgd !== undefined,
    mgd: resource.mgd,
    operations: resource.operations,
  });
  return [`resources/${resource.base}.gen.ts`, contents];
}

export function emitValidators(model: Model): { readonly shared: Output; resource(resource: ResourceModel): Output } {
  const compiled = compileValidators(model);
  const shared = [
    header(['schemas/types/*.schema.json', 'schemas/enums/*.schema.json']),
    '// @ts-nocheck -- ajv standalone output is plain JavaScript.',
    '// The validation functions of every primitive, enumeration and complex type, compiled once and',
    '// imported by the resource validators. Raw ajv functions: use the typed validators of a resource.',
    compiled.shared,
  ].join('\n');
  return {
    shared: [SHARED_MODULE, shared],
    resource: (resource) => [
      `validators/${resource.base}.gen.ts`,
      render('validators', {
        header: header([resource.source]),
        title: resource.title,
        base: resource.base,
        typeName: resource.typeName,
        code: compiled.resource(resource),
      }),
    ],
  };
}

export async function emitComplexTypes(model: Model): Promise<Output[]> {
  const outputs: Output[] = [];
  for (const complex of model.complexTypes) {
    const imports = new ImportSet();
    const interfaces = await compile(complexView(model, complex, imports) as never, complex.title, JSTT_OPTIONS);
    outputs.push([
      `types/${complex.base}.gen.ts`,
      render('complex-type', {
        header: header([complex.source]),
        imports: importLines(imports, 'types', complex.title),
        interfaces,
      }),
    ]);
  }
  return outputs;
}

export function emitEnums(model: Model): Output[] {
  return model.enums.map((e) => {
    const union = e.values.map((v) => String(v.value)).join(' | ');
    // Flags combine and ranges extend the named values, so any integer of the type is valid there.
    const tsType = e.flags || e.ranges.length > 0 ? 'number' : union;
    return [`enums/${e.base}.gen.ts`, render('enum', { header: header([e.source]), ...e, tsType })] as const;
  });
}

export function emitRegistry(model: Model): Output {
  const resources = model.resources.map((r) => ({ ...r, hasMgd: r.mgd !== undefined }));
  return ['registry.gen.ts', render('registry', { header: header(['schemas/resources/*.schema.json']), resources })];
}

export function emitNames(model: Model): Output {
  const longByShort = new Map<string, string>();
  for (const r of model.resources) {
    for (const a of r.attributes) {
      const known = longByShort.get(a.short);
      if (known !== undefined && known !== a.longName)
        throw new Error(`${r.source}: attribute ${a.short} is ${a.longName} here but ${known} elsewhere`);
      longByShort.set(a.short, a.longName);
    }
  }
  const entries = [...longByShort].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  const attributes = entries.map(([short, long]) => ({ key: JSON.stringify(short), long }));
  const shortsByLong = new Map<string, string[]>();
  for (const [short, long] of entries) shortsByLong.set(long, [...(shortsByLong.get(long) ?? []), short]);
  const byLong = [...shortsByLong].sort(([a], [b]) => a.localeCompare(b, 'en'));
  const attributesByLong = byLong
    .filter(([, shorts]) => shorts.length === 1)
    .map(([long, shorts]) => ({ key: JSON.stringify(long), short: shorts[0] }));
  const ambiguous = byLong
    .filter(([, shorts]) => shorts.length > 1)
    .map(([long, shorts]) => ({ key: JSON.stringify(long), shorts: shorts.map((s) => `'${s}'`).join(', ') }));
  const complexTypes = model.complexTypes.map((c) => ({
    typeName: c.typeName,
    members: c.members.map((m) => ({ key: JSON.stringify(m.short), long: m.longName })),
  }));
  return [
    'names.gen.ts',
    render('names', {
      header: header(['schemas/resources/*.schema.json', 'schemas/types/*.schema.json']),
      attributes,
      attributesByLong,
      ambiguous,
      complexTypes,
    }),
  ];
}

/** A type-only map from type name to the resource, create and update interfaces, for APIs typed by descriptor. */
export function emitResourceMap(model: Model): Output {
  const lines = [
    header(['schemas/resources/*.schema.json']),
    ...model.resources.map(
      (r) =>
        `import type { ${r.title}, ${variantName(r, 'create')}, ${variantName(r, 'update')} } from './resources/${r.base}.gen.js';`,
    ),
    '',
    '/** The interfaces of each resource type by type name (`m2m:cnt`): the resource, its create and its update content. */',
    'export interface ResourceTypeMap {',
    ...model.resources.map(
      (r) =>
        `  ${JSON.stringify(r.typeName)}: { resource: ${r.title}; create: ${variantName(r, 'create')}; update: ${variantName(r, 'update')} };`,
    ),
    '}',
    '',
  ];
  return ['resource-map.gen.ts', lines.join('\n')];
}

export function emitIndexes(model: Model): Output[] {
  const all = header(['schemas/**/*.schema.json']);
  const index = [
    all,
    '// Types, descriptors and CRUD functions of every resource type, the enumerations and the tables.',
    '// Validators live in ./validators/index.gen.js so that importing types pulls no validation code.',
    ...model.resources.map((r) => `export * from './resources/${r.base}.gen.js';`),
    ...model.complexTypes.map((c) => `export type * from './types/${c.base}.gen.js';`),
    ...model.enums.map((e) => `export * from './enums/${e.base}.gen.js';`),
    "export * from './registry.gen.js';",
    "export * from './names.gen.js';",
    "export type * from './resource-map.gen.js';",
    '',
  ].join('\n');
  const validators = [all, ...model.resources.map((r) => `export * from './${r.base}.gen.js';`), ''].join('\n');
  return [
    ['index.gen.ts', index],
    ['validators/index.gen.ts', validators],
  ];
}
