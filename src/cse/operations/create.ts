import { ResourceType } from '../../../generated/enums/resource-type.gen.js';
import { ResponseStatusCode } from '../../../generated/enums/response-status-code.gen.js';
import { ResultContent } from '../../../generated/enums/result-content.gen.js';
import { isSpecialization } from '../../codegen-api/specialization.js';
import { contentRoot } from '../../primitives/content.js';
import { Operation } from '../../../generated/enums/operation.gen.js';
import { checkPrivilege, Permission } from '../access-control.js';
import { formatAddress } from '../addressing.js';
import type { CreateDraft, RequestContext } from '../behaviour.js';
import { badRequest, conflict, CseError, operationNotAllowed } from '../errors.js';
import { newResourceId, newResourceName, resourceNameProblem } from '../ids.js';
import type { NewResource } from '../mutation.js';
import type { Outcome } from '../outcome.js';
import { mayHoldChild, type ResourceTypeInfo } from '../registry.js';
import { attributesOf, wrap } from '../representation.js';
import { resultContentFor } from '../result-content.js';
import { formatTimestamp } from '../time.js';
import type { StoredResource } from '../tree.js';
import { checkAcpiReferences, checkExpirationTime, rejectIssues } from '../validation.js';

/** The type a create asks for: `ty` plus the content's root key (mgmtObj specialisations share ty 13). */
function typeForCreate(rc: RequestContext, ty: number, root: string): { info: ResourceTypeInfo; typeName: string } {
  const candidates = rc.cse.registry.byTy(ty);
  if (candidates.length === 0)
    throw badRequest(`ty=${ty} is not a resource type this CSE knows; see the CSEBase's srt for the supported ones`);
  const exact = candidates.find((info) => info.descriptor.typeName === root);
  if (exact) return { info: exact, typeName: root };
  // A flexContainer specialisation carries its own root key (e.g. cod:binSh); only known ones are valid.
  if (ty === ResourceType.FlexContainer)
    throw badRequest(
      `the content's root ${JSON.stringify(root)} is neither m2m:fcnt nor a flexContainer specialisation this CSE knows (${candidates.length - 1} from the SDT templates, such as cod:binSh or cod:devLt); check the root name`,
    );
  const expected = candidates.map((info) => info.descriptor.typeName).join(' or ');
  throw badRequest(`the content's root ${JSON.stringify(root)} does not match ty=${ty}; send ${expected}`);
}

/** The CSE-assigned attributes every resource gets (TS-0001 §9.6.1.3 universal attributes). */
function assignUniversalAttributes(rc: RequestContext, draft: CreateDraft, parent: StoredResource): void {
  const { attributes, info } = draft;
  const { descriptor } = info;
  const now = formatTimestamp(rc.cse.now());
  if (attributes['ri'] === undefined) {
    let ri = newResourceId(descriptor.shortName);
    while (rc.cse.tree.get(ri)) ri = newResourceId(descriptor.shortName);
    attributes['ri'] = ri;
  }
  attributes['ty'] = descriptor.ty;
  attributes['pi'] = parent.ri;
  if (attributes['rn'] === undefined) attributes['rn'] = newResourceName(descriptor.shortName);
  attributes['ct'] = now;
  attributes['lt'] = now;
  if ('et' in descriptor.attributes && attributes['et'] === undefined) {
    attributes['et'] = formatTimestamp(rc.cse.now() + rc.cse.options.defaultExpirationSeconds * 1000);
  }
  // `cr: null` asks the CSE to record the creator (TS-0004 §7.4.x creator).
  if (attributes['cr'] === null) attributes['cr'] = rc.originator;
  for (const [name, value] of defaultsOf(descriptor)) if (attributes[name] === undefined) attributes[name] = value;
}

const defaults = new WeakMap<ResourceTypeInfo['descriptor'], readonly (readonly [string, unknown])[]>();

/**
 * Attributes a resource always has (cardinality 1) but a create need not give: counters the
 * CSE maintains start at 0 (cni, cbs, st, cnm, …) and flags default to false (mdd, lga, …).
 */
