import { FilterOperation } from '../../generated/enums/filter-operation.gen.js';
import type { Attribute } from '../../generated/types/attribute.gen.js';
import type { FilterCriteria } from '../../generated/types/filter-criteria.gen.js';
import type { CseContext } from './context.js';
import { badRequest, CseError } from './errors.js';
import { parseTimestamp } from './time.js';
import type { StoredResource } from './tree.js';
import { matchesWildcard } from './wildcard.js';
import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';

// Filter criteria (TS-0004 §7.3.3.17; digest §4.1): which resources a discovery or a conditional
// retrieve selects. Each present criterion is one condition; list criteria (ty, lbl, cty, …)
// hold when any value matches. filterOperation combines the conditions: AND (default), OR, XOR
// (exactly one holds). Paging and scope (lim, ofst, lvl, arp, fu) are applied by the caller.

/** Members that steer the search rather than test a resource. */
const CONTROL = new Set(['fu', 'fo', 'lim', 'ofst', 'lvl', 'arp']);
/** Members this CSE does not evaluate; a request with them is refused rather than answered wrongly. */
const UNSUPPORTED: Record<string, string> = {
  smf: 'semanticsFilter',
  cfs: 'contentFilterSyntax',
  cfq: 'contentFilterQuery',
  lbq: 'labelsQuery',
  ops: 'operations',
};
const TIMESTAMPS = ['cra', 'crb', 'ms', 'us', 'exa', 'exb'] as const;

/** Checks the values of a filter criteria; throws BAD_REQUEST or NOT_IMPLEMENTED naming the member. */
export function checkFilterCriteria(fc: FilterCriteria): void {
  for (const [member, longName] of Object.entries(UNSUPPORTED)) {
    if ((fc as Record<string, unknown>)[member] !== undefined) {
      throw new CseError(
        ResponseStatusCode.NotImplemented,
        `filter criterion ${member} (${longName}) is not supported by this CSE`,
      );
    }
  }
  for (const member of TIMESTAMPS) {
    const value = fc[member];
    if (value !== undefined && parseTimestamp(String(value)) === undefined)
      throw badRequest(
        `filter criterion ${member} ${JSON.stringify(value)} is not a oneM2M timestamp such as 20260101T120000`,
      );
  }
  const integer = (member: 'lim' | 'ofst' | 'lvl' | 'sts' | 'stb' | 'sza' | 'szb', minimum: number) => {
    const value = fc[member];
    if (value !== undefined && (!Number.isInteger(value) || value < minimum))
      throw badRequest(`filter criterion ${member} must be an integer >= ${minimum}, got ${JSON.stringify(value)}`);
  };
  integer('lim', 0);
  integer('ofst', 1);
  integer('lvl', 1);
  integer('sts', 0);
  integer('stb', 0);
  integer('sza', 0);
  integer('szb', 0);
  if (
    fc.fo !== undefined &&
    ![FilterOperation.LogicalAND, FilterOperation.LogicalOR, FilterOperation.LogicalXOR].includes(fc.fo)
  ) {
    throw badRequest(`filter criterion fo must be 1 (AND), 2 (OR) or 3 (XOR), got ${JSON.stringify(fc.fo)}`);
  }
}

const knownNames = new WeakMap<CseContext['registry'], ReadonlySet<string>>();

/** Every attribute short name of the resource types this CSE knows. */
function attributeNames(cse: CseContext): ReadonlySet<string> {
  let names = knownNames.get(cse.registry);
  if (!names) {
    names = new Set(cse.registry.all.flatMap((info) => Object.keys(info.descriptor.attributes)));
    knownNames.set(cse.registry, names);
  }
  return names;
}

/**
 * Attribute conditions (atr, catr, patr; in HTTP any query parameter that is not a request
 * parameter) must name an attribute of some resource type: an unknown name is a mistyped or
 * unsupported parameter, refused with BAD_REQUEST rather than answered "nothing matches".
 */
export function checkAttributeConditions(cse: CseContext, fc: FilterCriteria): void {
  const names = attributeNames(cse);
  for (const member of ['atr', 'catr', 'patr'] as const) {
    for (const condition of fc[member] ?? []) {
      if (!names.has(condition.nm))
        throw badRequest(
          `${JSON.stringify(condition.nm)} is neither a request parameter nor the short name of an attribute (filter criterion ${member}); check its spelling`,
        );
    }
  }
}

/** Whether the filter criteria hold any condition on resources (besides paging and scope). */
export function hasConditions(fc: FilterCriteria | undefined): boolean {
  return fc !== undefined && Object.entries(fc).some(([member, value]) => !CONTROL.has(member) && value !== undefined);
}

