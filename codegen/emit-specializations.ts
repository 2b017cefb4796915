import type { Output } from './emit.js';
import { valueShape } from './emit-shapes.js';
import { header } from './header.js';
import type { AttributeModel, Json, Model, ResourceModel } from './model.js';
import type { SpecializationModel } from './specializations.js';
import { specializationNamespaces } from './specializations.js';
import { primitiveType } from './ts-view.js';
import { doc, each, fill, key, named, pureCall, signature, str, union, WIDTH } from './layout.js';

// The per-specialisation modules under generated/flexcontainers/: interfaces, descriptors and
// CRUD functions. The interfaces are written directly rather than through
// json-schema-to-typescript: every custom attribute is a primitive or a list, each interface
// extends the generated one of its base type, and 270 specialisations must not slow `npm run
// generate` down.

/** The TypeScript type of a custom attribute's value. */
export function attributeType(model: Model, fromId: string, schema: Json): string {
  if (schema['type'] === 'array') {
    const item = attributeType(model, fromId, schema['items'] as Json);
    return /^\w+$/.test(item) ? `${item}[]` : `(${item})[]`;
  }
  const resolved = model.resolve(fromId, String(schema['$ref']));
  if (resolved.kind !== 'primitive')
    throw new Error(`${fromId}: custom attributes must be primitives or lists of them`);
  return primitiveType(resolved.schema);
}

type Variant = 'resource' | 'create' | 'update' | 'instance';

function member(model: Model, spec: SpecializationModel, a: AttributeModel, variant: Variant): string | undefined {
  if (variant === 'create' && a.createRule === 'NP') return undefined;
  if (variant === 'update' && a.updateRule === 'NP') return undefined;
  const instance = variant === 'instance';
  const facts = instance
    ? `Mode: RO (copied from the ${spec.longName}) | Cardinality: ${a.cardinality} | Type: ${a.dataType}`
    : `Mode: ${a.mode} | Create: ${a.createRule} | Update: ${a.updateRule} | Cardinality: ${a.cardinality} | Type: ${a.dataType}`;
  const required = (variant === 'create' && a.createRule === 'M') || (variant === 'update' && a.updateRule === 'M');
  const resettable = a.cardinality.startsWith('0..1') || a.cardinality === '1 (nullable)';
  let type = attributeType(model, spec.id, a.schema);
  if (variant === 'update' && resettable) type = `${type} | null`;
  // A CSE fills in no custom attribute, so a resource has one only if its create rule is M.
  const optional = variant === 'resource' ? a.createRule !== 'M' : !required;
  const modifier = instance || (variant === 'resource' && a.mode === 'RO') ? 'readonly ' : '';
  return `${doc([`${a.longName}: ${a.description}`, '', facts], '  ')}\n  ${modifier}${a.short}${optional ? '?' : ''}: ${type};`;
}

function interfaceOf(name: string, extendsType: string, summary: string[], members: string[]): string {
  return `${doc(summary)}\nexport interface ${name} extends ${extendsType} {\n${members.join('\n')}\n}\n`;
}

