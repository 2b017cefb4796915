import { describe, expect, it } from 'vitest';
import * as validators from '../../generated/validators/index.gen.js';
import type { Validator } from '../../src/codegen-api/index.js';
import type { ValidationIssue } from '../../src/validation/issue.js';
import { model, sampleFor, wrongValue } from '../helpers/samples.js';
import { variantAttributes } from '../../codegen/ts-view.js';

// Table-driven from the schemas: for every resource type and attribute, each rule must reject
// the payload that breaks it with an issue naming the type, the attribute and the rule.

type AnyValidator = Validator<unknown>;
const validatorFor = (title: string, suffix: '' | 'Create' | 'Update'): AnyValidator => {
  const found = (validators as Record<string, unknown>)[`validate${title}${suffix}`];
  if (typeof found !== 'function') throw new Error(`no validator validate${title}${suffix}`);
  return found as AnyValidator;
};

function issuesOf(validate: AnyValidator, payload: unknown): readonly ValidationIssue[] {
  const result = validate(payload);
  return result.ok ? [] : result.issues;
}

describe.each(model.resources.map((r) => [r.title, r] as const))('%s', (title, resource) => {
  const create = validatorFor(title, 'Create');
  const update = validatorFor(title, 'Update');
  const full = validatorFor(title, '');
  const createAttrs = variantAttributes(resource, 'create');
  const minimalCreate = sampleFor(
    resource,
    createAttrs.attributes.filter((a) => a.createRule === 'M'),
  );
  const fullSample = sampleFor(
    resource,
    resource.attributes.filter((a) => a.cardinality.startsWith('1')),
  );
  const named = (issue: ValidationIssue | undefined, attribute: string, rule: string) => {
    expect(issue, `expected a '${rule}' issue for ${attribute}`).toBeDefined();
    expect(issue).toMatchObject({ resourceType: title, typeName: resource.typeName, attribute, rule });
    const longName = resource.attributes.find((a) => a.short === attribute)?.longName;
    if (longName) {
      expect(issue?.longName).toBe(longName);
      expect(issue?.message).toContain(`'${attribute}' (${longName})`);
    }
  };

  it('accepts a minimal create with every M attribute, and a full resource with every cardinality-1 attribute', () => {
    const createIssues = issuesOf(create, minimalCreate).filter((i) => i.rule !== 'operation-not-permitted');
    expect(createIssues).toEqual([]);
    expect(issuesOf(full, fullSample)).toEqual([]);
  });

  const np = resource.attributes.filter((a) => a.createRule === 'NP');
  it.runIf(np.length > 0)('rejects each NP attribute in a create', () => {
    for (const a of np) {
      const issues = issuesOf(create, {
        ...minimalCreate,
        [a.short]: fullSample[a.short] ?? sampleFor(resource, [a])[a.short],
      });
      named(
        issues.find((i) => i.attribute === a.short),
        a.short,
        'create-not-permitted',
      );
    }
  });

  const mandatory = resource.attributes.filter((a) => a.createRule === 'M');
  it.runIf(mandatory.length > 0)('rejects a create missing each M attribute', () => {
    for (const a of mandatory) {
      const { [a.short]: _dropped, ...rest } = minimalCreate;
      named(
        issuesOf(create, rest).find((i) => i.attribute === a.short),
        a.short,
        'create-mandatory',
      );
    }
  });

  const updateNp = resource.attributes.filter((a) => a.updateRule === 'NP');
  it.runIf(updateNp.length > 0)('rejects each NP attribute in an update', () => {
    for (const a of updateNp) {
      const issues = issuesOf(update, sampleFor(resource, [a]));
      named(
        issues.find((i) => i.attribute === a.short),
        a.short,
        'update-not-permitted',
      );
    }
  });

  it('rejects a value of the wrong data type for each attribute', () => {
    let checked = 0;
    for (const a of resource.attributes) {
      const wrong = wrongValue(resource, a);
      if (wrong === undefined) continue; // typed `any`: every JSON value is valid
      checked++;
      named(
        issuesOf(full, { ...fullSample, [a.short]: wrong }).find((i) => i.attribute === a.short),
        a.short,
        'data-type',
      );
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('operations a type does not allow', () => {
  it.each(model.resources.filter((r) => !r.operations.update).map((r) => [r.title]))(
    '%s cannot be updated',
    (title) => {
      const issues = issuesOf(validatorFor(title, 'Update'), {});
      expect(issues.map((i) => i.rule)).toContain('operation-not-permitted');
    },
  );
  it.each(model.resources.filter((r) => !r.operations.create).map((r) => [r.title]))(
    '%s cannot be created',
    (title) => {
      const issues = issuesOf(validatorFor(title, 'Create'), {});
      expect(issues.map((i) => i.rule)).toContain('operation-not-permitted');
    },
  );
});
