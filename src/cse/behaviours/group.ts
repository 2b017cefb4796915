import { ResourceType } from '../../../generated/enums/resource-type.gen.js';
import { ResponseStatusCode } from '../../../generated/enums/response-status-code.gen.js';
import type { ResourceBehaviour } from '../behaviour.js';
import { CseError } from '../errors.js';

// <group> as a plain resource (TS-0001 §9.6.13): cnm is the number of members, mt defaults to
// 0 (mixed, as ACME), and more members than mnm is MAX_NUMBER_OF_MEMBER_EXCEEDED (6010).
// Member validation and fan-out (fopt) are not implemented here.

function checkMembers(mid: unknown, mnm: unknown): number {
  const count = Array.isArray(mid) ? mid.length : 0;
  if (typeof mnm === 'number' && count > mnm) {
    throw new CseError(ResponseStatusCode.MaxNumberOfMemberExceeded, `the group has ${count} members (mid) but maxNrOfMembers (mnm) is ${mnm}`);
  }
  return count;
}

export const groupBookkeeping: ResourceBehaviour = {
  name: 'group',
  appliesTo: (info) => info.descriptor.ty === ResourceType.Group,
  prepareCreate(_rc, draft) {
    draft.attributes['cnm'] = checkMembers(draft.attributes['mid'], draft.attributes['mnm']);
    if (draft.attributes['mt'] === undefined) draft.attributes['mt'] = 0;
  },
  prepareUpdate(_rc, _target, next) {
    next['cnm'] = checkMembers(next['mid'], next['mnm']);
  },
};
