import { _, Ajv, Name, type KeywordDefinition, type Options } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { callRef } from 'ajv/dist/vocabularies/core/ref.js';
import type { Json, Model, ResourceModel } from './model.js';
import { acceptsNull, variantAttributes, type Variant } from './ts-view.js';

// Compiles the validators at generation time with ajv's standalone code, so nothing is compiled
// and no `new Function` runs at run time.
//
// Every primitive, enumeration and complex type is compiled once, into validators/shared.gen.ts,
// as one exported function. Each resource module compiles only its attributes and its three
// variants (full resource, create, update) and imports the shared functions it calls. ajv on its
// own would compile a referenced schema once per root of each module (three times per module,
// fifty modules), so the modules would repeat the same complex types many times over.
//
// The mechanism: before compiling, every `$ref` to a shared schema is replaced by the keyword
// `x-shared: <export name>`, whose code is ajv's own `$ref` call (callRef) on that name. The
// generated call and error handling are therefore exactly those ajv writes for a `$ref`.

const VARIANTS: readonly Variant[] = ['resource', 'create', 'update'];
const AJV_OPTIONS: Options = {
  code: { source: true, esm: true, lines: true },
  allErrors: true,
  strict: true,
  allowUnionTypes: true,
  inlineRefs: false,
  // A loop over a schema's required list rather than one unrolled block per name.
  loopRequired: 4,
};
// inlineRefs: false keeps ajv from inlining the schemas it does compile (attributes' own subschemas).

/** The module every resource's validators import their shared functions from (relative to generated/). */
export const SHARED_MODULE = 'validators/shared.gen.ts';
const SHARED_KEYWORD = 'x-shared';

const sharedKeyword: KeywordDefinition = {
  keyword: SHARED_KEYWORD,
  schemaType: 'string',
  // Where ajv evaluates $ref among a schema's keywords, so errors come in the same order.
  before: '$ref',
  code(cxt) {
    callRef(cxt, _`${new Name(cxt.schema as string)}`);
  },
};

const stripDescription = (schema: Json): Json =>
  Object.fromEntries(Object.entries(schema).filter(([k]) => k !== 'description'));

const identifier = (text: string) =>
  text.replace(/[^A-Za-z0-9]+(.)?/g, (_all, c: string | undefined) => (c ?? '').toUpperCase());

/** The shared schemas (primitives, enumerations, complex types) by $id, and the export name of each. */
interface Shared {
  readonly schemas: readonly Json[];
  /** Absolute $ref (with fragment for a primitive) → exported function name in shared.gen.ts. */
  readonly names: ReadonlyMap<string, string>;
}

function sharedSchemas(model: Model): Shared {
  const schemas: Json[] = [];
  const names = new Map<string, string>();
  schemas.push({
    $id: model.primitives.id,
    $defs: Object.fromEntries(Object.entries(model.primitives.defs).map(([k, v]) => [k, stripDescription(v)])),
  });
  for (const name of Object.keys(model.primitives.defs))
    names.set(`${model.primitives.id}#/$defs/${name}`, `primitive_${identifier(name)}`);
  for (const e of model.enums) {
    names.set(e.id, `enum_${identifier(e.base)}`);
    const values = e.values.map((v) => v.value);
    if (e.flags) {
      // A bitmask may combine any of the named bits.
      schemas.push({ $id: e.id, type: 'integer', minimum: 0, maximum: values.reduce((sum, v) => sum | v, 0) });
    } else if (e.ranges.length > 0) {
      schemas.push({
        $id: e.id,
        type: 'integer',
        anyOf: [{ enum: values }, ...e.ranges.map((r) => ({ minimum: r.min, maximum: r.max }))],
      });
    } else {
      schemas.push({ $id: e.id, type: 'integer', enum: values });
    }
  }
  for (const c of model.complexTypes) {
    names.set(c.id, `type_${identifier(c.base)}`);
    schemas.push({
      $id: c.id,
      type: 'object',
      properties: Object.fromEntries(c.members.map((m) => [m.short, m.schema])),
      required: c.members.filter((m) => m.cardinality.startsWith('1')).map((m) => m.short),
      additionalProperties: false,
    });
  }
  return { schemas, names };
}

/** `schema` with every `$ref` to a shared schema (resolved against `base`) turned into the x-shared keyword. */
function linkShared(schema: unknown, base: string, names: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => linkShared(s, base, names));
  if (!schema || typeof schema !== 'object') return schema;
  const own = (schema as Json)['$id'];
  const here = typeof own === 'string' ? own : base;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') {
      const target = new URL(value, here).href;
      const name = names.get(target);
      if (name === undefined) throw new Error(`$ref ${value} (in ${here}) names no shared schema`);
      out[SHARED_KEYWORD] = name;
    } else out[key] = linkShared(value, here, names);
  }
  return out;
}

function newAjv(): Ajv {
  const ajv = new Ajv(AJV_OPTIONS);
  ajv.addKeyword(sharedKeyword);
  return ajv;
}

export function variantId(resource: ResourceModel, variant: Variant | 'attributes'): string {
  return resource.id.replace(/\.schema\.json$/, `.${variant}.json`);
}

