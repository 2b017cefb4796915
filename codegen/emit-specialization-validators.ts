import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import type { Output } from './emit.js';
import { header } from './header.js';
import { doc, named, pureCall } from './layout.js';
import type { Json, Model } from './model.js';
import type { SpecializationModel } from './specializations.js';

// A specialisation's validators are its base type's generated validators plus one compiled check
// per custom attribute's data type (see src/validation/bind-specialization-validator.ts). The
// checks are compiled here with ajv standalone, once for all specialisations: custom attributes
// are primitives or lists of them, so a dozen checks cover every one of them.

const ALL = 'schemas/flexcontainers/*.schema.json';
const CHECKS_ID = 'https://onem2m-client.dev/schemas/flexcontainers/data-types.json';

const stripDescription = (schema: Json): Json =>
  Object.fromEntries(Object.entries(schema).filter(([k]) => k !== 'description'));

/** The value schema of every data type the custom attributes use; one data type, one schema. */
function dataTypeSchemas(specs: readonly SpecializationModel[]): Map<string, { schema: Json; source: string }> {
  const byType = new Map<string, { schema: Json; source: string }>();
  for (const s of specs) {
    for (const a of s.attributes) {
      // Resolve the relative $ref against the schema it is written in, so one id works for all.
      const schema = absolute(s.id, a.schema);
      const known = byType.get(a.dataType);
      if (known && JSON.stringify(known.schema) !== JSON.stringify(schema))
        throw new Error(`${s.source}: data type ${a.dataType} of ${a.short} differs from its use in ${known.source}`);
      byType.set(a.dataType, { schema, source: s.source });
    }
  }
  return new Map([...byType].sort(([a], [b]) => a.localeCompare(b, 'en')));
}

function absolute(fromId: string, schema: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref') out[key] = new URL(String(value), fromId).href;
    else if (key === 'items') out[key] = absolute(fromId, value as Json);
    else out[key] = value;
  }
  return out;
}

/** generated/flexcontainers/validators/data-types.gen.ts: the compiled data type checks. */
export function emitDataTypeChecks(model: Model, specs: readonly SpecializationModel[]): Output {
  const ajv = new Ajv({
    code: { source: true, esm: true, lines: true },
    allErrors: true,
    strict: true,
    allowUnionTypes: true,
    inlineRefs: false,
  });
  ajv.addSchema({
    $id: model.primitives.id,
    $defs: Object.fromEntries(Object.entries(model.primitives.defs).map(([k, v]) => [k, stripDescription(v)])),
  });
  const types = dataTypeSchemas(specs);
  const names = [...types.keys()];
  ajv.addSchema({ $id: CHECKS_ID, $defs: Object.fromEntries([...types].map(([name, { schema }]) => [name, schema])) });
  const exported = Object.fromEntries(names.map((name, i) => [`check${i}`, `${CHECKS_ID}#/$defs/${name}`]));
  const code = standalone
    .default(ajv, exported)
    .replace(/^"use strict";\n?/, '')
    .replace(/^export const (check\d+) = (\w+);$/gm, 'const $1 = $2;');
  if (/\brequire\(/.test(code))
    throw new Error('ajv standalone output for the data type checks calls require(); import its runtime helpers');
  const lines = [
    header([ALL, 'schemas/types/primitives.schema.json']),
    '// @ts-nocheck -- ajv standalone output is plain JavaScript; the typed table is at the end.',
    "import type { DataTypeChecks } from '../../../src/codegen-api/index.js';",
    code.trim(),
    '',
    '/** The compiled check of each data type the specialisations use, by data type name. */',
    'export const dataTypeChecks: DataTypeChecks = {',
    ...names.map((name, i) => `  ${JSON.stringify(name)}: check${i},`),
    '};',
    '',
  ];
  return ['flexcontainers/validators/data-types.gen.ts', lines.join('\n')];
}

/** generated/flexcontainers/validators/<name>.gen.ts: one specialisation's validators. */
export function emitSpecializationValidators(spec: SpecializationModel): Output {
  const { of, instanceOf, instance } = spec;
  const variants: [string, string, string][] = [
    ['', '', `a full ${spec.typeName} resource as a CSE returns it`],
    [
      'Create',
      'Create',
      `the content of a ${spec.typeName} create request: no NP attribute, every M attribute, the cnd, right data types`,
    ],
    [
      'Update',
      'Update',
      `the content of a ${spec.typeName} update request: no NP attribute, right data types, null only where a reset is allowed`,
    ],
  ];
  const validator = (name: string, type: string, descriptor: string, base: string) =>
    pureCall(`export const ${name}: Validator<${type}> =`, 'bindSpecializationValidator', [
      descriptor,
      base,
      'dataTypeChecks',
    ]);
  const bases = (r: typeof of) => [`validate${r.title}`, `validate${r.title}Create`, `validate${r.title}Update`];
  const lines = [
    header([spec.source]),
    "import { bindSpecializationValidator, type Validator } from '../../../src/codegen-api/index.js';",
    named('import', bases(of), `../../validators/${of.base}.gen.js`),
    ...(instance ? [named('import', bases(instanceOf), `../../validators/${instanceOf.base}.gen.js`)] : []),
    named(
      'import',
      [`${spec.title}Descriptor`, ...(instance ? [`${instance.title}Descriptor`] : [])],
      '../descriptors.gen.js',
    ),
    named(
      'import type',
      [spec.title, `${spec.title}Create`, `${spec.title}Update`, ...(instance ? [instance.title] : [])],
      `../${spec.base}.gen.js`,
    ),
    "import { dataTypeChecks } from './data-types.gen.js';",
    '',
    ...variants.flatMap(([suffix, baseSuffix, what]) => [
      doc([`Validates ${what}.`]),
      validator(
        `validate${spec.title}${suffix}`,
        `${spec.title}${suffix}`,
        `${spec.title}Descriptor`,
        `validate${of.title}${baseSuffix}`,
      ),
      '',
    ]),
    ...(instance
      ? [
          doc([`Validates one ${instance.typeName} history entry as a CSE returns it.`]),
          validator(
            `validate${instance.title}`,
            instance.title,
            `${instance.title}Descriptor`,
            `validate${instanceOf.title}`,
          ),
          '',
          doc([`${instance.typeName} cannot be created by a request; this validator says so.`]),
          validator(
            `validate${instance.title}Create`,
            'never',
            `${instance.title}Descriptor`,
            `validate${instanceOf.title}Create`,
          ),
          '',
          doc([`${instance.typeName} cannot be updated; this validator says so.`]),
          validator(
            `validate${instance.title}Update`,
            'never',
            `${instance.title}Descriptor`,
            `validate${instanceOf.title}Update`,
          ),
          '',
        ]
      : []),
  ];
  return [`flexcontainers/validators/${spec.base}.gen.ts`, lines.join('\n')];
}

/** generated/flexcontainers/validators/index.gen.ts. */
export function emitSpecializationValidatorIndex(specs: readonly SpecializationModel[]): Output {
  const lines = [
    header([ALL]),
    '// Validators of every flexContainer specialisation and instance variant.',
    ...specs.map((s) => `export * from './${s.base}.gen.js';`),
    '',
  ];
  return ['flexcontainers/validators/index.gen.ts', lines.join('\n')];
}
