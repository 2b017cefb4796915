import { ResourceType } from '../../generated/enums/resource-type.gen.js';
import type { RequestOptions } from '../client/options.js';
import { addressOfChild } from './address.js';
import { ModelError } from './errors.js';
import { createResource } from './requests.js';
import type { Resource } from './resource.js';
import type { Session } from './session.js';

/** Options of creates; for an AE, how it registers and who its object speaks as. */
export interface AERegistrationOptions extends RequestOptions {
  /**
   * For an AE: the originator it registers with: `C` (the default; the CSE assigns an AE-ID),
   * `S`, or an AE-ID such as `Cmyapp`. For other types: the originator of the create.
   */
  readonly originator?: string;
  /**
   * For an AE: whether the AE object (and what is created through it) speaks as the AE, with its
   * AE-ID (`ae`, the default), or keeps the session's originator (`session`).
   */
  readonly actAs?: 'ae' | 'session';
}

/**
 * Registers an AE (CREATE of ty 2 under the CSEBase) and returns its object, speaking as the
 * AE-ID the CSE assigned, or as the registration originator for CSEs that keep accepting it
 * (`originatorAfterRegistration: 'unchanged'`).
 */
export async function registerAE(
  session: Session,
  parent: string,
  content: Readonly<Record<string, unknown>>,
  options: AERegistrationOptions = {},
): Promise<Resource> {
  const { actAs, originator = 'C', ...request } = options;
  const created = await createResource(session.client, parent, 'm2m:ae', ResourceType.AE, content, {
    ...request,
    originator,
  });
  const aei = created.attributes['aei'];
  if (typeof aei !== 'string' || aei === '')
    throw new ModelError(`the CSE registered the AE under ${parent} but returned no AE-ID (aei)`);
  const speaksAs = session.originatorAfterRegistration === 'unchanged' ? originator : aei;
  const acting = actAs === 'session' ? session : session.withOriginator(speaksAs);
  return acting.materialize('m2m:ae', addressOfChild(session, parent, created.attributes), created.attributes);
}
