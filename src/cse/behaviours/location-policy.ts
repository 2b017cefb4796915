import { GeofenceEventCriteria } from '../../../generated/enums/geofence-event-criteria.gen.js';
import { LocationSource } from '../../../generated/enums/location-source.gen.js';
import { ResourceType } from '../../../generated/enums/resource-type.gen.js';
import { ResponseStatusCode } from '../../../generated/enums/response-status-code.gen.js';
import type { RequestPrimitive } from '../../primitives/request.js';
import type { RequestContext, ResourceBehaviour } from '../behaviour.js';
import type { CseContext } from '../context.js';
import { badRequest, CseError } from '../errors.js';
import { newResourceId } from '../ids.js';
import type { Mutation } from '../mutation.js';
import { internalResource } from '../operations/create.js';
import type { ResourceTypeInfo } from '../registry.js';
import type { StoredResource } from '../tree.js';

// <locationPolicy> (TS-0001 §9.6.10 and §10.2.9; TS-0004 §7.4.11) as far as it needs no
// positioning system, that is with locationSource (los) 2, device based: the device itself
// stores its positions as <contentInstance>s of the policy's <container>.
//
// - los 1 (network based) and 3 (sharing based) need a location server: 5001 NOT_IMPLEMENTED.
//   With los 2 the network-based attributes (lot, aid, lor, rlkl, luec) are 4000, and
//   locationStatus (lost) is "" (it reports a location server's status).
// - Creating the policy creates its <container> as a sibling (same parent, same creator), named
//   locationContainerName (lon) or a generated name, with locationID (li) the policy's ri; the
//   policy's locationContainerID (loi) is the container's ri. A lon that is taken (or is the
//   policy's own name) is 4000, nothing is stored. Deleting the policy deletes the container.
// - geographicalTargetArea (gta) must be a GeoJSON Polygon ({"type": "Polygon", "coordinates":
//   [[[x, y], ...]]}, or the JSON text of one): 4000 otherwise.
// - Geofencing: with gta and geofenceEventCriteria (gec), each <contentInstance> of the container
//   whose con is a GeoJSON Point (object or JSON text) is placed against the area: from inside to
//   inside is 3 (inside), inside to outside 2 (leaving), outside to outside 4 (outside), outside to
//   inside 1 (entering); the device starts inside (as the reference CSE). When the event is gec,
//   the CSE adds a <contentInstance> with con the event number in the same change, so <latest>
//   and the container's subscribers see it at once. The last position lives in memory.
// - locationUpdatePeriod (lou) would drive a positioning procedure; with a device-based source
//   the device posts its positions itself, so lou is stored and has no further effect.

const LCP = ResourceType.LocationPolicy;
const CNT = ResourceType.Container;
const CIN = ResourceType.ContentInstance;

const NETWORK_BASED_ONLY: Readonly<Record<string, string>> = {
  lot: 'locationTargetID',
  aid: 'authID',
  lor: 'locationServer',
  rlkl: 'retrieveLastKnownLocation',
  luec: 'locationUpdateEventCriteria',
};

type Position = readonly [number, number];
type Ring = readonly Position[];

function parsedJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function position(value: unknown): Position | undefined {
  return Array.isArray(value) &&
    value.length >= 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'number' &&
    Number.isFinite(value[0]) &&
    Number.isFinite(value[1])
    ? [value[0], value[1]]
    : undefined;
}

/** The rings of a GeoJSON Polygon (outer ring first), or undefined when it is none. */
export function geoPolygon(value: unknown): Ring[] | undefined {
  const geometry = parsedJson(value) as { type?: unknown; coordinates?: unknown } | undefined;
  if (geometry === null || typeof geometry !== 'object' || geometry.type !== 'Polygon') return undefined;
  if (!Array.isArray(geometry.coordinates) || geometry.coordinates.length === 0) return undefined;
  const rings: Ring[] = [];
  for (const ring of geometry.coordinates) {
    if (!Array.isArray(ring) || ring.length < 3) return undefined;
    const positions = ring.map(position);
    if (positions.some((p) => p === undefined)) return undefined;
    rings.push(positions as Position[]);
  }
  return rings;
}

/** The position of a GeoJSON Point, or undefined when it is none. */
export function geoPoint(value: unknown): Position | undefined {
  const geometry = parsedJson(value) as { type?: unknown; coordinates?: unknown } | undefined;
  if (geometry === null || typeof geometry !== 'object' || geometry.type !== 'Point') return undefined;
  return position(geometry.coordinates);
}

