import fc, { type Arbitrary } from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContentCodec } from '../../src/encoding/codec.js';
import { cborCodec, jsonCodec, xmlCodec } from '../../src/encoding/index.js';
import { anyResourceContentArbitrary, complexArbitrary, resourceContentArbitrary } from '../helpers/arbitraries.js';
import { model } from '../helpers/samples.js';

// encode → decode gives back the same object, for random content derived from the schemas: every
// resource type (with inline child resources now and then) and the notification, response and
// child-reference wrappers. Deep equality is strict: a number that comes back as a string, a
// one-item list that comes back as its item, or a missing member fails.

const NUM_RUNS = 25;
const codecs: readonly (readonly [string, ContentCodec])[] = [
  ['json', jsonCodec],
  ['xml', xmlCodec],
  ['cbor', cborCodec],
];

function survives(codec: ContentCodec, content: Record<string, unknown>): void {
  expect(codec.decode(codec.encode(content))).toStrictEqual(content);
}

const resources = model.resources.map((resource) => [resource.typeName, resource] as const);

describe.each(resources)('%s', (_typeName, resource) => {
  it.each(codecs)('survives %s encode→decode', (_encoding, codec) => {
    fc.assert(
      fc.property(resourceContentArbitrary(resource, { children: true }), (content) => survives(codec, content)),
      { numRuns: NUM_RUNS },
    );
  });
});

/** A notification whose event carries a random resource, as a subscription sends it. */
const notification: Arbitrary<Record<string, unknown>> = fc
  .tuple(
    complexArbitrary('m2m:notification'),
    complexArbitrary('m2m:notificationEvent_type'),
    anyResourceContentArbitrary,
  )
  .map(([sgn, nev, rep]) => ({ ...sgn, nev: { ...nev, rep } }));

const contents: readonly (readonly [string, Arbitrary<Record<string, unknown>>])[] = [
  ['m2m:sgn with a resource in nev.rep', notification.map((sgn) => ({ 'm2m:sgn': sgn }))],
  [
    'm2m:agn',
    fc.array(notification, { minLength: 1, maxLength: 3 }).map((list) => ({ 'm2m:agn': { 'm2m:sgn': list } })),
  ],
  [
    'm2m:rsp with a resource in pc',
    fc
      .tuple(complexArbitrary('m2m:responsePrimitive'), anyResourceContentArbitrary)
      .map(([rsp, pc]) => ({ 'm2m:rsp': { ...rsp, pc } })),
  ],
  ['m2m:rqp', complexArbitrary('m2m:requestPrimitive').map((rqp) => ({ 'm2m:rqp': rqp }))],
  ['m2m:rrl', complexArbitrary('m2m:listOfChildResourceRef').map((rrl) => ({ 'm2m:rrl': rrl }))],
];

describe.each(contents)('%s', (_name, arbitrary) => {
  it.each(codecs)('survives %s encode→decode', (_encoding, codec) => {
    fc.assert(
      fc.property(arbitrary, (content) => survives(codec, content)),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('the property', () => {
  it('fails for a codec that loses types, so passing means something', () => {
    // What a naive XML codec does: every number comes back as a string.
    const lossy: ContentCodec = {
      ...xmlCodec,
      decode: (body) =>
        JSON.parse(
          JSON.stringify(xmlCodec.decode(body), (_key, value: unknown) =>
            typeof value === 'number' ? String(value) : value,
          ),
        ) as Record<string, unknown>,
    };
    const container = model.resources.find((r) => r.typeName === 'm2m:cnt');
    if (!container) throw new Error('no container schema');
    const result = fc.check(
      fc.property(resourceContentArbitrary(container), (content) => survives(lossy, content)),
      { numRuns: 5 },
    );
    expect(result.failed).toBe(true);
  });

  it('is fed what XML tends to lose: one-item lists, numbers, booleans, whitespace and markup in strings', () => {
    const samples = fc.sample(anyResourceContentArbitrary, { numRuns: 300, seed: 42 });
    const seen = { oneItemList: 0, number: 0, boolean: 0, nested: 0, spacedString: 0, markup: 0 };
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) {
        if (value.length === 1) seen.oneItemList++;
        value.forEach(visit);
      } else if (typeof value === 'number') seen.number++;
      else if (typeof value === 'boolean') seen.boolean++;
      else if (typeof value === 'string') {
        if (/\s/.test(value)) seen.spacedString++;
        if (/[<&>]/.test(value)) seen.markup++;
      } else if (value !== null && typeof value === 'object') {
        seen.nested++;
        Object.values(value).forEach(visit);
      }
    };
    samples.forEach(visit);
    for (const [kind, count] of Object.entries(seen)) expect(count, kind).toBeGreaterThan(20);
  });
});