function defaultsOf(descriptor: ResourceTypeInfo['descriptor']): readonly (readonly [string, unknown])[] {
  let list = defaults.get(descriptor);
  if (!list) {
    // A specialisation's custom attributes are the creator's data: none is made up.
    const custom = new Set(isSpecialization(descriptor) ? descriptor.customAttributes : []);
    list = Object.entries(descriptor.attributes).flatMap(([name, attribute]): (readonly [string, unknown])[] => {
      if (attribute.cardinality !== '1' || attribute.create === 'M' || custom.has(name)) return [];
      if (attribute.mode === 'RO' && attribute.dataType === 'nonNegInteger') return [[name, 0]];
      return attribute.dataType === 'boolean' ? [[name, false]] : [];
    });
    defaults.set(descriptor, list);
  }
  return list;
}

const UNIVERSAL_ORDER = ['ty', 'ri', 'rn', 'pi', 'ct', 'lt', 'et'];

/** The same attributes with the universal ones first, so responses read naturally. */
function withUniversalFirst(attributes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of UNIVERSAL_ORDER) if (name in attributes) out[name] = attributes[name];
  return Object.assign(out, attributes);
}

/** Checks that need the final attributes: name syntax, name taken, reserved virtual names. */
function checkPlacement(rc: RequestContext, draft: CreateDraft, parent: StoredResource): void {
  const rn = draft.attributes['rn'];
  const problem = resourceNameProblem(rn);
  if (problem !== undefined || typeof rn !== 'string') throw badRequest(`attribute 'rn' (resourceName) ${problem}`);
  const parentInfo = rc.cse.infoOf(parent);
  if (rc.cse.virtualResources.some((v) => v.name === rn && v.appliesTo(parent, parentInfo))) {
    throw operationNotAllowed(
      `the name ${JSON.stringify(rn)} is reserved for a virtual resource of ${rc.cse.tree.structuredPath(parent)}`,
    );
  }
  if (rc.cse.tree.child(parent.ri, rn))
    throw conflict(`${rc.cse.tree.structuredPath(parent)} already has a child named ${JSON.stringify(rn)}`);
  const ri = String(draft.attributes['ri']);
  if (rc.cse.tree.get(ri)) throw conflict(`resource ID ${ri} is taken`);
}

/** The response content for a create by rcn (TS-0004 §6.3.4.2, digest §12.7). */
function createdContent(
  rc: RequestContext,
  resource: StoredResource,
  request: Readonly<Record<string, unknown>>,
  rcn: number,
): Outcome['pc'] {
  const address = formatAddress(rc.cse, resource, rc.request.drt);
  switch (rcn) {
    case ResultContent.Nothing:
      return undefined;
    case ResultContent.HierarchicalAddress:
      return { 'm2m:uri': address };
    case ResultContent.HierarchicalAddressAndAttributes:
      return { 'm2m:rce': { [resource.typeName.replace(/^m2m:/, '')]: attributesOf(rc.cse, resource), uri: address } };
    case ResultContent.ModifiedAttributes: {
      // Only what the CSE set or changed compared with the request.
      const all = attributesOf(rc.cse, resource);
      const modified: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(all))
        if (JSON.stringify(request[name]) !== JSON.stringify(value)) modified[name] = value;
      return wrap(resource, modified);
    }
    default:
      return wrap(resource, attributesOf(rc.cse, resource));
  }
}

/**
 * The complete record of a resource the CSE creates itself inside a change (the subscriptions of a
 * <crossResourceSubscription>, the container of a <locationPolicy>, a geofence event instance):
 * the type's prepareCreate behaviours and the universal attributes, as for a request, and the
 * name checks (4105 when taken). No schema validation, privileges or asynchronous checks: the
 * caller decided those. `rc` is the request being handled (for the originator and the clock).
 */
export function internalResource(
  rc: RequestContext,
  info: ResourceTypeInfo,
  parent: StoredResource,
  requested: Readonly<Record<string, unknown>>,
  owner: string = rc.originator,
): NewResource {
  const attributes: Record<string, unknown> = {};
  for (const name of Object.keys(requested)) attributes[name] = requested[name];
  const draft: CreateDraft = { info, typeName: info.descriptor.typeName, owner, attributes };
  for (const behaviour of rc.cse.behavioursFor(info)) behaviour.prepareCreate?.(rc, draft, parent);
  assignUniversalAttributes(rc, draft, parent);
  checkPlacement(rc, draft, parent);
  return { typeName: draft.typeName, owner: draft.owner, attributes: withUniversalFirst(draft.attributes) };
}

