import { AEDescriptor } from '../../generated/resources/ae.gen.js';
import type { RequestOptions } from '../client/options.js';
import type { NotificationEndpoint } from '../notifications/endpoint.js';
import { ModelError } from './errors.js';
import { retrieveIfExists, updateResource } from './requests.js';
import type { Resource } from './resource.js';

/** Whether a notification URI is a URL (an HTTP receiver) rather than an AE-ID or a CSE-ID. */
function isUrl(uri: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(uri);
}

/**
 * The structured addresses the subscribing AE may have: the ancestors of `address` below the
 * CSEBase and the resource itself, the one right below the CSEBase (where AEs live) first.
 */
function ancestors(address: string): string[] {
  const segments = address.split('/');
  const out: string[] = [];
  for (let n = 2; n <= segments.length; n++) out.push(segments.slice(0, n).join('/'));
  return out;
}

/**
 * What a subscription made through `resource` names as its notification target (nu). Usually the
 * endpoint's URI. An endpoint on the session's MQTT or WebSocket connection is named through the
 * subscribing AE: nu is its AE-ID, and the binding's poa is put into the AE's pointOfAccess
 * (poa), where the CSE sends the notifications; undefined when the originator is no AE above the
 * resource (the caller then needs another endpoint). For a CSE whose verification request cannot
 * be received (the profile's subscriptionVerification `unusable`, tinyIoT), an HTTP receiver is
 * named the same way: nu the AE-ID, which skips verification, the receiver's URL in the AE's poa.
 */
export async function notificationTarget(
  resource: Resource,
  endpoint: Pick<NotificationEndpoint, 'notificationUri' | 'poa'>,
  request: RequestOptions | undefined,
): Promise<string | undefined> {
  const { session } = resource;
  const endpointUri = endpoint.notificationUri;
  const overBinding = endpoint.poa !== undefined;
  if (!overBinding && (session.profile.subscriptionVerification !== 'unusable' || !isUrl(endpointUri)))
    return endpointUri;
  const poaValue = endpoint.poa ?? endpointUri;
  const aeId = request?.originator ?? session.originator;
  if (overBinding && aeId !== endpointUri) return undefined;
  const candidates = resource.typeName === AEDescriptor.typeName ? [resource.address] : ancestors(resource.address);
  for (const address of candidates) {
    const found =
      address === resource.address && resource.typeName === AEDescriptor.typeName
        ? { typeName: resource.typeName, attributes: resource.attributes as Record<string, unknown> }
        : await retrieveIfExists(session.client, address, request);
    if (!found || found.typeName !== AEDescriptor.typeName || found.attributes['aei'] !== aeId) continue;
    const poa = (found.attributes['poa'] as string[] | undefined) ?? [];
    if (!poa.includes(poaValue))
      await updateResource(session.client, address, AEDescriptor.typeName, { poa: [...poa, poaValue] }, request);
    return aeId;
  }
  if (overBinding) return undefined;
  throw new ModelError(
    `cannot subscribe to ${resource.address} on ${session.profile.title}: its verification requests cannot be received, so notifications must go through an AE (nu = the AE-ID, the receiver in its poa), and ${JSON.stringify(aeId)} is not an AE above ${resource.address}; subscribe through the AE's own session (e.g. from cse.ae(...))`,
  );
}