function interfaces(model: Model, spec: SpecializationModel): string {
  const { of, instanceOf } = spec;
  const where = `${spec.typeName}, a ${of.longName} specialisation, ty ${of.ty}${spec.cnd ? `, cnd ${spec.cnd}` : ''}`;
  const cndMember = (readonly: boolean) =>
    spec.cnd === undefined
      ? []
      : [
          `${doc([`containerDefinition: always ${spec.cnd} for a ${spec.longName}.`], '  ')}\n  ${readonly ? 'readonly ' : ''}cnd: ${str(spec.cnd)};`,
        ];
  const base = (type: string) => (spec.cnd === undefined ? type : `Omit<${type}, 'cnd'>`);
  const members = (variant: Variant) =>
    spec.attributes.map((a) => member(model, spec, a, variant)).filter((m): m is string => m !== undefined);
  const parts = [
    interfaceOf(
      spec.title,
      base(of.title),
      [`A ${spec.longName} resource as a CSE returns it (${where}).`, '', spec.description],
      [...cndMember(false), ...members('resource')],
    ),
    interfaceOf(
      `${spec.title}Create`,
      base(`${of.title}Create`),
      [`The attributes a create of a ${spec.longName} may carry (${where}).`],
      [...cndMember(false), ...members('create')],
    ),
    interfaceOf(
      `${spec.title}Update`,
      `${of.title}Update`,
      [`The attributes an update of a ${spec.longName} may carry (${where}).`],
      members('update'),
    ),
  ];
  if (spec.instance) {
    parts.push(
      interfaceOf(
        spec.instance.title,
        instanceOf.title,
        [
          `One entry of a ${spec.longName}'s history as a CSE returns it (${spec.instance.typeName}, a ${instanceOf.longName}, ty ${instanceOf.ty}): its custom attributes at one point in time.`,
        ],
        members('instance'),
      ),
      `/** A ${spec.instance.longName} cannot be created by a request: the CSE records it. */\nexport type ${spec.instance.title}Create = never;\n`,
      `/** A ${spec.instance.longName} cannot be updated. */\nexport type ${spec.instance.title}Update = never;\n`,
    );
  }
  return parts.join('\n');
}

/** One attribute descriptor entry, `dgt: { longName: 'dataGenerationTime', mode: 'RW', … },`. */
function attributeEntry(a: AttributeModel, indent: string): string {
  const facts = [
    ['longName', a.longName],
    ['mode', a.mode],
    ['create', a.createRule],
    ['update', a.updateRule],
    ['cardinality', a.cardinality],
    ['dataType', a.dataType],
  ].map(([k, v]) => `${k}: ${str(String(v))}`);
  return each(`${indent}  `, `${key(a.short)}: { `, facts, ' },');
}

/** The specialisation's definition as an object literal whose inner lines are at `indent` plus two spaces. */
function descriptorLiteral(spec: SpecializationModel, indent: string): string {
  const inner = `${indent}  `;
  const list = (name: string, items: readonly string[]) => fill(inner, `${name}: [`, items.map(str), '],');
  const field = (name: string, value: string | undefined) =>
    value === undefined ? [] : [`${inner}${name}: ${str(value)},`];
  return [
    '{',
    ...field('name', spec.title),
    ...field('typeName', spec.typeName),
    ...field('longName', spec.longName),
    ...field('schema', spec.source),
    ...field('cnd', spec.cnd),
    ...field('sdtType', spec.sdtType),
    ...field('domain', spec.domain),
    list('parentTypes', [...spec.of.parentTypes, ...spec.parentSpecializations]),
    list('childTypes', [
      ...spec.of.childTypes,
      ...(spec.instance ? [spec.instance.typeName] : []),
      ...spec.childSpecializations,
    ]),
    list('childSpecializations', spec.childSpecializations),
    ...field('instanceTypeName', spec.instance?.typeName),
    spec.attributes.length === 0 ? `${inner}attributes: {},` : `${inner}attributes: {`,
    ...(spec.attributes.length === 0 ? [] : [...spec.attributes.map((a) => attributeEntry(a, inner)), `${inner}},`]),
    `${indent}}`,
  ].join('\n');
}

/** A CRUD function delegating to the executor, as the resource modules' (templates/resource.hbs). */
function crud(
  summary: string,
  name: string,
  parameters: readonly string[],
  returns: string,
  call: string,
  cast: string | undefined,
): string {
  const head = signature(`export function ${name}<O>`, ['executor: ResourceExecutor<O>', ...parameters], returns);
  const direct = `  return ${call}${cast ? ` as ${cast}` : ''};`;
  const body =
    direct.length <= WIDTH ? direct : `  const result = ${call};\n  return result${cast ? ` as ${cast}` : ''};`;
  return `${doc([summary])}\n${head}\n${body}\n}\n`;
}

