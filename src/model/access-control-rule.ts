import { AccessControlOperations } from '../../generated/enums/access-control-operations.gen.js';
import type { AccessControlContexts } from '../../generated/types/access-control-contexts.gen.js';
import type { AccessControlObjectDetails } from '../../generated/types/access-control-object-details.gen.js';
import type { AccessControlRule } from '../../generated/types/access-control-rule.gen.js';
import type { SetOfAcrs } from '../../generated/types/set-of-acrs.gen.js';

// Access control rules with operations by name, from the generated AccessControlOperations
// bitmask: `acr({ originators: ['Cabc'], operations: ['retrieve', 'discovery'] })`.

/** An operation of accessControlOperations by name: create, retrieve, update, delete, notify, discovery. */
export type AccessControlOperationName = Uncapitalize<keyof typeof AccessControlOperations>;

/** What acr() takes: operation names (`discover` is accepted for `discovery`), `all`, or the bitmask. */
export type Operations = readonly (AccessControlOperationName | 'discover')[] | 'all' | number;

/** One access control rule for `acr()`: who (originators), what (operations), optionally from where and when. */
export interface AccessRuleSpec {
  /** accessControlOriginators (acor): AE-IDs, CSE-IDs, group IDs, `all`, or `*` patterns. */
  readonly originators: readonly string[];
  readonly operations: Operations;
  /** accessControlContexts (acco): time windows, IP addresses, location. */
  readonly contexts?: readonly AccessControlContexts[];
  /** accessControlObjectDetails (acod): restrict to resource or child types. */
  readonly objectDetails?: readonly AccessControlObjectDetails[];
  /** accessControlAttributes (aca): restrict to these attributes. */
  readonly attributes?: readonly string[];
  /** accessControlAuthenticationFlag (acaf). */
  readonly authenticated?: boolean;
}

/** A rule read back, with the operations by name. */
export interface AccessRule extends AccessRuleSpec {
  readonly operations: readonly AccessControlOperationName[];
  /** The bitmask (acop) as the CSE holds it. */
  readonly acop: number;
}

const NAMES = Object.keys(AccessControlOperations).map(
  (key) => (key.charAt(0).toLowerCase() + key.slice(1)) as AccessControlOperationName,
);
const ALL = Object.values(AccessControlOperations).reduce((mask, bit) => mask | bit, 0);

/** The bitmask for operation names (or `all`, or a bitmask as it is). */
export function operationMask(operations: Operations): number {
  if (typeof operations === 'number') return operations;
  if (operations === 'all') return ALL;
  return operations.reduce((mask, name) => {
    const key = (
      name === 'discover' ? 'Discovery' : name.charAt(0).toUpperCase() + name.slice(1)
    ) as keyof typeof AccessControlOperations;
    const bit = AccessControlOperations[key] as number | undefined;
    if (bit === undefined)
      throw new RangeError(`${JSON.stringify(name)} is not an access control operation; use ${NAMES.join(', ')}`);
    return mask | bit;
  }, 0);
}

/** The operation names in a bitmask. */
export function operationNames(acop: number): AccessControlOperationName[] {
  return NAMES.filter((name) => (acop & operationMask([name])) !== 0);
}

/** An accessControlRule (m2m:accessControlRule) from names. */
export function acr(spec: AccessRuleSpec): AccessControlRule {
  return {
    acor: [...spec.originators],
    acop: operationMask(spec.operations),
    ...(spec.contexts ? { acco: [...spec.contexts] } : {}),
    ...(spec.objectDetails ? { acod: [...spec.objectDetails] } : {}),
    ...(spec.attributes ? { aca: [...spec.attributes] } : {}),
    ...(spec.authenticated === undefined ? {} : { acaf: spec.authenticated }),
  };
}

/** A set of rules (m2m:setOfAcrs) for pv or pvs: `{ pv: acrs(acr(...), acr(...)) }`. */
export function acrs(...rules: ReadonlyArray<AccessControlRule | AccessRuleSpec>): SetOfAcrs {
  return { acr: rules.map((rule) => ('originators' in rule ? acr(rule) : rule)) };
}

/** The rules of a setOfAcrs with operations by name. */
export function readRules(set: SetOfAcrs | undefined): AccessRule[] {
  return (set?.acr ?? []).map((rule) => ({
    originators: rule.acor,
    operations: operationNames(rule.acop),
    acop: rule.acop,
    ...(rule.acco ? { contexts: rule.acco } : {}),
    ...(rule.acod ? { objectDetails: rule.acod } : {}),
    ...(rule.aca ? { attributes: rule.aca } : {}),
    ...(rule.acaf === undefined ? {} : { authenticated: rule.acaf }),
  }));
}
