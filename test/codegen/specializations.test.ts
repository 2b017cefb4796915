import { describe, expect, it } from 'vitest';
import { emitSpecializationValidators } from '../../codegen/emit-specialization-validators.js';
import {
  emitSpecialization,
  emitSpecializationDescriptors,
  emitSpecializationTables,
} from '../../codegen/emit-specializations.js';
import { loadSchemas, type SchemaFile } from '../../codegen/load-schemas.js';
import { buildModel, type Json } from '../../codegen/model.js';
import { buildSpecializations } from '../../codegen/specializations.js';
import { schemaFileProblems } from '../../codegen/validate-schemas.js';
import { root } from '../helpers/paths.js';

// The specialisation schemas (schemas/flexcontainers) and what the generator checks and writes.

const files = loadSchemas(root);
const model = buildModel(files);
const specializations = buildSpecializations(files, model);

const fileOf = (name: string): SchemaFile => {
  const file = files.find((f) => f.path === `schemas/flexcontainers/${name}.schema.json`);
  if (!file) throw new Error(`${name} missing`);
  return file;
};

/** The schema files with one specialisation changed. */
function withChanged(name: string, change: (json: Json & { properties: Record<string, Json> }) => void): SchemaFile[] {
  const original = fileOf(name);
  const json = structuredClone(original.json) as Json & { properties: Record<string, Json> };
  change(json);
  return files.map((f) => (f === original ? { path: f.path, json } : f));
}

describe('the specialisation schemas', () => {
  it('cover every specialisation of the SDT templates and TS-0004 Annex J, with their custom attributes', () => {
    expect(specializations).toHaveLength(270);
    expect(specializations.reduce((n, s) => n + s.attributes.length, 0)).toBe(1015);
    expect(specializations.filter((s) => s.instance)).toHaveLength(260);
    const kinds: Record<string, number> = {};
    for (const s of specializations) kinds[s.sdtType] = (kinds[s.sdtType] ?? 0) + 1;
    expect(kinds).toEqual({
      action: 41,
      device: 78,
      interworking: 10,
      moduleClass: 138,
      subDevice: 3,
    });
    const lamp = specializations.find((s) => s.typeName === 'cod:devLt');
    expect(lamp?.childSpecializations).toEqual(expect.arrayContaining(['cod:binSh', 'cod:color', 'cod:brigs']));
    const power = specializations.find((s) => s.typeName === 'cod:binSh');
    expect(power).toMatchObject({ title: 'BinarySwitch', cnd: 'org.onem2m.common.moduleclass.binarySwitch' });
    expect(power?.parentSpecializations).toContain('cod:devLt');
  });

  it('the meta-schema rejects a specialisation without cnd, with a bad root name or a malformed instance', () => {
    const json = structuredClone(fileOf('binary-switch').json) as Json;
    delete json['cnd'];
    json['typeName'] = 'binSh';
    json['instance'] = { typeName: 'cod:binShInst' };
    const problems = schemaFileProblems(root, [{ path: 'broken.schema.json', json }]);
    expect(problems.some((p) => p.includes("must have required property 'cnd'"))).toBe(true);
    expect(problems.some((p) => p.includes('/typeName'))).toBe(true);
    expect(problems.some((p) => p.includes('/instance'))).toBe(true);
  });

  it('the generator refuses a custom attribute shadowing a flexContainer one, an unknown child and a title clash', () => {
    const shadow = withChanged('binary-switch', (json) => {
      json.properties['cnd'] = json.properties['state'] as Json;
    });
    expect(() => buildSpecializations(shadow, model)).toThrow(
      /custom attribute cnd shadows the flexContainer attribute/,
    );
    const child = withChanged('binary-switch', (json) => {
      json['childSpecializations'] = ['cod:noSuch'];
    });
    expect(() => buildSpecializations(child, model)).toThrow(/child specialisation cod:noSuch is not defined/);
    const clash = withChanged('binary-switch', (json) => {
      json['title'] = 'Container';
    });
    expect(() => buildSpecializations(clash, model)).toThrow(/title Container is already used/);
    const longName = withChanged('binary-switch', (json) => {
      (json.properties['dgt'] as Json)['longName'] = 'dateGenerated';
    });
    expect(() => buildSpecializations(longName, model)).toThrow(/custom attribute dgt is dateGenerated here but/);
    const namespace = withChanged('binary-switch', (json) => {
      json['xmlNamespace'] = 'http://example.com/other';
    });
    expect(() => buildSpecializations(namespace, model)).toThrow(/prefix cod has XML namespace/);
  });
});

describe('the emitted specialisation modules', () => {
  const power = specializations.find((s) => s.typeName === 'cod:binSh');
  if (!power) throw new Error('cod:binSh missing');

  it('extend the flexContainer interfaces with the custom attributes, typed and documented', () => {
    const [path, code] = emitSpecialization(model, power);
    expect(path).toBe('flexcontainers/binary-switch.gen.ts');
    expect(code).toContain("export interface BinarySwitch extends Omit<FlexContainer, 'cnd'> {");
    expect(code).toContain("  cnd: 'org.onem2m.common.moduleclass.binarySwitch';");
    expect(code).toContain(
      '   * Mode: RW | Create: O | Update: O | Cardinality: 1 | Type: boolean\n   */\n  state?: boolean;',
    );
    // An update may reset dgt (0..1) but not state (1).
    expect(code).toMatch(
      /export interface BinarySwitchUpdate extends FlexContainerUpdate \{[^}]*dgt\?: string \| null;[^}]*state\?: boolean;/,
    );
    expect(code).toContain('  readonly state?: boolean;');
  });

  it('are laid out within 120 columns, without prettier (only comments and long names exceed it)', () => {
    const outputs = [
      ...specializations.map((s) => emitSpecialization(model, s)),
      ...specializations.map((s) => emitSpecializationValidators(s)),
      emitSpecializationDescriptors(specializations),
      ...emitSpecializationTables(model, specializations),
    ];
    for (const [path, code] of outputs) {
      const long = code
        .split('\n')
        .filter(
          (line) =>
            line.length > 120 && !/^\s*(\/\/|\*|\/\*\*)/.test(line) && !/^export const \w+: [\w<>]+ =$/.test(line),
        );
      expect(long, path).toEqual([]);
    }
  });
});
