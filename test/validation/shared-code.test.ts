import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validatorSchemas } from '../../codegen/emit-validators.js';
import type { Variant } from '../../codegen/ts-view.js';
import * as generated from '../../generated/validators/index.gen.js';
import { bindValidator, type RawValidator, type Validator } from '../../src/codegen-api/index.js';
import { resourceArbitrary } from '../helpers/arbitraries.js';
import { root } from '../helpers/paths.js';
import { model } from '../helpers/samples.js';

// The generated validators compile every primitive, enumeration and complex type once (in
// validators/shared.gen.ts) and every attribute once per resource module. They must still decide
// exactly what a conventional ajv instance compiling the same schemas with plain $refs decides,
// with the same issues.

const dir = join(root, 'generated', 'validators');
const SOURCE_URL = /\/\*# sourceURL="([^"]+)" \*\//g;

describe('each piece of validation code is generated once', () => {
  it('every shared schema is compiled in shared.gen.ts and nowhere else', async () => {
    const compiled = new Map<string, string[]>();
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.gen.ts'))) {
      const code = await readFile(join(dir, file), 'utf8');
      for (const [, url] of code.matchAll(SOURCE_URL)) compiled.set(url!, [...(compiled.get(url!) ?? []), file]);
    }
    const shared = [...compiled].filter(([url]) => /\/schemas\/(types|enums)\//.test(url));
    expect(shared.length).toBeGreaterThan(model.complexTypes.length);
    for (const [url, files] of shared) expect(files, url).toEqual(['shared.gen.ts']);
  });

  it('a resource module compiles each attribute once, not once per variant', async () => {
    const code = await readFile(join(dir, 'container.gen.ts'), 'utf8');
    const resource = model.resources.find((r) => r.typeName === 'm2m:cnt')!;
    expect(code.match(/^function validate\d+\(/gm)).toHaveLength(3 + resource.attributes.length);
  });
});

type Raw = RawValidator & ((data: unknown) => boolean);
const SUFFIX: Record<Variant, string> = { resource: '', create: 'Create', update: 'Update' };
const reference = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const schemas = validatorSchemas(model);
for (const schema of schemas.shared) reference.addSchema(schema);
for (const resource of model.resources) for (const schema of schemas.resource(resource)) reference.addSchema(schema);

// A value with one leaf replaced by something of another JSON type.
const mutated = (value: Record<string, unknown>, pick: number, replacement: unknown): unknown => {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(value, []);
  const path = paths[pick % paths.length]!;
  if (path.length === 0) return replacement;
  const copy = structuredClone(value);
  let at: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path.at(-1)!] = replacement;
  return copy;
};

describe.each(model.resources.map((r) => [r.title, r] as const))('%s agrees with plain ajv', (title, resource) => {
  it.each(['resource', 'create', 'update'] as const)('%s', (variant) => {
    const ours = (generated as Record<string, unknown>)[`validate${title}${SUFFIX[variant]}`] as Validator<unknown>;
    const raw = reference.getSchema(resource.id.replace(/\.schema\.json$/, `.${variant}.json`)) as Raw;
    const theirs = bindValidator(ours.descriptor, variant, raw);
    fc.assert(
      fc.property(
        resourceArbitrary(resource),
        fc.nat(),
        fc.constantFrom('x', -1, 1.5, true, null, {}, [], [1], { zz: 1 }),
        (value, pick, replacement) => {
          for (const input of [value, mutated(value, pick, replacement)])
            expect(ours(input).issues).toEqual(theirs(input).issues);
        },
      ),
      { numRuns: 10 },
    );
  });
});