function functions(spec: SpecializationModel): string {
  const { title, longName, typeName, of, instance } = spec;
  const d = `${title}Descriptor`;
  const parts = [
    crud(
      `Creates a ${longName} under \`parent\` (CREATE with ty ${of.ty}, root ${typeName}); resolves to the created resource.`,
      `create${title}`,
      ['parent: string', `content: ${title}Create`, 'options?: O'],
      `Promise<${title}>`,
      `executor.create(${d}, parent, content, options)`,
      `Promise<${title}>`,
    ),
    crud(
      `Retrieves the ${longName} at \`target\`.`,
      `retrieve${title}`,
      ['target: string', 'options?: O'],
      `Promise<${title}>`,
      `executor.retrieve(${d}, target, options)`,
      `Promise<${title}>`,
    ),
    crud(
      `Updates the ${longName} at \`target\` with only the attributes in \`content\`; resolves to the updated resource.`,
      `update${title}`,
      ['target: string', `content: ${title}Update`, 'options?: O'],
      `Promise<${title}>`,
      `executor.update(${d}, target, content, options)`,
      `Promise<${title}>`,
    ),
    crud(
      `Deletes the ${longName} at \`target\`, and with it all its children.`,
      `delete${title}`,
      ['target: string', 'options?: O'],
      'Promise<void>',
      `executor.delete(${d}, target, options).then(() => undefined)`,
      undefined,
    ),
  ];
  if (instance)
    parts.push(
      crud(
        `Retrieves the ${instance.longName} (one history entry of a ${longName}) at \`target\`.`,
        `retrieve${instance.title}`,
        ['target: string', 'options?: O'],
        `Promise<${instance.title}>`,
        `executor.retrieve(${instance.title}Descriptor, target, options)`,
        `Promise<${instance.title}>`,
      ),
    );
  return parts.join('\n');
}

/** generated/flexcontainers/<name>.gen.ts: interfaces and CRUD functions of one specialisation, and its descriptors. */
export function emitSpecialization(model: Model, spec: SpecializationModel): Output {
  const { of, instanceOf, instance } = spec;
  const descriptors = [`${spec.title}Descriptor`, ...(instance ? [`${instance.title}Descriptor`] : [])];
  const lines = [
    header([spec.source]),
    named('import type', [of.title, `${of.title}Create`, `${of.title}Update`], `../resources/${of.base}.gen.js`),
    ...(instance ? [named('import type', [instanceOf.title], `../resources/${instanceOf.base}.gen.js`)] : []),
    "import type { ResourceExecutor } from '../../src/codegen-api/index.js';",
    '// The descriptors of every specialisation live in one module, so that the CSE and `validate` load',
    '// one file instead of hundreds; bundlers still keep only the ones a program uses.',
    named('import', descriptors, './descriptors.gen.js'),
    '',
    each('', 'export { ', descriptors, ' };'),
    '',
    interfaces(model, spec),
    functions(spec),
  ];
  return [`flexcontainers/${spec.base}.gen.ts`, lines.join('\n')];
}

/**
 * generated/flexcontainers/descriptors.gen.ts: every specialisation's descriptors in one module
 * (one file to load for the CSE and `validate`; each a pure call, so bundlers drop unused ones).
 */
