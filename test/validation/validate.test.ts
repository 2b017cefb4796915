import { describe, expect, it } from 'vitest';
import { findResourceType, validate } from '../../src/validators.js';

describe('validate(payload)', () => {
  it('takes the type from the root key and prefixes pointers with it', () => {
    const result = validate({ 'm2m:cnt': { rn: 'temp', cni: 3 } });
    expect(result.ok).toBe(false);
    expect(result.typeName).toBe('m2m:cnt');
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({
      pointer: '/m2m:cnt/cni',
      rule: 'create-not-permitted',
      attribute: 'cni',
      longName: 'currentNrOfInstances',
    });
  });

  it('checks as create (default), update or resource', () => {
    expect(validate({ 'm2m:cnt': { rn: 'x' } }).ok).toBe(true);
    expect(validate({ 'm2m:cnt': { rn: 'x' } }, { op: 'update' }).issues[0]).toMatchObject({
      rule: 'update-not-permitted',
      attribute: 'rn',
    });
    expect(
      validate({ 'm2m:cnt': { rn: 'x' } }, { op: 'resource' }).issues.map((i) =>
        'attribute' in i ? i.attribute : i.rule,
      ),
    ).toEqual(expect.arrayContaining(['ri', 'cni', 'ct']));
  });

  it('accepts a bare attribute object when the type is given in any usual spelling', () => {
    for (const type of ['cnt', 'm2m:cnt', 'container', 'Container', 'CNT', '3'])
      expect(validate({ rn: 'x', mni: 1 }, { type }).typeName, type).toBe('m2m:cnt');
    expect(findResourceType('13')?.typeName).toBe('m2m:mgo'); // ty 13 alone is the mgmtObj base
    expect(findResourceType('fwr')?.typeName).toBe('m2m:fwr');
  });

  it('explains payloads it cannot check', () => {
    expect(validate([1]).issues[0]).toMatchObject({ rule: 'not-an-object' });
    expect(validate({ rn: 'x' }).issues[0]?.message).toMatch(/cannot tell the resource type.*--type cnt/);
    expect(validate({ 'm2m:nope': {} }).issues[0]).toMatchObject({ rule: 'unknown-type', pointer: '/m2m:nope' });
    expect(validate({ 'm2m:cnt': {} }, { type: 'ae' }).issues[0]).toMatchObject({ rule: 'type-mismatch' });
    expect(validate({}, { type: 'banana' }).issues[0]?.message).toMatch(
      /unknown resource type "banana"; use one of acp, ae, cnt/,
    );
  });
});
