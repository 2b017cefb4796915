import { describe, expect, it } from 'vitest';
import { loadSchemas } from '../../codegen/load-schemas.js';
import { schemaFileProblems } from '../../codegen/validate-schemas.js';
import type { Json } from '../../codegen/model.js';
import { root } from '../helpers/paths.js';
import { model } from '../helpers/samples.js';

const files = loadSchemas(root);

describe('schema files', () => {
  it('every file satisfies the meta-schema', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(schemaFileProblems(root, files)).toEqual([]);
  });

  it('the meta-schema rejects a mode that contradicts the rules, a bad rule and a missing long name', () => {
    const container = files.find((f) => f.path === 'schemas/resources/container.schema.json');
    if (!container) throw new Error('container schema missing');
    const broken = structuredClone(container.json) as Json & { properties: Record<string, Json> };
    broken.properties['mni'] = { ...broken.properties['mni'], mode: 'RO' };
    broken.properties['mbs'] = { ...broken.properties['mbs'], createRule: 'MAYBE' };
    delete broken.properties['mia']?.['longName'];
    const problems = schemaFileProblems(root, [{ path: 'broken.schema.json', json: broken }]);
    expect(problems.some((p) => p.includes('/properties/mni'))).toBe(true);
    expect(problems.some((p) => p.includes('/properties/mbs/createRule'))).toBe(true);
    expect(problems.some((p) => p.includes('/properties/mia') && p.includes('longName'))).toBe(true);
  });

  it('covers every resource type the issue lists, each with a unique ty/mgd and type name', () => {
    const tys = new Set(model.resources.filter((r) => r.mgd === undefined).map((r) => r.ty));
    for (const ty of [
      1, 2, 3, 4, 5, 9, 10, 13, 14, 15, 16, 17, 18, 23, 24, 25, 26, 27, 28, 29, 30, 34, 43, 44, 47, 48, 58, 60, 62, 63,
      64, 65, 66,
    ]) {
      expect(tys.has(ty), `ty ${ty}`).toBe(true);
    }
    const keys = model.resources.map((r) => `${r.ty}/${r.mgd ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
    const names = model.resources.map((r) => r.typeName);
    expect(new Set(names).size).toBe(names.length);
    expect(model.resources.filter((r) => r.mgd !== undefined).map((r) => r.mgd)).toEqual(
      expect.arrayContaining([1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010]),
    );
  });

  it('every ty and mgd appears in the resourceType and mgmtDefinition enumerations', () => {
    const values = (typeName: string) =>
      new Set(model.enums.find((e) => e.typeName === typeName)?.values.map((v) => v.value));
    const ty = values('m2m:resourceType');
    const mgd = values('m2m:mgmtDefinition');
    for (const r of model.resources) {
      expect(ty.has(r.ty), `${r.title} ty ${r.ty}`).toBe(true);
      if (r.mgd !== undefined) expect(mgd.has(r.mgd), `${r.title} mgd ${r.mgd}`).toBe(true);
    }
  });

  it('parent and child lists agree with each other and name known types', () => {
    const byName = new Map(model.resources.map((r) => [r.typeName, r]));
    for (const r of model.resources) {
      for (const child of r.childTypes)
        expect(byName.get(child)?.parentTypes, `${child} under ${r.typeName}`).toContain(r.typeName);
      for (const parent of r.parentTypes)
        expect(byName.get(parent)?.childTypes, `${r.typeName} under ${parent}`).toContain(r.typeName);
    }
  });

  it('every $ref resolves to a primitive, enumeration or complex type', () => {
    let refs = 0;
    const walk = (fromId: string, schema: Json) => {
      if (typeof schema['$ref'] === 'string') {
        refs++;
        expect(() => model.resolve(fromId, String(schema['$ref']))).not.toThrow();
      }
      if (schema['items']) walk(fromId, schema['items'] as Json);
    };
    for (const r of model.resources) for (const a of r.attributes) walk(r.id, a.schema);
    for (const c of model.complexTypes) for (const m of c.members) walk(c.id, m.schema);
    expect(refs).toBeGreaterThan(1000);
  });

  it('the primitive samples used by the table tests are valid primitives', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const { PRIMITIVE_SAMPLES } = await import('../helpers/samples.js');
    const ajv = new Ajv2020({ strict: false });
    for (const [name, schema] of Object.entries(model.primitives.defs)) {
      expect(name in PRIMITIVE_SAMPLES, name).toBe(true);
      expect(ajv.validate(schema, PRIMITIVE_SAMPLES[name]), `${name}: ${JSON.stringify(ajv.errors)}`).toBe(true);
    }
  });
});