export function emitSpecializationDescriptors(specs: readonly SpecializationModel[]): Output {
  const bases = new Map<string, ResourceModel>();
  for (const s of specs) bases.set(s.of.title, s.of).set(s.instanceOf.title, s.instanceOf);
  const lines = [
    header([ALL]),
    ...[...bases.values()]
      .sort((a, b) => a.title.localeCompare(b.title, 'en'))
      .map((b) => named('import', [`${b.title}Descriptor`], `../resources/${b.base}.gen.js`)),
    named(
      'import',
      ['defineInstanceOf', 'defineSpecialization', 'type SpecializationDescriptor'],
      '../../src/codegen-api/index.js',
    ),
    '',
  ];
  for (const s of specs) {
    lines.push(
      doc([
        `Runtime description of ${s.title} (${s.typeName}, a ${s.of.longName} specialisation, ty ${s.of.ty}): its custom`,
        `attributes with long names, modes and create/update rules on top of the ${s.of.longName} ones.`,
      ]),
      pureCall(`export const ${s.title}Descriptor =`, 'defineSpecialization', [`${s.of.title}Descriptor`], (indent) =>
        descriptorLiteral(s, indent),
      ),
      '',
    );
    if (s.instance) {
      const fields = [
        `name: ${str(s.instance.title)}`,
        `typeName: ${str(s.instance.typeName)}`,
        `longName: ${str(s.instance.longName)}`,
      ];
      lines.push(
        doc([
          `Runtime description of ${s.instance.title} (${s.instance.typeName}): one entry of a ${s.longName}'s history.`,
        ]),
        pureCall(
          `export const ${s.instance.title}Descriptor =`,
          'defineInstanceOf',
          [`${s.instanceOf.title}Descriptor`, `${s.title}Descriptor`],
          (indent) => `{\n${fields.map((f) => `${indent}  ${f},`).join('\n')}\n${indent}}`,
        ),
        '',
      );
    }
  }
  lines.push(
    '/** Every specialisation descriptor and instance variant descriptor, in root name order. */',
    'export const specializationDescriptors: readonly SpecializationDescriptor[] = [',
    ...specs.flatMap((s) => [`  ${s.title}Descriptor,`, ...(s.instance ? [`  ${s.instance.title}Descriptor,`] : [])]),
    '];',
    '',
  );
  return ['flexcontainers/descriptors.gen.ts', lines.join('\n')];
}

const ALL = 'schemas/flexcontainers/*.schema.json';

/**
 * The tables the runtime needs about every specialisation, each in a module of its own so that a
 * bundle pulls in only what it uses: the list (CLI, validate), the wire shapes and namespaces (XML
 * codec), the long names (long-name output), and the type map (types only).
 */
