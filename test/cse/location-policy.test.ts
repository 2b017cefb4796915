import { describe, expect, it } from 'vitest';
import { geofenceEvent, geoPoint, geoPolygon, inPolygon } from '../../src/cse/behaviours/location-policy.js';
import { body, create, dbg, registerAe, send, testCse } from './helpers.js';

// <locationPolicy> with device-based positioning (TS-0001 §9.6.10, §10.2.9): the policy's
// container, the checks, and geofence events computed from the positions the device stores.

const AREA = {
  type: 'Polygon',
  coordinates: [
    [
      [52.522423, 13.409468],
      [52.520634, 13.412107],
      [52.518362, 13.407172],
      [52.520086, 13.404897],
    ],
  ],
};
const point = (x: number, y: number) => ({ type: 'Point', coordinates: [x, y] });
const IN_1 = point(52.520817, 13.409446);
const IN_2 = point(52.520957, 13.4115);
const OUT_1 = point(52.505033, 13.278189);
const OUT_2 = point(52.5065, 13.283);

async function setup() {
  const cse = await testCse();
  const ae = await registerAe(cse.url, 'app', 'Capp');
  const lcp = (attributes: Record<string, unknown>) =>
    send(cse.url, { op: 1, to: 'cse-in/app', fr: ae, ty: 10, pc: { 'm2m:lcp': { rn: 'lcp', ...attributes } } });
  /** Stores a position in `loc` and answers what <latest> then holds. */
  const move = async (to: unknown) => {
    await create(cse.url, ae, 'cse-in/app/loc', 4, 'm2m:cin', { con: to });
    return body(await send(cse.url, { op: 2, to: 'cse-in/app/loc/la', fr: ae }), 'm2m:cin')['con'];
  };
  return { cse, ae, lcp, move };
}

describe('<locationPolicy>', () => {
  it('places points against polygons and names the geofence events', () => {
    const area = geoPolygon(AREA);
    expect(area).toBeDefined();
    expect([IN_1, IN_2, OUT_1, OUT_2].map((p) => inPolygon(geoPoint(p) ?? [0, 0], area ?? []))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(geoPolygon(JSON.stringify(AREA))).toEqual(area);
    expect([
      geoPolygon('wrong'),
      geoPolygon({ type: 'Polygon', coordinates: [[[1, 2]]] }),
      geoPoint({ type: 'Point' }),
    ]).toEqual([undefined, undefined, undefined]);
    expect([
      geofenceEvent(true, true),
      geofenceEvent(true, false),
      geofenceEvent(false, false),
      geofenceEvent(false, true),
    ]).toEqual([3, 2, 4, 1]);
  });

  it('creates its container beside it and removes it with it; lost is ""', async () => {
    const { cse, ae, lcp } = await setup();
    const r = await lcp({ los: 2, lon: 'loc', gta: AREA });
    expect(r.rsc).toBe(2001);
    const policy = body(r, 'm2m:lcp');
    expect(policy['lost']).toBe('');
    const container = body(await send(cse.url, { op: 2, to: 'cse-in/app/loc', fr: ae }), 'm2m:cnt');
    expect([container['ri'], container['li']]).toEqual([policy['loi'], policy['ri']]);
    expect((await send(cse.url, { op: 4, to: 'cse-in/app/lcp', fr: ae })).rsc).toBe(2002);
    expect((await send(cse.url, { op: 2, to: 'cse-in/app/loc', fr: ae })).rsc).toBe(4004);
    const unnamed = body(await lcp({ los: 2 }), 'm2m:lcp');
    expect((await send(cse.url, { op: 2, to: String(unnamed['loi']), fr: ae })).rsc).toBe(2000);
  });

  it('refuses what needs a location server, a taken container name and a bad area, storing nothing', async () => {
    const { cse, ae, lcp } = await setup();
    expect((await lcp({ lou: ['PT5S'], lon: 'loc' })).rsc).toBe(4000); // no los
    const network = await lcp({ los: 1 });
    expect([network.rsc, dbg(network)]).toEqual([5001, expect.stringContaining('location server')]);
    for (const extra of [
      { lot: '1234' },
      { aid: '1234' },
      { lor: 'http://example.com' },
      { rlkl: true },
      { luec: 0 },
    ]) {
      const r = await lcp({ los: 2, ...extra });
      expect([r.rsc, Object.keys(extra)[0]]).toEqual([4000, Object.keys(extra)[0]]);
    }
    expect((await lcp({ los: 2, lon: 'lcp' })).rsc).toBe(4000);
    expect((await lcp({ los: 2, gta: 'wrong' })).rsc).toBe(4000);
    const children = await send(cse.url, { op: 2, to: 'cse-in/app', fr: ae, fc: { fu: 1 }, rcn: 6 });
    expect(body<{ rrf?: unknown[] }>(children, 'm2m:rrl').rrf ?? []).toEqual([]);
  });

  it('adds the geofence event gec to the container when the device crosses the area', async () => {
    const { lcp, move } = await setup();
    // gec 2 (leaving); the device starts inside.
    expect((await lcp({ los: 2, lit: 2, lon: 'loc', gta: AREA, gec: 2 })).rsc).toBe(2001);
    expect(await move(IN_1)).toEqual(IN_1);
    expect(await move(IN_2)).toEqual(IN_2);
    expect(await move(OUT_1)).toBe(2);
    expect(await move(OUT_2)).toEqual(OUT_2);
    expect(await move(IN_1)).toEqual(IN_1);
  });

  it('reports inside, outside and entering only when gec asks for them', async () => {
    for (const [gec, expected] of [
      [3, [3, 3, OUT_1, OUT_2, IN_1]],
      [4, [IN_1, IN_2, OUT_1, 4, IN_1]],
      [1, [IN_1, IN_2, OUT_1, OUT_2, 1]],
    ] as const) {
      const { lcp, move } = await setup();
      expect((await lcp({ los: 2, lit: 2, lon: 'loc', gta: AREA, gec })).rsc).toBe(2001);
      const seen = [];
      for (const to of [IN_1, IN_2, OUT_1, OUT_2, IN_1]) seen.push(await move(to));
      expect([gec, seen]).toEqual([gec, expected]);
    }
  });
});
