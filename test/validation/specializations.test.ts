import { describe, expect, it } from 'vitest';
import {
  validateBinarySwitch,
  validateBinarySwitchCreate,
  validateBinarySwitchInstance,
  validateBinarySwitchInstanceCreate,
  validateBinarySwitchUpdate,
  validateGenericInterworkingServiceUpdate,
} from '../../generated/flexcontainers/validators/index.gen.js';
import { createResourceTypeRegistry } from '../../src/cse/registry.js';
import { findResourceType, validate } from '../../src/validators.js';

// Validators of flexContainer specialisations: the base type's rules plus the custom attributes'.

const CND = 'org.onem2m.common.moduleclass.binarySwitch';
const rules = (issues: readonly { rule: string; attribute?: string }[]) => issues.map((i) => [i.rule, i.attribute]);

describe('specialisation validators', () => {
  it('check the base attributes and the custom ones together, in one list of issues', () => {
    expect(validateBinarySwitchCreate({ cnd: CND, state: true, lbl: ['kitchen'] }).ok).toBe(true);
    expect(rules(validateBinarySwitchCreate({ cnd: CND, cni: 2, state: 'yes', mni: -1 }).issues)).toEqual([
      ['create-not-permitted', 'cni'],
      ['data-type', 'mni'],
      ['data-type', 'state'],
    ]);
    expect(rules(validateBinarySwitchUpdate({ cnd: CND, state: null, dgt: null }).issues)).toEqual([
      ['update-not-permitted', 'cnd'],
      ['data-type', 'state'],
    ]);
    expect(rules(validateBinarySwitch({ cnd: CND }).issues).map(([rule]) => rule)).toContain('resource-mandatory');
    expect(validateBinarySwitchCreate('on').issues[0]?.rule).toBe('not-an-object');
    // A hostile key is an unknown attribute, not a prototype.
    const hostile = JSON.parse('{"cnd": "org.onem2m.common.moduleclass.binarySwitch", "__proto__": {"state": 1}}');
    expect(rules(validateBinarySwitchCreate(hostile).issues)).toEqual([['unknown-attribute', '__proto__']]);
    expect(validateBinarySwitchCreate(hostile).issues[0]?.message).toBe(
      "BinarySwitch create: '__proto__' is not an attribute of cod:binSh; remove it.",
    );
  });

  it('follow the templates’ create and update rules (interworking: serviceName cannot be updated)', () => {
    expect(rules(validateGenericInterworkingServiceUpdate({ gisn: 'x' }).issues)).toEqual([
      ['update-not-permitted', 'gisn'],
    ]);
  });

  it('the instance variant is read-only history', () => {
    expect(validateBinarySwitchInstanceCreate({ state: true }).issues[0]?.rule).toBe('operation-not-permitted');
    const entry = {
      ty: 58,
      ri: 'fci1',
      rn: 's_1',
      pi: 'fcnt1',
      ct: '20250102T030405',
      lt: '20250102T030405',
      et: '20300102T030405',
      st: 1,
      cs: 4,
      org: 'Clamp',
      state: true,
    };
    expect(validateBinarySwitchInstance(entry).issues).toEqual([]);
    expect(rules(validateBinarySwitchInstance({ ...entry, state: 'on' }).issues)).toEqual([['data-type', 'state']]);
  });

  it('the CSE and validate() bind the same validators as the generated modules', () => {
    const registry = createResourceTypeRegistry();
    const info = registry.byTypeName('cod:binSh');
    const payloads = [{ cnd: CND, state: true }, { cnd: 'x', state: 1, colour: 'red' }, { state: null }, []];
    for (const payload of payloads) {
      expect(info?.validateCreate(payload).issues).toEqual(validateBinarySwitchCreate(payload).issues);
      expect(info?.validateUpdate(payload).issues).toEqual(validateBinarySwitchUpdate(payload).issues);
      expect(validate({ 'cod:binSh': payload }).issues.map((i) => i.message)).toEqual(
        validateBinarySwitchCreate(payload).issues.map((i) => i.message),
      );
    }
    expect(registry.byTy(28)[0]?.descriptor.typeName).toBe('m2m:fcnt');
    expect(registry.byTy(28)).toHaveLength(271);
  });

  it('validate() finds a specialisation by root name, long name or TypeScript name', () => {
    for (const name of ['cod:binSh', 'binarySwitch', 'BinarySwitch'])
      expect(findResourceType(name)?.typeName).toBe('cod:binSh');
    expect(validate({ state: 'on' }, { type: 'binarySwitch', op: 'update' }).issues).toMatchObject([
      { rule: 'data-type', attribute: 'state', pointer: '/state' },
    ]);
    expect(validate({ 'cod:nothing': {} }).issues[0]).toMatchObject({ rule: 'unknown-type' });
  });
});