function valueMatches(actual: unknown, expected: unknown): boolean {
  if (actual === undefined) return false;
  if (Array.isArray(actual) && !Array.isArray(expected)) return actual.some((item) => valueMatches(item, expected));
  if (
    typeof expected === 'string' &&
    (typeof actual === 'string' || typeof actual === 'number' || typeof actual === 'boolean')
  )
    return matchesWildcard(expected, String(actual));
  if (typeof actual === 'object' || typeof expected === 'object')
    return JSON.stringify(actual) === JSON.stringify(expected);
  return actual === expected;
}

function attributesMatch(resource: StoredResource | undefined, conditions: readonly Attribute[]): boolean {
  return resource !== undefined && conditions.every((c) => valueMatches(resource.attributes[c.nm], c.val));
}

function time(value: unknown): number | undefined {
  return typeof value === 'string' ? parseTimestamp(value) : undefined;
}

function labels(resource: StoredResource | undefined): string[] {
  return (resource?.attributes['lbl'] as string[] | undefined) ?? [];
}

/** The size the sza/szb criteria compare: contentSize where the type has one. */
function contentSize(resource: StoredResource): number | undefined {
  const cs = resource.attributes['cs'];
  return typeof cs === 'number' ? cs : undefined;
}

/** Whether a resource satisfies the conditions of the filter criteria. */
export function matchesFilter(cse: CseContext, resource: StoredResource, fc: FilterCriteria): boolean {
  const results: boolean[] = [];
  const test = (present: boolean, condition: () => boolean) => {
    if (present) results.push(condition());
  };
  const a = resource.attributes;
  const ct = time(a['ct']);
  const lt = time(a['lt']);
  const et = time(a['et']);
  const st = typeof a['st'] === 'number' ? a['st'] : undefined;
  const size = contentSize(resource);
  const at = (text: string | undefined) => (text === undefined ? undefined : parseTimestamp(text));

  test(fc.ty !== undefined && fc.ty.length > 0, () => (fc.ty as number[]).includes(resource.ty));
  test(fc.lbl !== undefined && fc.lbl.length > 0, () =>
    labels(resource).some((l) => (fc.lbl as string[]).some((p) => matchesWildcard(p, l))),
  );
  test(fc.cty !== undefined && fc.cty.length > 0, () => {
    const cnf = typeof a['cnf'] === 'string' ? a['cnf'] : undefined;
    return cnf !== undefined && (fc.cty as string[]).some((type) => cnf === type || cnf.split(':')[0] === type);
  });
  test(fc.cra !== undefined, () => ct !== undefined && ct > (at(fc.cra) as number));
  test(fc.crb !== undefined, () => ct !== undefined && ct < (at(fc.crb) as number));
  test(fc.ms !== undefined, () => lt !== undefined && lt > (at(fc.ms) as number));
  test(fc.us !== undefined, () => lt !== undefined && lt < (at(fc.us) as number));
  test(fc.exa !== undefined, () => et !== undefined && et > (at(fc.exa) as number));
  test(fc.exb !== undefined, () => et !== undefined && et < (at(fc.exb) as number));
  test(fc.sts !== undefined, () => st !== undefined && st < (fc.sts as number));
  test(fc.stb !== undefined, () => st !== undefined && st > (fc.stb as number));
  test(fc.sza !== undefined, () => size !== undefined && size >= (fc.sza as number));
  test(fc.szb !== undefined, () => size !== undefined && size < (fc.szb as number));
  for (const condition of fc.atr ?? []) test(true, () => attributesMatch(resource, [condition]));

  const children = () => cse.tree.children(resource.ri);
  const parent = cse.tree.parent(resource);
  test(fc.chty !== undefined && fc.chty.length > 0, () => children().some((c) => (fc.chty as number[]).includes(c.ty)));
  test(fc.clbl !== undefined && fc.clbl.length > 0, () =>
    children().some((c) => labels(c).some((l) => (fc.clbl as string[]).includes(l))),
  );
  test(fc.catr !== undefined && fc.catr.length > 0, () =>
    children().some((c) => attributesMatch(c, fc.catr as Attribute[])),
  );
  test(
    fc.pty !== undefined && fc.pty.length > 0,
    () => parent !== undefined && (fc.pty as number[]).includes(parent.ty),
  );
  test(fc.palb !== undefined && fc.palb.length > 0, () =>
    labels(parent).some((l) => (fc.palb as string[]).includes(l)),
  );
  test(fc.patr !== undefined && fc.patr.length > 0, () => attributesMatch(parent, fc.patr as Attribute[]));

  if (results.length === 0) return true;
  switch (fc.fo ?? FilterOperation.LogicalAND) {
    case FilterOperation.LogicalOR:
      return results.some(Boolean);
    case FilterOperation.LogicalXOR:
      return results.filter(Boolean).length === 1;
    default:
      return results.every(Boolean);
  }
}

/** Applies ofst (1-based) and lim to a result list. */
export function page<T>(items: readonly T[], fc: FilterCriteria | undefined): T[] {
  const offset = (fc?.ofst ?? 1) - 1;
  const limit = fc?.lim ?? Number.POSITIVE_INFINITY;
  return items.slice(offset, offset + limit);
}