/** CREATE (TS-0004 §7.3.2.x): a new child of `parent` from the request's content. */
export async function createResource(rc: RequestContext, parent: StoredResource): Promise<Outcome> {
  const { cse, request } = rc;
  const rcn = resultContentFor(Operation.Create, request.rcn);
  if (request.ty === undefined)
    throw badRequest('a create needs the resource type (ty; in HTTP the Content-Type parameter ;ty=)');
  const root = contentRoot(request.pc);
  if (request.pc === undefined || root === undefined)
    throw badRequest('a create needs content with one root member, e.g. {"m2m:cnt": {...}}');
  const { info, typeName } = typeForCreate(rc, request.ty, root);
  const { descriptor } = info;
  if (!descriptor.operations.create)
    throw operationNotAllowed(
      `${descriptor.name} (${descriptor.typeName}) cannot be created by a request; the CSE creates it itself`,
    );
  const parentInfo = cse.infoOf(parent);
  if (!mayHoldChild(parentInfo, info)) {
    throw new CseError(
      ResponseStatusCode.InvalidChildResourceType,
      `${descriptor.name} (${descriptor.typeName}) cannot be a child of ${parentInfo.descriptor.name} ${cse.tree.structuredPath(parent)}; allowed children: ${parentInfo.descriptor.childTypes.join(', ') || 'none'}`,
    );
  }
  checkPrivilege(cse, rc.originator, parent, Permission.Create, descriptor.ty, rc);

  const content = request.pc[root];
  // Checked before the schema validation, whose pattern message is less telling.
  const rnProblem =
    content !== null && typeof content === 'object' && 'rn' in content
      ? resourceNameProblem((content as Record<string, unknown>)['rn'])
      : undefined;
  if (rnProblem !== undefined) throw badRequest(`attribute 'rn' (resourceName) ${rnProblem}`);
  rejectIssues(info.validateCreate(content).issues);
  const requested = content as Record<string, unknown>;
  if (requested['cr'] !== undefined && requested['cr'] !== null) {
    throw badRequest(
      `attribute 'cr' (creator) must be null in a create (the CSE fills in the originator); remove it or send "cr": null`,
    );
  }
  checkExpirationTime(cse, requested['et']);
  checkAcpiReferences(cse, requested['acpi']);

  // Copied member by member: V8 makes every property added later to an object spread copy (`{...x}`)
  // slow, and the CSE adds a dozen (ri, pi, ct, cs, st, …) to each new resource.
  const attributes: Record<string, unknown> = {};
  for (const name of Object.keys(requested)) attributes[name] = requested[name];
  const draft: CreateDraft = { info, typeName, owner: rc.originator, attributes };
  const behaviours = cse.behavioursFor(info);
  for (const behaviour of behaviours) behaviour.prepareCreate?.(rc, draft, parent);
  assignUniversalAttributes(rc, draft, parent);
  checkPlacement(rc, draft, parent);
  for (const behaviour of behaviours) await behaviour.checkCreate?.(rc, draft, parent);

  const created = await cse.change(rc.originator, request, (m) => {
    // The checks ran before awaiting; another request may have taken the name since.
    const current = cse.tree.get(parent.ri);
    if (!current)
      throw new CseError(
        ResponseStatusCode.NotFound,
        `the parent ${parent.ri} was deleted while the create was checked`,
      );
    checkPlacement(rc, draft, current);
    return m.create({ typeName: draft.typeName, owner: draft.owner, attributes: withUniversalFirst(draft.attributes) });
  });
  const stored = cse.tree.get(created.ri) ?? created;
  const pc = createdContent(rc, stored, requested, rcn);
  return {
    rsc: ResponseStatusCode.Created,
    ...(pc === undefined ? {} : { pc }),
    location: formatAddress(cse, stored, request.drt),
  };
}
