import { AccessControlOperations } from '../../generated/enums/access-control-operations.gen.js';
import { ResourceType } from '../../generated/enums/resource-type.gen.js';
import type { AccessControlRule } from '../../generated/types/access-control-rule.gen.js';
import type { SetOfAcrs } from '../../generated/types/set-of-acrs.gen.js';
import { findResource, normalizeOriginator } from './addressing.js';
import type { CseContext } from './context.js';
import { noPrivilege } from './errors.js';
import type { StoredResource } from './tree.js';
import { parseSchedule } from './schedule.js';
import { matchesWildcard } from './wildcard.js';

/** What access decisions may look at besides the originator: the requester's network address. */
export interface Requester {
  readonly address?: string | undefined;
}

// Access control (TS-0001 §9.6.2, §7.1 of TS-0003), as ACME's SecurityManager applies it:
//
// 1. The admin originator and the CSE itself pass every check.
// 2. Anyone may CREATE an <AE> (registration rules decide) and a CSE-ID may CREATE a <remoteCSE>.
// 3. Registered AEs and CSEs may RETRIEVE the CSEBase.
// 4. An <accessControlPolicy> is governed by its own selfPrivileges (pvs).
// 5. A <pollingChannel> is accessible to the owner of its parent only.
// 6. Creating a <subscription> also needs RETRIEVE on the subscribed-to resource.
// 7. A resource with acpi: the union of the privileges (pv) of the referenced policies.
// 8. A resource that could have acpi but has none: its custodian (cstn) if set, else its creator.
// 9. A type without an acpi attribute (contentInstance, timeSeriesInstance, …) inherits its parent's decision.
//
// Within an accessControlRule: acop is a bitmask of the operation; acor entries match the
// originator exactly, as `all`, as a `*` wildcard pattern or as a <group> containing it; acod
// restricts CREATE to child types (chty) and other operations to a resource type (ty).
// accessControlContexts (acco, TS-0001 §9.6.2.1): a rule with contexts applies only when one of
// them holds, i.e. all of its parts: a time window (actw, schedule entries in UTC, schedule.ts),
// the requester's IP address (acip ipv4 addresses or CIDR blocks, ipv6 addresses; the HTTP
// binding supplies the address, an in-process request has none), a location region (aclr): this
// CSE has no positioning, so a context with aclr never holds. acaf (authentication flag) is not
// evaluated. accessControlAttributes (aca, R4): a rule with aca grants its operations on those
// attributes only; {@link attributeRestriction} tells which (RETRIEVE shows only them, UPDATE may
// change only them).
// A <pollingChannel> is created by its AE only: the admin may not create one for another AE (as ACME).

/** The permission bits of accessControlOperations. */
export const Permission = AccessControlOperations;

const LABELS: Record<number, string> = {
  1: 'CREATE',
  2: 'RETRIEVE',
  4: 'UPDATE',
  8: 'DELETE',
  16: 'NOTIFY',
  32: 'DISCOVERY',
};

function originatorMatches(cse: CseContext, acor: readonly string[], originator: string): boolean {
  for (const entry of acor) {
    const normalized = normalizeOriginator(cse, entry);
    if (entry === 'all' || normalized === originator || matchesWildcard(normalized, originator)) return true;
    const group = findResource(cse, entry);
    if (group && group.ty === ResourceType.Group) {
      const members = (group.attributes['mid'] as unknown[] | undefined) ?? [];
      if (members.some((m) => typeof m === 'string' && normalizeOriginator(cse, m) === originator)) return true;
    }
  }
  return false;
}

const schedules = new Map<string, ((at: number) => boolean) | null>();

function inWindow(entry: string, at: number): boolean {
  let matcher = schedules.get(entry);
  if (matcher === undefined) {
    try {
      matcher = parseSchedule(entry);
    } catch {
      matcher = null;
    }
    if (schedules.size > 1000) schedules.clear();
    schedules.set(entry, matcher);
  }
  return matcher?.(at) === true;
}

function ipv4Number(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function ipv4Matches(entry: string, address: string): boolean {
  const [base = '', bits] = entry.split('/');
  const a = ipv4Number(address);
  const b = ipv4Number(base);
  if (a === undefined || b === undefined) return false;
  const prefix = bits === undefined ? 32 : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) return false;
  const size = 2 ** (32 - prefix);
  return Math.floor(a / size) === Math.floor(b / size);
}

interface AccessContext {
  readonly actw?: readonly string[];
  readonly acip?: { readonly ipv4?: readonly string[]; readonly ipv6?: readonly string[] };
  readonly aclr?: unknown;
}

