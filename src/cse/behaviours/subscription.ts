import { NotificationContentType } from '../../../generated/enums/notification-content-type.gen.js';
import type { ResourceBehaviour } from '../behaviour.js';

// <subscription> and <crossResourceSubscription> as plain resources: notificationContentType
// defaults to 1, all attributes (TS-0004 §7.4.8.2.1). Verification, notifications, exc and
// deletion notices are left to the notification component (see events.ts and behaviour.ts).

export const subscriptionDefaults: ResourceBehaviour = {
  name: 'subscription defaults',
  appliesTo: (info) => 'nct' in info.descriptor.attributes && 'nu' in info.descriptor.attributes,
  prepareCreate(_rc, draft) {
    if (draft.attributes['nct'] === undefined) draft.attributes['nct'] = NotificationContentType.AllAttributes;
  },
};
