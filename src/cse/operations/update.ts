import { Operation } from '../../../generated/enums/operation.gen.js';
import { ResponseStatusCode } from '../../../generated/enums/response-status-code.gen.js';
import { ResourceType } from '../../../generated/enums/resource-type.gen.js';
import { ResultContent } from '../../../generated/enums/result-content.gen.js';
import { contentRoot } from '../../primitives/content.js';
import { attributeRestriction, checkAcpiUpdate, checkPrivilege, Permission } from '../access-control.js';
import type { RequestContext } from '../behaviour.js';
import { badRequest, CseError, noPrivilege, operationNotAllowed } from '../errors.js';
import type { Outcome } from '../outcome.js';
import { attributesOf, wrap } from '../representation.js';
import { resultContentFor } from '../result-content.js';
import { formatTimestamp } from '../time.js';
import type { StoredResource } from '../tree.js';
import { checkAcpiReferences, checkExpirationTime, rejectIssues } from '../validation.js';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** UPDATE (TS-0004 §7.3.4.x): replaces the given attributes; `null` removes one (et: back to the default). */
export async function updateResource(rc: RequestContext, target: StoredResource): Promise<Outcome> {
  const { cse, request } = rc;
  const rcn = resultContentFor(Operation.Update, request.rcn);
  const info = cse.infoOf(target);
  const { descriptor } = info;
  // TS-0001 §9.6.3: the <CSEBase> is configured by the CSE itself, never updated by a request.
  if (target.ty === ResourceType.CSEBase)
    throw operationNotAllowed('the CSEBase is configured by the CSE itself; a request cannot update it');
  if (!descriptor.operations.update)
    throw operationNotAllowed(
      `${descriptor.name} (${descriptor.typeName}) cannot be updated; delete it and create a new one instead`,
    );
  const root = contentRoot(request.pc);
  if (request.pc === undefined || root === undefined)
    throw badRequest(`an update needs content with one root member, {"${target.typeName}": {...}}`);
  if (root !== target.typeName)
    throw badRequest(`the content's root ${JSON.stringify(root)} does not match the target, a ${target.typeName}`);
  const changes = request.pc[root] as Record<string, unknown>;
  rejectIssues(info.validateUpdate(changes).issues);
  // An update of acpi is governed by the selfPrivileges of the policies the resource references
  // now (or, with none, by its creator), not by its privileges, and goes alone (as ACME).
  if ('acpi' in changes) {
    if (Object.keys(changes).length > 1)
      throw badRequest(
        `acpi must be the only attribute of an update; send ${Object.keys(changes)
          .filter((name) => name !== 'acpi')
          .join(', ')} in an update of its own`,
      );
    checkAcpiUpdate(cse, rc.originator, target);
    checkAcpiReferences(cse, changes['acpi']);
  } else {
    checkPrivilege(cse, rc.originator, target, Permission.Update, undefined, rc);
    // Privileges limited to some attributes (aca) allow changing only those.
    const allowed = attributeRestriction(cse, rc.originator, target, Permission.Update, rc);
    const outside = allowed ? Object.keys(changes).filter((name) => !allowed.has(name)) : [];
    if (outside.length > 0)
      throw noPrivilege(
        `originator ${JSON.stringify(rc.originator)} may update only ${[...(allowed ?? [])].join(', ')} of ${cse.tree.structuredPath(target)} (accessControlAttributes), not ${outside.join(', ')}`,
      );
  }
  checkExpirationTime(cse, changes['et']);

  const behaviours = cse.behavioursFor(info);
  /** The attributes after the update, from the resource as it is at that moment. */
  const apply = (base: StoredResource): Record<string, unknown> => {
    const next: Record<string, unknown> = { ...base.attributes };
    for (const [name, value] of Object.entries(changes)) {
      if (value !== null) next[name] = value;
      else if (name === 'et') next[name] = formatTimestamp(cse.now() + cse.options.defaultExpirationSeconds * 1000);
      else delete next[name];
    }
    for (const behaviour of behaviours) behaviour.prepareUpdate?.(rc, base, next, changes);
    next['lt'] = formatTimestamp(cse.now());
    if (typeof next['st'] === 'number') next['st'] = next['st'] + 1;
    return next;
  };
  const checked = apply(target);
  for (const behaviour of behaviours) await behaviour.checkUpdate?.(rc, target, checked, changes);

  let modified: string[] = [];
  const updated = await cse.change(rc.originator, request, (m) => {
    const current = cse.tree.get(target.ri);
    if (!current)
      throw new CseError(ResponseStatusCode.NotFound, `${target.ri} was deleted while the update was checked`);
    // Another change may have landed during the asynchronous checks (e.g. a new instance in a container).
    const next = current === target ? checked : apply(current);
    modified = [...new Set([...Object.keys(current.attributes), ...Object.keys(next)])].filter(
      (name) => !same(current.attributes[name], next[name]),
    );
    return m.update(current, next, modified);
  });
  const stored = cse.tree.get(updated.ri) ?? updated;
  if (rcn === ResultContent.Nothing) return { rsc: ResponseStatusCode.Updated };
  const attributes = attributesOf(cse, stored);
  if (rcn === ResultContent.ModifiedAttributes) {
    // TS-0004 §7.5.2 rcn 9: the attributes the CSE set or changed beyond what the request gave
    // (lt, st, an et reset to its default, what a behaviour derived), not an echo of the request.
    const out: Record<string, unknown> = {};
    for (const name of modified) {
      const value = name in attributes ? attributes[name] : null;
      if (!(name in changes) || !same(changes[name], value)) out[name] = value;
    }
    return { rsc: ResponseStatusCode.Updated, pc: wrap(stored, out) };
  }
  return { rsc: ResponseStatusCode.Updated, pc: wrap(stored, attributes) };
}
