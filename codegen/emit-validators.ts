import { Ajv, type Options } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import type { Json, Model, ResourceModel } from './model.js';
import { acceptsNull, variantAttributes, type Variant } from './ts-view.js';

// Compiles each resource type's three validators (full resource, create, update) at generation
// time with ajv's standalone code, so nothing is compiled and no `new Function` runs at run time.

const VARIANTS: readonly Variant[] = ['resource', 'create', 'update'];
const AJV_OPTIONS: Options = {
  code: { source: true, esm: true, lines: true },
  allErrors: true,
  strict: true,
  allowUnionTypes: true,
  inlineRefs: false,
};
// inlineRefs: false makes each attribute and complex type one function shared by the three
// variants instead of three inlined copies.

const stripDescription = (schema: Json): Json =>
  Object.fromEntries(Object.entries(schema).filter(([k]) => k !== 'description'));

/** The JSON Schemas ajv needs to know for any resource validator, keyed by $id. */
export function sharedSchemas(model: Model): Json[] {
  const schemas: Json[] = [];
  schemas.push({
    $id: model.primitives.id,
    $defs: Object.fromEntries(Object.entries(model.primitives.defs).map(([k, v]) => [k, stripDescription(v)])),
  });
  for (const e of model.enums) {
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
    schemas.push({
      $id: c.id,
      type: 'object',
      properties: Object.fromEntries(c.members.map((m) => [m.short, m.schema])),
      required: c.members.filter((m) => m.cardinality.startsWith('1')).map((m) => m.short),
      additionalProperties: false,
    });
  }
  return schemas;
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

/** The standalone ESM source of one resource type's raw validators, exported as resource/create/update. */
export function validatorSource(_model: Model, resource: ResourceModel, shared: readonly Json[]): string {
  const ajv = new Ajv(AJV_OPTIONS);
  for (const schema of shared) ajv.addSchema(schema);
  ajv.addSchema(attributesSchema(resource));
  for (const variant of VARIANTS) ajv.addSchema(variantSchema(resource, variant));
  // The CommonJS module is the function and also carries it as .default, which is what tsc sees.
  const code = standalone.default(ajv, Object.fromEntries(VARIANTS.map((v) => [v, variantId(resource, v)])));
  return toModule(code);
}

/**
 * ajv's "esm" output still uses require() for its runtime helpers and exports the raw functions;
 * turn the requires into imports and keep the raw functions module-private.
 */
function toModule(code: string): string {
  const imports: string[] = [];
  const body = code
    .replace(/^"use strict";\n?/, '')
    .replace(/const (\w+) = require\("([^"]+)"\)\.default;/g, (_, name: string, from: string) => {
      imports.push(`import ${name}Module from "${from}.js";`);
      // Node's and bundlers' CommonJS interop disagree on what the default import is.
      return `const ${name} = ${name}Module.default ?? ${name}Module;`;
    })
    .replace(/^export const (resource|create|update) = (\w+);$/gm, 'const raw_$1 = $2;');
  if (/\brequire\(/.test(body)) throw new Error('ajv standalone output still calls require(); teach toModule about it');
  return `${imports.join('\n')}${imports.length ? '\n' : ''}${body.trim()}\n`;
}
