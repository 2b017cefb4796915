import { AccessControlPolicyDescriptor } from '../../generated/resources/access-control-policy.gen.js';
import { readRules, type AccessControlOperationName, type AccessRule } from './access-control-rule.js';
import { Resource } from './resource.js';
import type { Session } from './session.js';

/**
 * An accessControlPolicy: privileges (pv) for the resources that reference it in acpi, and
 * selfPrivileges (pvs) for itself. Build rules with `acr()` and `acrs()`.
 */
export class AccessControlPolicy extends Resource<'m2m:acp'> {
  static override readonly descriptor = AccessControlPolicyDescriptor;

  constructor(session: Session, address: string, attributes: Readonly<Record<string, unknown>>) {
    super(session, 'm2m:acp', address, attributes);
  }

  /** The rules of pv, with operations by name. */
  get privileges(): readonly AccessRule[] {
    return readRules(this.attributes.pv);
  }

  /** The rules of pvs, with operations by name. */
  get selfPrivileges(): readonly AccessRule[] {
    return readRules(this.attributes.pvs);
  }

  /**
   * Whether pv names `originator` (exactly or as `all`) for `operation`. Contexts, object details
   * and wildcard patterns are for the CSE to evaluate; this is a quick local check.
   */
  allows(originator: string, operation: AccessControlOperationName): boolean {
    return this.privileges.some(
      (rule) =>
        rule.operations.includes(operation) &&
        (rule.originators.includes(originator) || rule.originators.includes('all')),
    );
  }
}