function contextHolds(context: AccessContext, requester: Requester | undefined, now: number): boolean {
  if (context.actw && context.actw.length > 0 && !context.actw.some((entry) => inWindow(entry, now))) return false;
  const acip = context.acip;
  if (acip && ((acip.ipv4?.length ?? 0) > 0 || (acip.ipv6?.length ?? 0) > 0)) {
    const raw = requester?.address;
    if (raw === undefined) return false;
    const address = raw.replace(/^::ffff:(?=\d+\.)/i, '');
    const v4 = (acip.ipv4 ?? []).some((entry) => ipv4Matches(entry, address));
    const v6 = (acip.ipv6 ?? []).some((entry) => entry.toLowerCase() === address.toLowerCase());
    if (!v4 && !v6) return false;
  }
  if (context.aclr !== undefined && context.aclr !== null) return false;
  return true;
}

function ruleGrants(
  cse: CseContext,
  rule: AccessControlRule,
  originator: string,
  permission: number,
  resourceTy: number,
  createTy: number | undefined,
  requester?: Requester,
): boolean {
  if ((Number(rule.acop) & permission) === 0) return false;
  const contexts = rule.acco as readonly AccessContext[] | undefined;
  if (contexts && contexts.length > 0 && !contexts.some((c) => contextHolds(c, requester, cse.now()))) return false;
  if (rule.acod && rule.acod.length > 0) {
    const fits = rule.acod.some((detail) =>
      permission === Permission.Create
        ? createTy !== undefined && ((detail.chty as readonly number[] | undefined) ?? []).includes(createTy)
        : detail.ty === undefined || detail.ty === resourceTy,
    );
    if (!fits) return false;
  }
  return originatorMatches(cse, rule.acor ?? [], originator);
}

function policyGrants(
  cse: CseContext,
  privileges: unknown,
  originator: string,
  permission: number,
  resourceTy: number,
  createTy: number | undefined,
  requester?: Requester,
): boolean {
  const rules = (privileges as SetOfAcrs | undefined)?.acr ?? [];
  return rules.some((rule) => ruleGrants(cse, rule, originator, permission, resourceTy, createTy, requester));
}

function isRegisteredAe(cse: CseContext, originator: string): boolean {
  const ae = cse.tree.get(originator);
  return ae !== undefined && ae.ty === ResourceType.AE;
}

/**
 * Whether `originator` may perform `permission` on `resource`. For CREATE, `resource` is the
 * parent and `createTy` the type to be created.
 */
export function hasPrivilege(
  cse: CseContext,
  originator: string,
  resource: StoredResource,
  permission: number,
  createTy?: number,
  requester?: Requester,
): boolean {
  if (permission === Permission.Create && createTy === ResourceType.PollingChannel)
    return resource.owner === originator || resource.attributes['aei'] === originator;
  if (cse.isAdmin(originator)) return true;
  if (permission === Permission.Create && createTy === ResourceType.AE) return true;
  if (permission === Permission.Create && createTy === ResourceType.RemoteCSE && originator.startsWith('/'))
    return true;
  if (
    resource.ty === ResourceType.CSEBase &&
    permission === Permission.Retrieve &&
    (isRegisteredAe(cse, originator) || originator.startsWith('/'))
  )
    return true;
  if (resource.ty === ResourceType.AccessControlPolicy)
    return policyGrants(cse, resource.attributes['pvs'], originator, permission, resource.ty, createTy, requester);
  if (resource.ty === ResourceType.PollingChannel) {
    const parent = cse.tree.parent(resource);
    return parent !== undefined && parent.owner === originator;
  }
  if (
    permission === Permission.Create &&
    createTy === ResourceType.Subscription &&
    !hasPrivilege(cse, originator, resource, Permission.Retrieve, undefined, requester)
  )
    return false;
  const info = cse.infoOf(resource);
  if (!('acpi' in info.descriptor.attributes)) {
    const parent = cse.tree.parent(resource);
    return parent !== undefined && hasPrivilege(cse, originator, parent, permission, createTy, requester);
  }
  const acpi = (resource.attributes['acpi'] as string[] | undefined) ?? [];
  if (acpi.length === 0) {
    const custodian = resource.attributes['cstn'];
    return typeof custodian === 'string' && custodian !== ''
      ? normalizeOriginator(cse, custodian) === originator
      : resource.owner === originator;
  }
  return acpi.some((id) => {
    const policy = findResource(cse, id);
    return (
      policy !== undefined &&
      policy.ty === ResourceType.AccessControlPolicy &&
      policyGrants(cse, policy.attributes['pv'], originator, permission, resource.ty, createTy, requester)
    );
  });
}

