import { ResourceType } from '../../../generated/enums/resource-type.gen.js';
import type { SetOfAcrs } from '../../../generated/types/set-of-acrs.gen.js';
import type { ResourceBehaviour } from '../behaviour.js';
import { badRequest } from '../errors.js';
import { parseSchedule, ScheduleFormatError } from '../schedule.js';

// <accessControlPolicy> content checks beyond the schema: the time windows of the access control
// contexts (acco.actw) must be readable schedule entries (schedule.ts), and acip.ipv4 entries IPv4
// addresses or CIDR blocks, so that a policy never silently fails to grant (or deny) what it says.

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/(3[0-2]|[12]?\d))?$/;

function checkPrivileges(name: 'pv' | 'pvs', privileges: unknown): void {
  const rules = (privileges as SetOfAcrs | undefined)?.acr ?? [];
  rules.forEach((rule, i) => {
    for (const context of (rule.acco ?? []) as { actw?: string[]; acip?: { ipv4?: string[] } }[]) {
      for (const window of context.actw ?? []) {
        try {
          parseSchedule(window);
        } catch (error) {
          if (!(error instanceof ScheduleFormatError)) throw error;
          throw badRequest(`attribute '${name}' acr[${i}] acco.actw: ${error.message}`);
        }
      }
      for (const address of context.acip?.ipv4 ?? [])
        if (!IPV4.test(address))
          throw badRequest(
            `attribute '${name}' acr[${i}] acco.acip.ipv4 ${JSON.stringify(address)} is not an IPv4 address or CIDR block such as 192.168.0.0/24`,
          );
    }
  });
}

export const accessControlPolicyRules: ResourceBehaviour = {
  name: 'access control policy',
  appliesTo: (info) => info.descriptor.ty === ResourceType.AccessControlPolicy,
  prepareCreate(_rc, draft) {
    checkPrivileges('pv', draft.attributes['pv']);
    checkPrivileges('pvs', draft.attributes['pvs']);
  },
  prepareUpdate(_rc, _target, _next, changes) {
    checkPrivileges('pv', changes['pv']);
    checkPrivileges('pvs', changes['pvs']);
  },
};
