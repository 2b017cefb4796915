import { describe, expect, it } from 'vitest';
import { validateAECreate, validateAEUpdate } from '../../generated/validators/ae.gen.js';
import { validateContainerCreate, validateContainerUpdate } from '../../generated/validators/container.gen.js';
import { validateContentInstanceUpdate } from '../../generated/validators/content-instance.gen.js';
import { validateSubscriptionCreate } from '../../generated/validators/subscription.gen.js';
import { isValidationError, ValidationError } from '../../src/validation/ValidationError.js';

const issues = (result: { ok: boolean; issues: readonly { message: string; rule: string }[] }) => result.issues;

describe('validation messages', () => {
  it('names attribute, long name, rule and fix for an NP attribute in a create', () => {
    const [issue] = issues(validateContainerCreate({ rn: 'temp', cni: 3 }));
    expect(issue?.message).toBe(
      "Container create: attribute 'cni' (currentNrOfInstances) is not permitted in a create (create rule NP, mode RO); remove it, the CSE sets it.",
    );
  });

  it('calls constructor and __proto__ in a payload unknown attributes, not attributes without a rule', () => {
    const issues = validateContainerCreate(JSON.parse('{"__proto__": {"x": 1}, "constructor": 2}')).issues;
    expect(issues.map((i) => [i.rule, i.attribute, i.longName])).toEqual([
      ['unknown-attribute', '__proto__', undefined],
      ['unknown-attribute', 'constructor', undefined],
    ]);
    expect(issues[1]?.message).toBe("Container create: 'constructor' is not an attribute of m2m:cnt; remove it.");
  });

  it('explains a write-once attribute in an update', () => {
    const [issue] = issues(validateContainerUpdate({ rn: 'renamed' }));
    expect(issue?.rule).toBe('update-not-permitted');
    expect(issue?.message).toContain('it can only be set when the resource is created');
  });

  it('lists every missing mandatory attribute of an AE registration', () => {
    const result = validateAECreate({ rn: 'myApp' });
    expect(issues(result).map((i) => i.rule)).toEqual(['create-mandatory', 'create-mandatory', 'create-mandatory']);
    expect(
      issues(result)
        .map((i) => (i as { attribute?: string }).attribute)
        .sort(),
    ).toEqual(['api', 'rr', 'srv']);
    expect(issues(result)[0]?.message).toMatch(
      /mandatory attribute '(api|rr|srv)' \(.+\) is missing \(create rule M\); add it as/,
    );
  });

  it('suggests the attribute a misspelt name was meant to be', () => {
    const [issue] = issues(validateContainerCreate({ mnii: 10 }));
    expect(issue?.rule).toBe('unknown-attribute');
    expect(issue?.message).toContain("did you mean 'mni' (maxNrOfInstances)?");
  });

  it('reports a wrong data type with the expected oneM2M type and the JSON pointer', () => {
    const [issue] = issues(validateContainerCreate({ mni: -1 }));
    expect(issue).toMatchObject({ rule: 'data-type', attribute: 'mni', pointer: '/mni' });
    expect(issue?.message).toContain('send a nonNegInteger');
    const nested = issues(validateSubscriptionCreate({ nu: ['http://127.0.0.1/n'], enc: { net: ['x'] } }));
    expect(nested[0]).toMatchObject({ attribute: 'enc', pointer: '/enc/net/0', rule: 'data-type' });
  });

  it('lets an update reset an optional attribute with null but not a mandatory one', () => {
    expect(validateContainerUpdate({ lbl: null, mni: null }).ok).toBe(true);
    const [issue] = issues(validateAEUpdate({ rr: null }));
    expect(issue).toMatchObject({ rule: 'data-type', attribute: 'rr' });
  });

  it('refuses any update of a contentInstance', () => {
    const [issue] = issues(validateContentInstanceUpdate({ lbl: ['a'] }));
    expect(issue?.rule).toBe('operation-not-permitted');
    expect(issue?.message).toContain('cannot be updated');
  });

  it('assert() returns the typed value or throws a ValidationError with all issues', () => {
    const created = validateContainerCreate.assert({ rn: 'temp', mni: 10 });
    expect(created.mni).toBe(10);
    let thrown: unknown;
    try {
      validateContainerCreate.assert({ cni: 1, ri: 'x' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect(isValidationError(thrown)).toBe(true);
    expect((thrown as ValidationError).issues).toHaveLength(2);
    expect((thrown as ValidationError).message).toContain('(and 1 more issue)');
  });

  it('rejects content that is not an object', () => {
    expect(issues(validateContainerCreate('nope'))[0]?.rule).toBe('not-an-object');
  });
});

describe('names and App-IDs', () => {
  it('a resource name must be one path segment of unreserved characters', () => {
    for (const bad of ['my container', 'a/b', 'ä', '']) {
      const [issue] = issues(validateContainerCreate({ rn: bad }));
      expect(issue?.message, bad).toMatch(/'rn' \(resourceName\)/);
    }
    expect(validateContainerCreate({ rn: 'temp_1.a~b-c' }).ok).toBe(true);
  });

  it('an App-ID starts with R or N', () => {
    expect(issues(validateAECreate({ api: 'myapp', rr: true, srv: ['3'] }))[0]?.message).toMatch(/'api' \(App-ID\)/);
    expect(validateAECreate({ api: 'Nmyapp', rr: true, srv: ['3'] }).ok).toBe(true);
    expect(validateAECreate({ api: 'R123.example', rr: true, srv: ['3'] }).ok).toBe(true);
  });
});