/**
 * Whether one of the <accessControlPolicy> resources named by `ids` grants `permission` to
 * `originator` through its privileges (pv); the admin always passes. Used where a resource names
 * the policies for something else, e.g. a group's membersAccessControlPolicyIDs (macp) for its
 * fanOutPoint.
 */
export function policiesGrant(
  cse: CseContext,
  ids: readonly unknown[],
  originator: string,
  permission: number,
  resourceTy: number,
  createTy?: number,
): boolean {
  if (cse.isAdmin(originator)) return true;
  return ids.some((id) => {
    const policy = typeof id === 'string' ? findResource(cse, id) : undefined;
    return (
      policy !== undefined &&
      policy.ty === ResourceType.AccessControlPolicy &&
      policyGrants(cse, policy.attributes['pv'], originator, permission, resourceTy, createTy)
    );
  });
}

/** Throws ORIGINATOR_HAS_NO_PRIVILEGE (4103) unless {@link hasPrivilege}. */
export function checkPrivilege(
  cse: CseContext,
  originator: string,
  resource: StoredResource,
  permission: number,
  createTy?: number,
  requester?: Requester,
): void {
  if (hasPrivilege(cse, originator, resource, permission, createTy, requester)) return;
  const what = createTy === undefined ? '' : ` a resource of type ${createTy} under`;
  throw noPrivilege(
    `originator ${JSON.stringify(originator)} has no ${LABELS[permission] ?? permission} privilege on${what} ${cse.tree.structuredPath(resource)}`,
  );
}

/**
 * Whether `originator` may change the acpi of `resource` (TS-0001 §9.6.2.1, as ACME): UPDATE in
 * the selfPrivileges (pvs) of one of the policies it references now, or, when it references none,
 * being its creator. The admin passes no differently: ACME refuses CAdmin the acpi of a resource
 * it did not create ("No access to update acpi for originator").
 */
export function checkAcpiUpdate(cse: CseContext, originator: string, resource: StoredResource): void {
  const acpi = (resource.attributes['acpi'] as string[] | undefined) ?? [];
  const allowed =
    acpi.length === 0
      ? resource.owner === originator
      : acpi.some((id) => {
          const policy = findResource(cse, id);
          return (
            policy !== undefined &&
            policyGrants(cse, policy.attributes['pvs'], originator, Permission.Update, policy.ty, undefined)
          );
        });
  if (allowed) return;
  throw noPrivilege(
    acpi.length === 0
      ? `originator ${JSON.stringify(originator)} may not set the acpi of ${cse.tree.structuredPath(resource)}: it references no policy, so only its creator ${JSON.stringify(resource.owner)} may`
      : `originator ${JSON.stringify(originator)} may not change the acpi of ${cse.tree.structuredPath(resource)}: it needs UPDATE in the selfPrivileges (pvs) of a policy it references now`,
  );
}

/**
 * The attributes the privileges granting `permission` apply to, when every granting rule limits
 * them with accessControlAttributes (aca, TS-0001 §9.6.2.1 R4); undefined when the grant covers
 * the whole resource (no aca, the admin, a creator's default privileges).
 */
export function attributeRestriction(
  cse: CseContext,
  originator: string,
  resource: StoredResource,
  permission: number,
  requester?: Requester,
): ReadonlySet<string> | undefined {
  if (cse.isAdmin(originator)) return undefined;
  if (!('acpi' in cse.infoOf(resource).descriptor.attributes) && resource.ty !== ResourceType.AccessControlPolicy) {
    const parent = cse.tree.parent(resource);
    return parent ? attributeRestriction(cse, originator, parent, permission, requester) : undefined;
  }
  const sets: unknown[] = [];
  if (resource.ty === ResourceType.AccessControlPolicy) sets.push(resource.attributes['pvs']);
  else
    for (const id of (resource.attributes['acpi'] as string[] | undefined) ?? []) {
      const policy = findResource(cse, id);
      if (policy?.ty === ResourceType.AccessControlPolicy) sets.push(policy.attributes['pv']);
    }
  const names = new Set<string>();
  let granted = false;
  for (const privileges of sets) {
    for (const rule of (privileges as SetOfAcrs | undefined)?.acr ?? []) {
      if (!ruleGrants(cse, rule, originator, permission, resource.ty, undefined, requester)) continue;
      granted = true;
      if (!rule.aca || rule.aca.length === 0) return undefined;
      for (const name of rule.aca) names.add(String(name));
    }
  }
  return granted ? names : undefined;
}
