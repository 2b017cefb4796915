import type { ValidationIssue } from '../validation/issue.js';
import type { CseContext } from './context.js';
import { findResource } from './addressing.js';
import { ResourceType } from '../../generated/enums/resource-type.gen.js';
import { badRequest } from './errors.js';
import { parseTimestamp } from './time.js';

// Checks shared by create and update that the generated validators cannot make: they need the
// tree or the clock.

/** Throws BAD_REQUEST with every issue's message (each names the attribute, the rule and the fix). */
export function rejectIssues(issues: readonly ValidationIssue[]): void {
  if (issues.length === 0) return;
  throw badRequest(issues.map((issue) => issue.message).join(' '));
}

/** acpi entries must name existing <accessControlPolicy> resources (TS-0004 §7.3.3.x, ACME: BAD_REQUEST). */
export function checkAcpiReferences(cse: CseContext, acpi: unknown): void {
  if (!Array.isArray(acpi)) return;
  for (const id of acpi) {
    const policy = typeof id === 'string' ? findResource(cse, id) : undefined;
    if (!policy || policy.ty !== ResourceType.AccessControlPolicy) {
      throw badRequest(
        `attribute 'acpi' (accessControlPolicyIDs) references ${JSON.stringify(id)}, which is not an <accessControlPolicy> on this CSE; create the policy first or remove the reference.`,
      );
    }
  }
}

/** An expirationTime in the past is refused (ACME: BAD_REQUEST). */
export function checkExpirationTime(cse: CseContext, et: unknown): void {
  if (typeof et !== 'string') return;
  const when = parseTimestamp(et);
  if (when === undefined)
    throw badRequest(
      `attribute 'et' (expirationTime) ${JSON.stringify(et)} is not a oneM2M timestamp such as 20301231T235959.`,
    );
  if (when <= cse.now())
    throw badRequest(
      `attribute 'et' (expirationTime) ${et} is in the past; give a later time or leave it out for the default.`,
    );
}
