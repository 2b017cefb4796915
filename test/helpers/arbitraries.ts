import fc, { type Arbitrary } from 'fast-check';
import type { ComplexTypeModel, EnumModel, Json, MemberModel, ResourceModel } from '../../codegen/model.js';
import { model } from './samples.js';

// fast-check arbitraries derived from the JSON Schemas: a random value of every attribute of a
// resource type, typed as the schema says (enumerations, patterns such as timestamps, list items,
// complex types through $ref), so that encode→decode properties cover every attribute.
//
// Where a schema admits values that no oneM2M XML can give back, the arbitrary leaves them out, and
// the XML tests check that encoding refuses them instead:
// - strings, lists and complex values are never empty (an empty XML element is null);
// - any/jsonLike values are strings, adict values are a typed root such as {"m2m:uri": …};
// - items of lists are tokens without whitespace (xs:list), except schedule entries;
// - absRelTimestamp/duration are an integer or a non-digit string (a digit string reads back as a number).

/** Complex types nest at most this deep; deeper optional members are left out (dynAuthTokenReqInfo is recursive). */
const MAX_DEPTH = 4;

const SPECIAL_CHARACTERS = [' ', '\t', '\n', '\r', 'é', '€', '😀', '<', '>', '&', '"', "'", ']]>', '&amp;'];

/** Free text: printable ASCII plus whitespace, markup characters and non-ASCII. */
const text = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_CHARACTERS) },
  ),
  minLength: 1,
  maxLength: 16,
});

const tokenCharacter = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 1 }).filter((c) => c !== ' ') },
  { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_CHARACTERS.filter((c) => !/\s/.test(c))) },
);
/** A token: text without whitespace, as identifiers, URIs and xs:list items are. */
const token = fc.string({ unit: tokenCharacter, minLength: 1, maxLength: 16 });
const segment = fc.string({ unit: tokenCharacter.filter((c) => c !== '/'), minLength: 1, maxLength: 12 });

const timestamp = fc.stringMatching(/^\d{8}T\d{6}(,\d{6})?$/);
const float = fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? 0 : d));
const schedule = fc
  .array(fc.constantFrom('*', '0', '5', '0-5', '*/10', '1,2,3'), { minLength: 7, maxLength: 7 })
  .map((fields) => fields.join(' '));

function primitive(name: string, inList: boolean): Arbitrary<unknown> {
  switch (name) {
    case 'string':
    case 'any':
    case 'jsonLike':
      return inList ? token : text;
    case 'ID':
    case 'anyURI':
    case 'AEID':
    case 'token':
      return token;
    case 'CSEID':
      return segment.map((s) => `/${s}`);
    case 'SPID':
      return segment.map((s) => `//${s}`);
    case 'ncname':
      return fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.:-]{0,12}$/);
    case 'resourceName':
      return fc.stringMatching(/^[A-Za-z0-9._~-]{1,16}$/).filter((name) => name !== '.' && name !== '..');
    case 'appID':
      return fc.stringMatching(/^[RN][A-Za-z0-9._-]{0,12}$/);
    case 'base64':
      return fc.base64String({ minLength: 4, maxLength: 24 });
    case 'iccid':
      return fc.stringMatching(/^[0-9]{18,22}$/);
    case 'imsi':
      return fc.stringMatching(/^[0-9]{6,15}$/);
    case 'ipv4Address':
      return fc.ipV4();
    case 'ipv6Address':
      return fc.ipV6();
    case 'schedule':
      return schedule;
    case 'geoJsonCoordinate':
      return fc.tuple(float, float).map(([a, b]) => `[${a},${b}]`);
    case 'timestamp':
      return timestamp;
    case 'absRelTimestamp':
      return fc.oneof(timestamp, fc.integer());
    case 'duration':
      return fc.oneof(fc.stringMatching(/^PT\d{1,4}S$/), fc.nat());
    case 'nonNegInteger':
    case 'unsignedInt':
      return fc.nat();
    case 'positiveInteger':
      return fc.integer({ min: 1, max: 2 ** 31 - 1 });
    case 'integer':
      return fc.integer();
    case 'float':
      return float;
    case 'boolean':
      return fc.boolean();
    case 'adict':
      return fc.oneof(
        token.map((uri) => ({ 'm2m:uri': uri })),
        text.map((dbg) => ({ 'm2m:dbg': dbg })),
      );
    default:
      throw new Error(`no arbitrary for primitive ${name}; add one to test/helpers/arbitraries.ts`);
  }
}

function enumeration(e: EnumModel): Arbitrary<number> {
  const values = e.values.map((v) => v.value);
  if (e.flags) return fc.subarray(values, { minLength: 1 }).map((flags) => flags.reduce((all, flag) => all | flag, 0));
  return fc.oneof(
    ...(values.length > 0 ? [fc.constantFrom(...values)] : []),
    ...e.ranges.map((r) => fc.integer({ min: r.min, max: r.max })),
  );
}