/** One schema holding each attribute's value schema, which the three variants refer to. */
function attributesSchema(resource: ResourceModel): Json {
  return {
    $id: variantId(resource, 'attributes'),
    $defs: Object.fromEntries(resource.attributes.map((a) => [a.short, a.schema])),
  };
}

// if/else rather than anyOf keeps a wrong value's errors those of its data type alone.
const orNull = (schema: Json): Json => ({ if: { type: 'null' }, else: schema });

export function variantSchema(resource: ResourceModel, variant: Variant): Json {
  const { attributes, required } = variantAttributes(resource, variant);
  const ref = (short: string): Json => ({ $ref: `${variantId(resource, 'attributes')}#/$defs/${short}` });
  return {
    $id: variantId(resource, variant),
    type: 'object',
    properties: Object.fromEntries(
      attributes.map((a) => [a.short, acceptsNull(a, variant) ? orNull(ref(a.short)) : ref(a.short)]),
    ),
    required,
    additionalProperties: false,
  };
}

/**
 * Every schema the validators are compiled from, with plain `$ref`s, keyed as ajv needs them: what
 * a conventional ajv instance would compile. The tests compile these at run time and check that the
 * generated validators agree with them.
 */
export function validatorSchemas(model: Model): {
  readonly shared: readonly Json[];
  resource(r: ResourceModel): Json[];
} {
  return {
    shared: sharedSchemas(model).schemas,
    resource: (r) => [attributesSchema(r), ...VARIANTS.map((v) => variantSchema(r, v))],
  };
}

/** Compiles the validators of the model: the shared module's source, and a function giving each resource's. */
export function compileValidators(model: Model): {
  readonly shared: string;
  resource(resource: ResourceModel): string;
} {
  const { schemas, names } = sharedSchemas(model);
  const ajv = newAjv();
  for (const schema of schemas) ajv.addSchema(linkShared(schema, String(schema['$id']), names) as Json);
  const exports = Object.fromEntries([...names].map(([ref, name]) => [name, ref]));
  const shared = toModule(standalone.default(ajv, exports), { keepExports: true, names, from: undefined });
  return {
    shared,
    resource(resource) {
      // Each attribute becomes a function of its own in the module, which the three variants call.
      const local = new Map(names);
      const attributes = attributesSchema(resource);
      for (const a of resource.attributes)
        local.set(`${attributes['$id']}#/$defs/${a.short}`, `attribute_${identifier(a.short)}`);
      const ajv = newAjv();
      const schemas = [attributes, ...VARIANTS.map((v) => variantSchema(resource, v))];
      for (const schema of schemas) ajv.addSchema(linkShared(schema, String(schema['$id']), local) as Json);
      const roots = [
        ...VARIANTS.map((v) => [v, variantId(resource, v)]),
        ...resource.attributes.map((a) => [
          `attribute_${identifier(a.short)}`,
          `${attributes['$id']}#/$defs/${a.short}`,
        ]),
      ];
      const code = standalone.default(ajv, Object.fromEntries(roots));
      return toModule(code, { keepExports: false, names, from: './shared.gen.js' });
    },
  };
}

/**
 * ajv's "esm" output still uses require() for its runtime helpers: turn them into imports of the
 * handwritten equivalents in src/codegen-api (so the package needs no ajv at run time), import the
 * shared functions a resource module calls, keep a resource module's raw functions private, and
 * mark the regular expressions pure so that bundlers drop the unused ones.
 */
function toModule(
  code: string,
  options: { keepExports: boolean; names: ReadonlyMap<string, string>; from: string | undefined },
): string {
  const runtime: string[] = [];
  let body = code
    .replace(/^"use strict";\n?/, '')
    .replace(
      /const (\w+) = require\("ajv\/dist\/runtime\/(\w+)"\)\.default;/g,
      (_all, name: string, helper: string) => {
        if (helper !== 'ucs2length')
          throw new Error(`ajv runtime helper ${helper} has no counterpart in src/codegen-api`);
        runtime.push(`${helper} as ${name}`);
        return '';
      },
    )
    .replace(/\bnew RegExp\(/g, '/*@__PURE__*/ new RegExp(');
  if (!options.keepExports)
    body = body
      .replace(/^export const (resource|create|update) = (\w+);$/gm, 'const raw_$1 = $2;')
      .replace(/^export const (attribute_\w+) = (\w+);$/gm, 'const $1 = $2;');
  if (/\brequire\(/.test(body)) throw new Error('ajv standalone output still calls require(); teach toModule about it');
  const imports: string[] = [];
  if (runtime.length > 0) imports.push(`import { ${runtime.join(', ')} } from '../../src/codegen-api/index.js';`);
  if (options.from) {
    const used = [...new Set(options.names.values())].filter((name) => new RegExp(`\\b${name}\\b`).test(body)).sort();
    if (used.length > 0) imports.push(`import { ${used.join(', ')} } from '${options.from}';`);
  }
  return `${imports.join('\n')}${imports.length ? '\n' : ''}${body.trim()}\n`;
}
