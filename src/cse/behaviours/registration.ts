import { ResourceType } from '../../../generated/enums/resource-type.gen.js';
import { ResponseStatusCode } from '../../../generated/enums/response-status-code.gen.js';
import type { ResourceBehaviour } from '../behaviour.js';
import { badRequest, CseError } from '../errors.js';
import { ID_LENGTH } from '../ids.js';
import { randomId } from '../../primitives/request-id.js';

// AE registration (TS-0001 §10.2.2.2, TS-0004 §7.4.5.2.1; ACME RegistrationManager):
// - originator absent, empty or `C` → the CSE assigns a CSE-relative AE-ID `C…`;
// - `S` → the CSE assigns an SP-relative AE-ID stem `S…`;
// - `C…` / `S…` (also SP-relative `/id-in/C…`) → used as given;
// - anything else → APP_RULE_VALIDATION_FAILED (4126, as ACME with its default allowed originators);
// - an AE-ID that is already registered → ORIGINATOR_HAS_ALREADY_REGISTERED (4117). The spec
//   defines this code for exactly this case; a name clash with another resource stays CONFLICT (4105).
// The AE's resource ID and aei become the AE-ID, its resource name defaults to it, and it owns
// itself (default privileges, see access-control.ts). App-ID (api) must start with R (registered)
// or N (non-registered); ACME answers BAD_REQUEST otherwise, lower-case r being tolerated for 2a/3.

function assignAeId(originator: string): string {
  if (originator === '' || originator === 'C') return `C${randomId(ID_LENGTH)}`;
  if (originator === 'S') return `S${randomId(ID_LENGTH)}`;
  if (/^[CS][^/\s]*$/.test(originator)) return originator;
  throw new CseError(
    ResponseStatusCode.AppRuleValidationFailed,
    `originator ${JSON.stringify(originator)} cannot register an AE; use an AE-ID starting with C or S, or C / S / nothing to have one assigned`,
  );
}

/**
 * contentSerialization (csz, TS-0004 §6.3.5.x): the serialization types the AE accepts, in order of
 * preference; each must be one of the media types oneM2M defines (XML, JSON, CBOR, also in their
 * oneM2M vendor form), since the CSE picks notification encodings from it.
 */
const SERIALIZATIONS = new Set([
  'application/xml',
  'application/json',
  'application/cbor',
  'application/vnd.onem2m-res+xml',
  'application/vnd.onem2m-res+json',
  'application/vnd.onem2m-res+cbor',
]);

function checkSerializations(csz: unknown): void {
  if (!Array.isArray(csz)) return;
  const wrong = csz.filter((entry) => typeof entry !== 'string' || !SERIALIZATIONS.has(entry));
  if (wrong.length > 0)
    throw badRequest(
      `attribute 'csz' (contentSerialization) holds ${wrong.map((w) => JSON.stringify(w)).join(', ')}; each entry must be one of ${[...SERIALIZATIONS].join(', ')}`,
    );
}

/** The registration rules for `<AE>` creates. */
export const aeRegistration: ResourceBehaviour = {
  name: 'AE registration',
  appliesTo: (info) => info.descriptor.ty === ResourceType.AE,
  prepareUpdate(_rc, _base, _next, changes) {
    checkSerializations(changes['csz']);
  },
  prepareCreate(rc, draft) {
    checkSerializations(draft.attributes['csz']);
    const api = draft.attributes['api'];
    const lowerR = rc.request.rvi === '2a' || rc.request.rvi === '3';
    if (typeof api === 'string' && !/^[RN]/.test(api) && !(lowerR && api.startsWith('r'))) {
      throw badRequest(
        `attribute 'api' (App-ID) ${JSON.stringify(api)} must start with R (registered App-ID, e.g. Rorg.example.app) or N (non-registered, e.g. Nmyapp)`,
      );
    }
    const aeId = assignAeId(rc.originator);
    const existing = rc.cse.tree.get(aeId);
    if (existing && existing.ty !== ResourceType.AE)
      throw new CseError(
        ResponseStatusCode.Conflict,
        `resource ID ${aeId} is taken by ${rc.cse.tree.structuredPath(existing)}`,
      );
    if (existing) {
      throw new CseError(
        ResponseStatusCode.OriginatorHasAlreadyRegistered,
        `originator ${aeId} is already registered (${rc.cse.tree.structuredPath(existing)}); deregister it first or use another AE-ID`,
      );
    }
    draft.attributes['ri'] = aeId;
    draft.attributes['aei'] = aeId;
    if (draft.attributes['rn'] === undefined) draft.attributes['rn'] = aeId;
    draft.owner = aeId;
  },
};
