import type { AttributeDescriptor, ResourceDescriptor } from '../codegen-api/descriptor.js';
import type { ValidationIssue, ValidationOperation, ValidationRule } from './issue.js';

/** The part of an ajv error object that the explanation needs. */
export interface RawError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string | undefined;
}

const ARTICLE: Record<ValidationOperation, string> = {
  create: 'a create',
  update: 'an update',
  resource: 'a resource',
};

/** Turns ajv's errors for one payload into issues that name the attribute, the rule and the fix. */
export function explain(
  descriptor: ResourceDescriptor,
  operation: ValidationOperation,
  errors: readonly RawError[],
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const typeErrors = new Map<string, RawError[]>();
  for (const error of errors) {
    if (error.instancePath === '') {
      const issue = explainRootError(descriptor, operation, error);
      if (issue) issues.push(issue);
    } else {
      const group = typeErrors.get(error.instancePath) ?? [];
      group.push(error);
      typeErrors.set(error.instancePath, group);
    }
  }
  for (const [pointer, group] of typeErrors) issues.push(explainValueErrors(descriptor, operation, pointer, group));
  return issues;
}

/** The issue for an operation the resource type does not allow at all. */
export function operationNotPermitted(descriptor: ResourceDescriptor, operation: 'create' | 'update'): ValidationIssue {
  return {
    ...context(descriptor, operation),
    rule: 'operation-not-permitted',
    pointer: '',
    message: `${descriptor.name} (${descriptor.typeName}) cannot be ${operation === 'create' ? 'created' : 'updated'} by a request; ${
      operation === 'create' ? 'the CSE creates it itself' : 'delete it and create a new one instead'
    }.`,
  };
}

function explainRootError(
  descriptor: ResourceDescriptor,
  operation: ValidationOperation,
  error: RawError,
): ValidationIssue | undefined {
  const base = context(descriptor, operation);
  if (error.keyword === 'type') {
    return {
      ...base,
      rule: 'not-an-object',
      pointer: '',
      message: `${prefix(descriptor, operation)}: the content must be a JSON object of ${descriptor.typeName} attributes.`,
    };
  }
  if (error.keyword === 'additionalProperties') {
    const name = String(error.params['additionalProperty']);
    const attribute = attributeOf(descriptor, name);
    if (!attribute) return unknownAttribute(descriptor, operation, name);
    const rule: ValidationRule = operation === 'update' ? 'update-not-permitted' : 'create-not-permitted';
    const ruleName = operation === 'update' ? 'update' : 'create';
    return {
      ...base,
      rule,
      attribute: name,
      longName: attribute.longName,
      pointer: pointerOf(name),
      message: `${prefix(descriptor, operation)}: ${label(name, attribute)} is not permitted in ${ARTICLE[operation]} (${ruleName} rule NP, mode ${attribute.mode}); remove it${whyNotPermitted(attribute, operation)}.`,
    };
  }
  if (error.keyword === 'required') {
    const name = String(error.params['missingProperty']);
    const attribute = attributeOf(descriptor, name);
    const rule: ValidationRule =
      operation === 'create' ? 'create-mandatory' : operation === 'update' ? 'update-mandatory' : 'resource-mandatory';
    const why = operation === 'resource' ? `cardinality ${attribute?.cardinality ?? '1'}` : `${operation} rule M`;
    return {
      ...base,
      rule,
      attribute: name,
      ...(attribute ? { longName: attribute.longName } : {}),
      pointer: pointerOf(name),
      message: `${prefix(descriptor, operation)}: mandatory ${label(name, attribute)} is missing (${why}); add it as ${attribute?.dataType ?? 'a value'}.`,
    };
  }
  return {
    ...base,
    rule: 'data-type',
    pointer: '',
    message: `${prefix(descriptor, operation)}: ${error.message ?? error.keyword}.`,
  };
}

function explainValueErrors(
  descriptor: ResourceDescriptor,
  operation: ValidationOperation,
  pointer: string,
  group: RawError[],
): ValidationIssue {
  const name = unescapePointer(pointer.split('/')[1] ?? '');
  const attribute = attributeOf(descriptor, name);
  const first = group[0] as RawError;
  const alternatives = group.some((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const detail = alternatives ? `does not match ${attribute?.dataType ?? 'the data type'}` : describe(first);
  const where = pointer === pointerOf(name) ? '' : ` at ${pointer}`;
  return {
    ...context(descriptor, operation),
    rule: 'data-type',
    attribute: name,
    ...(attribute ? { longName: attribute.longName } : {}),
    pointer,
    message: `${prefix(descriptor, operation)}: ${label(name, attribute)}${where} ${detail}; send a ${attribute?.dataType ?? 'valid value'}.`,
  };
}

function describe(error: RawError): string {
  switch (error.keyword) {
    case 'additionalProperties':
      return `has member '${String(error.params['additionalProperty'])}', which its type does not define`;
    case 'required':
      return `lacks its mandatory member '${String(error.params['missingProperty'])}'`;
    case 'enum':
      return `must be one of ${JSON.stringify(error.params['allowedValues'])}`;
    case 'const':
      return `must be ${JSON.stringify(error.params['allowedValue'])}`;
    default:
      return error.message ?? `breaks the '${error.keyword}' rule`;
  }
}

function unknownAttribute(
  descriptor: ResourceDescriptor,
  operation: ValidationOperation,
  name: string,
): ValidationIssue {
  const suggestion = closest(name, Object.keys(descriptor.attributes));
  return {
    ...context(descriptor, operation),
    rule: 'unknown-attribute',
    attribute: name,
    pointer: pointerOf(name),
    message:
      `${prefix(descriptor, operation)}: '${name}' is not an attribute of ${descriptor.typeName}; ${
        suggestion ? `did you mean '${suggestion}' (${attributeOf(descriptor, suggestion)?.longName})?` : 'remove it'
      }`.trimEnd() + (suggestion ? '' : '.'),
  };
}

function whyNotPermitted(attribute: AttributeDescriptor, operation: ValidationOperation): string {
  if (attribute.mode === 'RO') return ', the CSE sets it';
  if (operation === 'update' && attribute.mode === 'WO') return ', it can only be set when the resource is created';
  if (operation === 'create' && attribute.update !== 'NP') return ', it can only be set by an update';
  return '';
}

/** The descriptor's own attribute of that name: `constructor` or `__proto__` in a payload is no attribute. */
function attributeOf(descriptor: ResourceDescriptor, name: string): AttributeDescriptor | undefined {
  return Object.hasOwn(descriptor.attributes, name) ? descriptor.attributes[name] : undefined;
}

function context(descriptor: ResourceDescriptor, operation: ValidationOperation) {
  return { resourceType: descriptor.name, typeName: descriptor.typeName, operation } as const;
}

function prefix(descriptor: ResourceDescriptor, operation: ValidationOperation): string {
  return `${descriptor.name} ${operation}`;
}

function label(name: string, attribute: AttributeDescriptor | undefined): string {
  return attribute ? `attribute '${name}' (${attribute.longName})` : `attribute '${name}'`;
}

function pointerOf(name: string): string {
  return `/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

function unescapePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** The one known name nearest to a misspelt one, within edit distance 2; none on a tie. */
function closest(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.min(2, Math.max(1, name.length - 2));
  const scored = candidates
    .map((candidate) => [candidate, distance(name, candidate)] as const)
    .filter(([, d]) => d <= limit);
  const best = Math.min(...scored.map(([, d]) => d));
  const nearest = scored.filter(([, d]) => d === best);
  return nearest.length === 1 ? nearest[0]?.[0] : undefined;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