/** Even-odd ray casting; the ring may or may not repeat its first position at the end. */
function inRing(point: Position, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Position;
    const [xj, yj] = ring[j] as Position;
    if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and outside every hole. */
export function inPolygon(point: Position, rings: readonly Ring[]): boolean {
  const [outer, ...holes] = rings;
  return outer !== undefined && inRing(point, outer) && !holes.some((hole) => inRing(point, hole));
}

/** The geofence event of a move from (was inside) to (is inside). */
export function geofenceEvent(wasInside: boolean, isInside: boolean): number {
  if (wasInside) return isInside ? GeofenceEventCriteria.Inside : GeofenceEventCriteria.Leaving;
  return isInside ? GeofenceEventCriteria.Entering : GeofenceEventCriteria.Outside;
}

function infoOf(cse: CseContext, ty: number): ResourceTypeInfo {
  const info = cse.registry.byTy(ty)[0];
  if (!info) throw new Error(`the registry has no type ${ty}`);
  return info;
}

/** <locationPolicy> semantics; the devices' last positions live in memory. */
export class LocationPolicies {
  readonly behaviour: ResourceBehaviour;
  /** Per policy ri: whether the device was last inside its area. */
  readonly #inside = new Map<string, boolean>();

  constructor() {
    this.behaviour = {
      name: 'location policy',
      // The policy itself, its container, and the types that may hold a policy (its parents).
      appliesTo: (info) =>
        info.descriptor.ty === LCP || info.descriptor.ty === CNT || info.descriptor.childTypes.includes('m2m:lcp'),
      prepareCreate: (rc, draft, parent) => {
        if (draft.info.descriptor.ty !== LCP) return;
        const { attributes } = draft;
        const los = attributes['los'];
        if (los === LocationSource.NetworkBased || los === LocationSource.UserBased)
          throw new CseError(
            ResponseStatusCode.NotImplemented,
            `locationSource (los) ${String(los)} needs a location server, which this CSE does not have; use los 2 (device based): the device stores its positions in the policy's container`,
          );
        for (const [name, longName] of Object.entries(NETWORK_BASED_ONLY))
          if (attributes[name] !== undefined)
            throw badRequest(
              `attribute '${name}' (${longName}) applies to network-based positioning only (los 1), not to los ${String(los)}; remove it`,
            );
        attributes['lost'] = '';
        checkArea(attributes);
        const lon = attributes['lon'];
        if (typeof lon === 'string') {
          if (lon === attributes['rn'] || rc.cse.tree.child(parent.ri, lon))
            throw badRequest(
              `attribute 'lon' (locationContainerName) ${JSON.stringify(lon)} is taken under ${rc.cse.tree.structuredPath(parent)}; choose another name or leave lon out`,
            );
        }
        const shortName = infoOf(rc.cse, CNT).descriptor.shortName;
        let ri = newResourceId(shortName);
        while (rc.cse.tree.get(ri)) ri = newResourceId(shortName);
        attributes['loi'] = ri;
      },
      prepareUpdate: (_rc, target, next, changes) => {
        if (target.ty !== LCP) return;
        if ('gta' in changes) checkArea(next);
        if ('gta' in changes || 'gec' in changes) this.#inside.delete(target.ri);
      },
      childCreated: (m, parent, child) => {
        if (child.ty === LCP) this.#createContainer(m, parent, child);
        else if (child.ty === CIN && parent.ty === CNT) this.#located(m, parent, child);
      },
      childDeleted: (m, _parent, child) => {
        if (child.ty !== LCP) return;
        this.#inside.delete(child.ri);
        const loi = child.attributes['loi'];
        const container = typeof loi === 'string' ? m.cse.tree.get(loi) : undefined;
        if (container && container.attributes['li'] === child.ri) m.delete(container, 'internal');
      },
    };
  }

  #createContainer(m: Mutation, parent: StoredResource, lcp: StoredResource): void {
    const rc: RequestContext = {
      cse: m.cse,
      originator: m.originator,
      request: m.request ?? ({ op: 1, to: parent.ri, fr: m.originator, rqi: '', rvi: '4' } as RequestPrimitive),
    };
    const lon = lcp.attributes['lon'];
    const attributes: Record<string, unknown> = {
      ri: lcp.attributes['loi'],
      li: lcp.ri,
      ...(typeof lon === 'string' ? { rn: lon } : {}),
    };
    m.create(internalResource(rc, infoOf(m.cse, CNT), parent, attributes, lcp.owner), 'internal');
  }

  /** A new instance of a container: a position to place against its policy's area. */
  #located(m: Mutation, container: StoredResource, instance: StoredResource): void {
    const li = container.attributes['li'];
    if (typeof li !== 'string') return;
    const lcp = m.cse.tree.get(li);
    if (!lcp || lcp.ty !== LCP) return;
    const gec = lcp.attributes['gec'];
    const area = geoPolygon(lcp.attributes['gta']);
    const point = geoPoint(instance.attributes['con']);
    if (typeof gec !== 'number' || !area || !point) return;
    const isInside = inPolygon(point, area);
    const event = geofenceEvent(this.#inside.get(lcp.ri) ?? true, isInside);
    this.#inside.set(lcp.ri, isInside);
    if (event !== gec) return;
    const rc: RequestContext = {
      cse: m.cse,
      originator: m.cse.options.cseId,
      request:
        m.request ?? ({ op: 1, to: container.ri, fr: m.cse.options.cseId, rqi: '', rvi: '4' } as RequestPrimitive),
    };
    m.create(internalResource(rc, infoOf(m.cse, CIN), container, { con: event }, container.owner), 'internal');
  }
}

function checkArea(attributes: Readonly<Record<string, unknown>>): void {
  const gta = attributes['gta'];
  if (gta !== undefined && gta !== null && !geoPolygon(gta))
    throw badRequest(
      `attribute 'gta' (geographicalTargetArea) must be a GeoJSON Polygon, {"type": "Polygon", "coordinates": [[[x, y], [x, y], [x, y], ...]]}`,
    );
}
