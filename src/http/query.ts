import { complexShapes } from '../../generated/shapes.gen.js';
import type { Attribute } from '../../generated/types/attribute.gen.js';
import type { FilterCriteria } from '../../generated/types/filter-criteria.gen.js';
import type { ValueShape } from '../codegen-api/shape.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { QueryListStyle } from '../profiles/profile.js';

// Request parameters that travel in the HTTP query string (TS-0009 Table 6.2.2.2-1): rcn, rt (its
// rtv; the nu list goes in X-M2M-RTU), rp, da, drt, the security parameters, atrl, and every
// member of the filter criteria. Lists are written as one parameter whose values are joined by
// `+` (a space once decoded), `ty=2+3`; values that contain spaces (semantic filters) repeat the
// parameter instead. CSEs that read lists differently (Mobius and tinyIoT read repeated
// parameters) get the style their profile names. Attribute conditions are written `name=value`, child and parent ones
// `c.name=value` and `p.name=value`.

/** The request members TS-0009 carries in the query string besides the filter criteria (binding data). */
const QUERY_MEMBERS = ['rcn', 'rp', 'da', 'drt', 'rids', 'tids', 'ltids', 'tqi', 'asi', 'auri', 'sqi'] as const;

/** Their wire shapes, from the schema of m2m:metaInformation; atrl (attributeList) is a list of names. */
const META_SHAPES = complexShapes['m2m:metaInformation'] ?? {};
const REQUEST_PARAMETERS: Readonly<Record<string, ValueShape>> = {
  ...Object.fromEntries(QUERY_MEMBERS.map((name) => [name, META_SHAPES[name] ?? 's'])),
  atrl: '[s',
};

const QUERY_MEMBER_NAMES = Object.keys(REQUEST_PARAMETERS) as (keyof RequestPrimitive)[];

const FILTER_SHAPES = complexShapes['m2m:filterCriteria'] ?? {};
const ATTRIBUTE_FILTERS = { atr: '', catr: 'c.', patr: 'p.' } as const;

/** A query parameter the receiver cannot read. */
export class QueryParameterError extends Error {
  override readonly name = 'QueryParameterError';
  constructor(
    readonly parameter: string,
    readonly reason: string,
  ) {
    super(`query parameter ${parameter}: ${reason}`);
  }
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(scalarText).join(' ');
  return JSON.stringify(value);
}

const TS_0009_LISTS: QueryListStyle = { style: 'plus' };

function append(params: URLSearchParams, name: string, shape: ValueShape, value: unknown, lists: QueryListStyle): void {
  if (value === undefined) return;
  if (shape.startsWith('[')) {
    const items = (Array.isArray(value) ? value : [value]).map(scalarText);
    if (items.length === 0) return;
    const joined = lists.style === 'plus' || (lists.joined ?? []).includes(name);
    if (!joined || items.some((item) => /\s/.test(item))) for (const item of items) params.append(name, item);
    else params.append(name, items.join(' '));
    return;
  }
  params.append(name, scalarText(value));
}

/**
 * The query string (without `?`) for a request's parameters; empty when there are none. `lists`
 * says how list values are written (default TS-0009's `+`-joined form).
 */
export function encodeRequestQuery(request: RequestPrimitive, lists: QueryListStyle = TS_0009_LISTS): string {
  // Most requests carry none of these; skip building parameters for them (a hot path).
  if (request.fc === undefined && request.rt === undefined && !QUERY_MEMBER_NAMES.some((name) => name in request))
    return '';
  const params = new URLSearchParams();
  for (const [name, shape] of Object.entries(REQUEST_PARAMETERS))
    append(params, name, shape, request[name as keyof RequestPrimitive], lists);
  if (request.rt !== undefined) params.append('rt', String(request.rt.rtv));
  const fc = (request.fc ?? {}) as Record<string, unknown>;
  for (const [name, shape] of Object.entries(FILTER_SHAPES)) {
    if (name in ATTRIBUTE_FILTERS) continue;
    append(params, name, shape, fc[name], lists);
  }
  for (const [member, prefix] of Object.entries(ATTRIBUTE_FILTERS)) {
    for (const condition of (fc[member] as Attribute[] | undefined) ?? [])
      params.append(`${prefix}${condition.nm}`, scalarText(condition.val));
  }
  return params.toString();
}

function parseScalar(name: string, shape: ValueShape, text: string): unknown {
  switch (shape) {
    case 'n': {
      if (!/^-?\d+(\.\d+)?$/.test(text))
        throw new QueryParameterError(name, `expected a number, got ${JSON.stringify(text)}`);
      return Number(text);
    }
    case 'b':
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      throw new QueryParameterError(name, `expected true or false, got ${JSON.stringify(text)}`);
    case 'sn':
      return /^-?\d+$/.test(text) ? Number(text) : text;
    default:
      return text;
  }
}

function parseParameter(name: string, shape: ValueShape, values: readonly string[]): unknown {
  if (shape.startsWith('[')) {
    const item = shape.slice(1);
    // Semantic filters contain spaces; every other list item is a token.
    const texts = name === 'smf' ? values : values.flatMap((v) => v.split(/\s+/).filter((t) => t !== ''));
    return texts.map((t) => parseScalar(name, item, t));
  }
  if (values.length > 1) throw new QueryParameterError(name, `given ${values.length} times but takes one value`);
  return parseScalar(name, shape, values[0] ?? '');
}

/** The request members a query string carries; the reverse of encodeRequestQuery. */
export function decodeRequestQuery(
  query: string | URLSearchParams,
): Partial<Record<keyof RequestPrimitive, unknown>> & { fc?: FilterCriteria } {
  const params = typeof query === 'string' ? new URLSearchParams(query) : query;
  const out: Record<string, unknown> = {};
  const fc: Record<string, unknown> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    const requestShape = REQUEST_PARAMETERS[name];
    if (requestShape !== undefined) out[name] = parseParameter(name, requestShape, values);
    else if (name === 'rt') out['rt'] = { rtv: parseParameter(name, 'n', values) };
    else if (FILTER_SHAPES[name] !== undefined && !(name in ATTRIBUTE_FILTERS))
      fc[name] = parseParameter(name, FILTER_SHAPES[name], values);
    else {
      const member = name.startsWith('c.') ? 'catr' : name.startsWith('p.') ? 'patr' : 'atr';
      const nm = member === 'atr' ? name : name.slice(2);
      const list = (fc[member] as Attribute[] | undefined) ?? [];
      for (const val of values) list.push({ nm, val });
      fc[member] = list;
    }
  }
  if (Object.keys(fc).length > 0) out['fc'] = fc;
  return out;
}
