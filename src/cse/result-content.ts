import { ResultContent } from '../../generated/enums/result-content.gen.js';
import { Operation } from '../../generated/enums/operation.gen.js';
import { badRequest } from './errors.js';

// Result content values each operation accepts, and their defaults (digest §5.2 / §12.7, ACME
// Types.py): anything else is BAD_REQUEST, naming what is accepted.

const ALLOWED: Record<string, { readonly values: readonly number[]; readonly fallback: number }> = {
  [Operation.Create]: {
    values: [
      ResultContent.Nothing,
      ResultContent.Attributes,
      ResultContent.HierarchicalAddress,
      ResultContent.HierarchicalAddressAndAttributes,
      ResultContent.ModifiedAttributes,
    ],
    fallback: ResultContent.Attributes,
  },
  [Operation.Retrieve]: {
    values: [
      ResultContent.Attributes,
      ResultContent.AttributesAndChildResources,
      ResultContent.AttributesAndChildResourceReferences,
      ResultContent.ChildResourceReferences,
      ResultContent.ChildResources,
    ],
    fallback: ResultContent.Attributes,
  },
  discovery: {
    values: [ResultContent.DiscoveryResultReferences, ResultContent.ChildResourceReferences],
    fallback: ResultContent.DiscoveryResultReferences,
  },
  [Operation.Update]: {
    values: [ResultContent.Nothing, ResultContent.Attributes, ResultContent.ModifiedAttributes],
    fallback: ResultContent.Attributes,
  },
  [Operation.Delete]: {
    values: [
      ResultContent.Nothing,
      ResultContent.Attributes,
      ResultContent.AttributesAndChildResources,
      ResultContent.AttributesAndChildResourceReferences,
      ResultContent.ChildResourceReferences,
      ResultContent.ChildResources,
    ],
    fallback: ResultContent.Nothing,
  },
  [Operation.Notify]: { values: [ResultContent.Nothing], fallback: ResultContent.Nothing },
};

const NAMES: Record<string, string> = {
  1: 'CREATE',
  2: 'RETRIEVE',
  3: 'UPDATE',
  4: 'DELETE',
  5: 'NOTIFY',
  discovery: 'discovery (fu=1)',
};

/** The rcn to apply: the request's, checked against the operation, or the operation's default. */
export function resultContentFor(kind: number | 'discovery', rcn: number | undefined): number {
  const rule = ALLOWED[String(kind)];
  if (!rule) return rcn ?? ResultContent.Nothing;
  if (rcn === undefined) return rule.fallback;
  if (!rule.values.includes(rcn))
    throw badRequest(`rcn=${rcn} is not allowed for ${NAMES[String(kind)]}; use one of ${rule.values.join(', ')}`);
  return rcn;
}