/** A value of a member schema, or undefined when none can be made at this depth. */
function valueArbitrary(fromId: string, schema: Json, depth: number, inList = false): Arbitrary<unknown> | undefined {
  if (schema['const'] !== undefined) return fc.constant(schema['const']);
  if (schema['type'] === 'array') {
    const item = valueArbitrary(fromId, schema['items'] as Json, depth, true);
    if (item === undefined) return undefined;
    const minLength = Math.max(1, Number(schema['minItems'] ?? 1));
    return fc.array(item, { minLength, maxLength: Number(schema['maxItems'] ?? Math.max(minLength, 3)) });
  }
  const resolved = model.resolve(fromId, String(schema['$ref']));
  switch (resolved.kind) {
    case 'primitive':
      return primitive(resolved.name, inList);
    case 'enum':
      return enumeration(resolved.model);
    case 'complex':
      return complexArbitraryAt(resolved.model, depth + 1);
  }
}

/** An object with the required members and some optional ones; never empty. */
function membersArbitrary(
  fromId: string,
  members: readonly MemberModel[],
  depth: number,
): Arbitrary<Record<string, unknown>> | undefined {
  const record: Record<string, Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const member of members) {
    const mandatory = member.cardinality.startsWith('1');
    const arbitrary = mandatory || depth <= MAX_DEPTH ? valueArbitrary(fromId, member.schema, depth) : undefined;
    if (arbitrary === undefined) {
      if (mandatory) return undefined;
      continue;
    }
    record[member.short] = arbitrary;
    if (mandatory) required.push(member.short);
  }
  if (Object.keys(record).length === 0) return undefined;
  // fc.record builds null-prototype objects; decoders give plain ones, which toStrictEqual tells apart.
  const arbitrary = fc
    .record(record, { requiredKeys: required })
    .map((value): Record<string, unknown> => ({ ...value }));
  return required.length > 0 ? arbitrary : arbitrary.filter((value) => Object.keys(value).length > 0);
}

const complexCache = new Map<string, Arbitrary<Record<string, unknown>> | undefined>();

function complexArbitraryAt(type: ComplexTypeModel, depth: number): Arbitrary<Record<string, unknown>> | undefined {
  const key = `${type.typeName}@${depth}`;
  if (!complexCache.has(key)) complexCache.set(key, membersArbitrary(type.id, type.members, depth));
  return complexCache.get(key);
}

/** A random value of a complex data type, by type name (`m2m:notification`). */
export function complexArbitrary(typeName: string): Arbitrary<Record<string, unknown>> {
  const type = model.complexTypes.find((c) => c.typeName === typeName);
  const arbitrary = type && complexArbitraryAt(type, 0);
  if (!arbitrary) throw new Error(`no arbitrary for complex type ${typeName}`);
  return arbitrary;
}

const resourcesByType = new Map(model.resources.map((r) => [r.typeName, r]));
const resourceCache = new Map<string, Arbitrary<Record<string, unknown>>>();

/**
 * A random full resource: every attribute the schema makes mandatory (cardinality 1), any of the
 * optional ones, and with `children` sometimes a list of inline child resources of one allowed
 * child type (`"m2m:cin": [{…}]`, as result content 4 returns them).
 */
export function resourceArbitrary(
  resource: ResourceModel,
  options: { children?: boolean } = {},
): Arbitrary<Record<string, unknown>> {
  const key = `${resource.typeName}:${options.children === true}`;
  const cached = resourceCache.get(key);
  if (cached) return cached;
  const attributes = membersArbitrary(resource.id, resource.attributes, 0);
  if (!attributes) throw new Error(`no arbitrary for resource ${resource.typeName}`);
  const childTypes = resource.childTypes.filter((type) => resourcesByType.has(type));
  let arbitrary = attributes;
  if (options.children === true && childTypes.length > 0) {
    const children = fc
      .constantFrom(...childTypes)
      .chain((type) =>
        fc
          .array(resourceArbitrary(resourcesByType.get(type) as ResourceModel), { minLength: 1, maxLength: 2 })
          .map((list) => [type, list] as const),
      );
    arbitrary = fc
      .tuple(attributes, fc.option(children, { freq: 3 }))
      .map(([value, inline]) => (inline ? { ...value, [inline[0]]: inline[1] } : value));
  }
  resourceCache.set(key, arbitrary);
  return arbitrary;
}

/** Primitive content holding a random resource: `{ "m2m:cnt": {…} }`. */
export function resourceContentArbitrary(
  resource: ResourceModel,
  options: { children?: boolean } = {},
): Arbitrary<Record<string, unknown>> {
  return resourceArbitrary(resource, options).map((value) => ({ [resource.typeName]: value }));
}

/** Primitive content holding a random resource of any type. */
export const anyResourceContentArbitrary: Arbitrary<Record<string, unknown>> = fc
  .constantFrom(...model.resources)
  .chain((r) => resourceContentArbitrary(r));
