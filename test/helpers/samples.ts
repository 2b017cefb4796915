import { loadSchemas } from '../../codegen/load-schemas.js';
import { buildModel, type AttributeModel, type Json, type Model, type ResourceModel } from '../../codegen/model.js';
import { root } from './paths.js';

// Valid and invalid sample values derived from the schemas, so table-driven tests cover every
// attribute without restating the attribute tables.

export const model: Model = buildModel(loadSchemas(root));

/** One valid value per primitive type; a test fixture, checked against the primitives by the tests. */
export const PRIMITIVE_SAMPLES: Readonly<Record<string, unknown>> = {
  ID: 'cse-in/myAE',
  AEID: 'CmyAE',
  CSEID: '/id-in',
  SPID: '//example.net',
  anyURI: 'http://127.0.0.1:9999/notify',
  string: 'text',
  ncname: 'lbl',
  token: 'key:value',
  base64: 'AAEC',
  iccid: '8944500102198304826',
  imsi: '310150123456789',
  ipv4Address: '192.0.2.1',
  ipv6Address: '2001:db8::1',
  schedule: '0 0 * * * * *',
  geoJsonCoordinate: '[1.5, 2.5]',
  timestamp: '20250102T030405',
  date: '2025-01-02',
  time: '15:30:00',
  dateTime: '20250102T153000Z',
  absRelTimestamp: '20250102T030405,123456',
  duration: 'PT10S',
  nonNegInteger: 0,
  positiveInteger: 1,
  unsignedInt: 7,
  integer: -3,
  float: 1.5,
  boolean: true,
  adict: { any: 'thing' },
  jsonLike: 'hello',
  any: 'anything',
  simpleValue: 21.5,
  resourceName: 'temp_1.a~b-c',
  appID: 'Nmyapp',
};

/** A valid value for a value schema (attribute or member). */
export function sampleValue(fromId: string, schema: Json): unknown {
  if (schema['const'] !== undefined) return schema['const'];
  if (schema['type'] === 'array') {
    const item = sampleValue(fromId, schema['items'] as Json);
    return Array.from({ length: Math.max(1, Number(schema['minItems'] ?? 1)) }, () => item);
  }
  const resolved = model.resolve(fromId, String(schema['$ref']));
  switch (resolved.kind) {
    case 'primitive':
      if (!(resolved.name in PRIMITIVE_SAMPLES)) throw new Error(`no sample for primitive ${resolved.name}`);
      return PRIMITIVE_SAMPLES[resolved.name];
    case 'enum':
      return resolved.model.values[0]?.value;
    case 'complex':
      return Object.fromEntries(
        resolved.model.members
          .filter((m) => m.cardinality.startsWith('1'))
          .map((m) => [m.short, sampleValue(resolved.model.id, m.schema)]),
      );
  }
}

/** The JSON types a value schema accepts at its top level. */
function acceptedTypes(fromId: string, schema: Json): Set<string> {
  if (schema['const'] !== undefined)
    return new Set([typeof schema['const'] === 'number' ? 'number' : typeof schema['const']]);
  if (schema['type'] === 'array') return new Set(['array']);
  const resolved = model.resolve(fromId, String(schema['$ref']));
  if (resolved.kind === 'enum') return new Set(['number']);
  if (resolved.kind === 'complex') return new Set(['object']);
  const types = new Set<string>();
  const collect = (s: Json) => {
    if (Array.isArray(s['oneOf'])) (s['oneOf'] as Json[]).forEach(collect);
    const t = s['type'];
    for (const one of Array.isArray(t)
      ? t
      : t === undefined
        ? ['string', 'number', 'boolean', 'object', 'array', 'null']
        : [t]) {
      types.add(one === 'integer' ? 'number' : String(one));
    }
  };
  collect(resolved.schema);
  return types;
}

const CANDIDATES: readonly [string, unknown][] = [
  ['boolean', true],
  ['string', 'text'],
  ['number', 12345],
  ['array', ['x']],
  ['object', { x: 1 }],
  ['null', null],
];

/** A value of a JSON type the attribute does not accept, or undefined when it accepts any JSON value. */
export function wrongValue(resource: ResourceModel, attribute: AttributeModel): unknown {
  const accepted = acceptedTypes(resource.id, attribute.schema);
  return CANDIDATES.find(([type]) => !accepted.has(type))?.[1];
}

export function sampleFor(resource: ResourceModel, attributes: readonly AttributeModel[]): Record<string, unknown> {
  return Object.fromEntries(attributes.map((a) => [a.short, sampleValue(resource.id, a.schema)]));
}
