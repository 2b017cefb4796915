import { ResourceType } from '../../../generated/enums/resource-type.gen.js';
import { ResponseStatusCode } from '../../../generated/enums/response-status-code.gen.js';
import type { ResourceBehaviour } from '../behaviour.js';
import type { CseContext } from '../context.js';
import { CseError } from '../errors.js';

// <pollingChannel> (TS-0001 §9.6.21; digest §3.13, §12.6): at most one per AE, as ACME
// (a second one → INVALID_CHILD_RESOURCE_TYPE, 4108); requestAggregation (rqag) defaults to false.
// Its access rule (only the parent's owner) is in access-control.ts, its pcu in
// virtual/polling-channel-uri.ts, the queues in polling.ts. When the channel (or its AE) goes,
// the requests still queued for the AE go too and waiting polls end with REQUEST_TIMEOUT.

export const pollingChannelBehaviour: ResourceBehaviour = {
  name: 'polling channel',
  appliesTo: (info) => info.descriptor.ty === ResourceType.PollingChannel,
  prepareCreate(rc, draft, parent) {
    if (parent.ty === ResourceType.AE && rc.cse.tree.childrenOfType(parent.ri, ResourceType.PollingChannel).size > 0) {
      throw new CseError(
        ResponseStatusCode.InvalidChildResourceType,
        `${rc.cse.tree.structuredPath(parent)} already has a <pollingChannel>; an AE has at most one`,
      );
    }
    if (draft.attributes['rqag'] === undefined) draft.attributes['rqag'] = false;
  },
};

/** Drops an AE's queued requests when its polling channel is deleted. Returns the function that stops it. */
export function followPollingChannels(cse: CseContext): () => void {
  return cse.events.on((event) => {
    if (event.type === 'deleted' && event.resource.ty === ResourceType.PollingChannel)
      cse.pollingQueues.drop(event.resource.pi);
  });
}