export function emitSpecializationTables(model: Model, specs: readonly SpecializationModel[]): Output[] {
  const optional = (value: string | undefined) => (value === undefined ? 'undefined' : str(value));
  const table = [
    header([ALL]),
    '/** Every flexContainer specialisation the schemas define, in root name order. */',
    'export const specializationTable = [',
    ...specs.map((s) =>
      each(
        '  ',
        '{ ',
        [
          `typeName: ${str(s.typeName)}`,
          `name: ${str(s.title)}`,
          `longName: ${str(s.longName)}`,
          `cnd: ${optional(s.cnd)}`,
          `sdtType: ${str(s.sdtType)}`,
          `instanceTypeName: ${optional(s.instance?.typeName)}`,
          `instanceName: ${optional(s.instance?.title)}`,
          `module: ${str(s.base)}`,
        ],
        ' },',
      ),
    ),
    '] as const;',
    '',
    '/** One row of {@link specializationTable}. */',
    'export type SpecializationEntry = (typeof specializationTable)[number];',
    '',
  ];
  const shapeEntry = (spec: SpecializationModel) =>
    fill(
      '  ',
      `${str(spec.typeName)}: { base: ${str(spec.of.typeName)}, ${
        spec.instance ? `instance: [${str(spec.instance.typeName)}, ${str(spec.instanceOf.typeName)}], ` : ''
      }members: { `,
      spec.attributes.map((a) => `${key(a.short)}: ${str(valueShape(model, spec.id, a.schema))}`),
      ' } },',
    );
  const shapes = [
    header([ALL]),
    "import type { MemberShapes } from '../../src/codegen-api/shape.js';",
    '',
    '/** What a specialisation adds to its base type: custom attributes and their wire shapes. */',
    'export interface SpecializationShapes {',
    '  /** The root name of the type it specialises, whose shapes come first. */',
    '  readonly base: string;',
    "  /** Its instance variant and that variant's base type; the variant carries the same custom attributes. */",
    '  readonly instance?: readonly [typeName: string, base: string];',
    '  readonly members: MemberShapes;',
    '}',
    '',
    '/** The wire shapes a specialisation adds to its base type, by root name. */',
    'export const specializationShapes: Readonly<Record<string, SpecializationShapes>> = {',
    ...specs.map(shapeEntry),
    '};',
    '',
    '/** The XML namespace of each root-name prefix the specialisations use. */',
    'export const specializationNamespaces: Readonly<Record<string, string>> = {',
    ...specializationNamespaces(specs).map(([prefix, uri]) => `  ${key(prefix)}: ${str(uri)},`),
    '};',
    '',
  ];
  const longNames = new Map<string, string>();
  for (const s of specs) for (const a of s.attributes) longNames.set(a.short, a.longName);
  const names = [
    header([ALL]),
    '/** The long name of each specialisation and instance variant, by root name (`cod:binSh` → `binarySwitch`). */',
    'export const specializationLongNames: Readonly<Record<string, string>> = {',
    ...specs.flatMap((s) => [
      `  ${str(s.typeName)}: ${str(s.longName)},`,
      ...(s.instance ? [`  ${str(s.instance.typeName)}: ${str(s.instance.longName)},`] : []),
    ]),
    '};',
    '',
    '/** Long name of every custom attribute of the specialisations, by short name. */',
    'export const customAttributeLongNames: Readonly<Record<string, string>> = {',
    ...[...longNames]
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([short, long]) => `  ${key(short)}: ${str(long)},`),
    '};',
    '',
  ];
  const typeMap = [
    header([ALL]),
    ...specs.map((s) =>
      named(
        'import type',
        [s.title, `${s.title}Create`, `${s.title}Update`, ...(s.instance ? [s.instance.title] : [])],
        `./${s.base}.gen.js`,
      ),
    ),
    '',
    '/**',
    ' * The interfaces of each specialisation and instance variant by root name: the resource, its create and',
    ' * update content, the specialisations its template nests under it, and its history entries.',
    ' */',
    'export interface SpecializationTypeMap {',
    ...specs.flatMap((s) => [
      `  ${str(s.typeName)}: {`,
      `    resource: ${s.title};`,
      `    create: ${s.title}Create;`,
      `    update: ${s.title}Update;`,
      union('    ', 'children:', s.childSpecializations.map(str)),
      `    instance: ${s.instance ? str(s.instance.typeName) : 'never'};`,
      '  };',
      ...(s.instance
        ? [
            `  ${str(s.instance.typeName)}: {`,
            `    resource: ${s.instance.title};`,
            '    create: never;',
            '    update: never;',
            '    children: never;',
            '    instance: never;',
            '  };',
          ]
        : []),
    ]),
    '}',
    '',
    '/** The root name of any flexContainer specialisation (not of its instance variants). */',
    union(
      '',
      'export type SpecializationTypeName =',
      specs.map((s) => str(s.typeName)),
    ),
    '',
  ];
  const index = [
    header([ALL]),
    '// Types, descriptors and CRUD functions of every flexContainer specialisation, and their table.',
    '// Validators live in ./validators/index.gen.js so that importing types pulls no validation code.',
    ...specs.map((s) => `export * from './${s.base}.gen.js';`),
    "export * from './table.gen.js';",
    "export type * from './type-map.gen.js';",
    '',
  ];
  return [
    ['flexcontainers/table.gen.ts', table.join('\n')],
    ['flexcontainers/shapes.gen.ts', shapes.join('\n')],
    ['flexcontainers/names.gen.ts', names.join('\n')],
    ['flexcontainers/type-map.gen.ts', typeMap.join('\n')],
    ['flexcontainers/index.gen.ts', index.join('\n')],
  ];
}
