import type { CseProfile } from './profile.js';

// The profiles of the CSEs the client has been run against, as data. Facts for ACME, Mobius and
// tinyIoT were measured on the wire (loopback runs of each built from its public source); OM2M's
// come from its documentation and are marked unverified. Where a fact was not measured, the
// profile keeps the spec's behaviour.

/** The spec as written (TS-0001/0004/0009), with the reference CSE's identifiers: the default. */
export const specProfile: CseProfile = {
  name: 'spec',
  title: 'oneM2M as specified (TS-0004, TS-0009), with the reference CSE’s identifiers',
  verified: true,
  url: 'http://127.0.0.1:8080',
  cseId: '/id-in',
  cseName: 'cse-in',
  adminOriginator: 'CAdmin',
  releaseVersion: '3',
  releaseVersions: ['2a', '3', '4', '5'],
  encodings: ['json', 'xml', 'cbor'],
  pollingChannel: true,
  fanOutPath: true,
  childAttributeFilters: true,
  queryLists: { style: 'plus' },
  discoveryPagesByResults: true,
  listsNewestFirst: false,
  defaultNotificationContentType: 1,
  subscriptionVerification: 'request',
  // TS-0020 names no handshake header; naming the originator costs nothing and is what the
  // reference CSE needs, whose conventions these are.
  webSocket: { originatorInHandshake: true, connectionPoa: 'ws://default' },
  mqtt: { registrationTopic: true },
  departures: [],
};

/** ACME, the oneM2M reference CSE (Python), 2026.05.1. */
export const acmeProfile: CseProfile = {
  ...specProfile,
  name: 'acme',
  title: 'ACME oneM2M CSE 2026.05.1 (the reference CSE)',
  releaseVersions: ['3', '4', '5'],
  encodings: ['json', 'cbor'],
  childAttributeFilters: false,
  discoveryPagesByResults: false,
  departures: [
    {
      what: 'no XML: asked for XML it answers 2000 with an empty body',
      answer:
        'encodings json, cbor: xml fails before sending; without the profile the empty answer is an EncodingNotSupportedError naming the CSEBase csz',
    },
    {
      what: 'a body it cannot parse: HTTP 400, rsc 4000, X-M2M-RI None, a useful m2m:dbg',
      answer: 'the status is read before the request id: a ResponseError with rsc and dbg that notes the id mismatch',
    },
    {
      what: 'discovery lim/ofst bound the direct children walked, not the results',
      answer:
        'discoveryPagesByResults false: discoverAll/discoverEach ask once; no result is yielded twice with any profile',
    },
    {
      what: 'child/parent attribute filters c.<attr>/p.<attr> → 4000',
      answer: 'childAttributeFilters false: such a filter fails before sending',
    },
    {
      what: 'acpi of a resource without acpi: only its creator may set it (CAdmin gets 4103)',
      answer: 'spec behaviour; the embedded CSE now refuses it too, and the example sets acpi as the AE',
    },
    {
      what: '<unstructured ri>/<child name> → 4004 (only la, ol, fopt, pcu may follow an ri)',
      answer:
        'spec behaviour; the model addresses children by their own address, and the embedded CSE answers 4004 too',
    },
    {
      what: 'm2m:rce members without the m2m: prefix',
      answer: 'rcn 3 results are read with or without the prefix',
    },
    {
      what: 'discovery results are CSE-relative without a leading slash',
      answer: 'spec behaviour; routed sessions prefix them with the remote CSE-ID',
    },
    {
      what: 'verification is skipped when nu is the creator’s own AE-ID',
      answer: 'spec behaviour; the receiver answers verification requests either way',
    },
    {
      what: 'WebSocket: a connection without X-M2M-Origin in its handshake may only register an AE; notifications go over the connection of the AE-ID named there (poa ws://default)',
      answer:
        'webSocket originatorInHandshake: one connection per originator, named in the handshake (Node); subscribe() over WebSocket puts ws://default into the AE’s poa',
    },
    {
      what: 'forwarding to a remote CSE goes out as /id-in/CAdmin, which the remote refuses unless configured',
      answer: 'nothing a client can change: configure the remote CSE to accept it',
    },
  ],
};

/** Mobius, KETI's CSE (Node.js + MySQL), 2.5.x. */
export const mobiusProfile: CseProfile = {
  ...specProfile,
  name: 'mobius',
  title: 'Mobius 2.5.x (KETI)',
  url: 'http://127.0.0.1:7579',
  cseId: '/Mobius2',
  cseName: 'Mobius',
  adminOriginator: 'Sponde',
  releaseVersion: '2a',
  releaseVersions: ['1', '2', '2a'],
  encodings: ['json', 'xml'],
  pollingChannel: false,
  fanOutPath: false,
  queryLists: { style: 'repeat' },
  listsNewestFirst: true,
  defaultNotificationContentType: 2,
  subscriptionVerification: 'none',
  departures: [
    {
      what: 'release 2a: discovery with rcn=11 → 4000; without rcn it answers m2m:uril',
      answer:
        'releaseVersion 2a: discovery sends no rcn below release 3, and the result is read as whatever list the CSE sent',
    },
    {
      what: '“CBOR” is hex text of CBOR',
      answer: 'encodings json, xml: cbor fails before sending',
    },
    {
      what: 'no <pollingChannel> (4005), no <group>/fopt/<path> (4004)',
      answer:
        'pollingChannel false: fails before sending; fanOutPath false: the group model sends the request to <member>/<path> of each member (a raw fopt/<path> request fails before sending)',
    },
    {
      what: 'a subscription without nct gets nct 2 (modified attributes)',
      answer:
        'subscribe() always sends nct (1 unless asked otherwise); defaultNotificationContentType 2 reads subscriptions made elsewhere',
    },
    {
      what: 'in m2m:agr each member’s rsc is a JSON string ("2001")',
      answer: 'numeric strings are read as status codes; an unreadable member response is a failure, never success',
    },
    {
      what: 'ct/lt have 1-second resolution and lists come newest first',
      answer: 'listsNewestFirst: instances are sorted by ct, ties in reverse listing order (oldest first, always)',
    },
    {
      what: 'a +-joined lbl list is not parsed; repeated lbl= parameters are',
      answer: 'queryLists repeat',
    },
    {
      what: 'admin originator Sponde (CAdmin is an ordinary name); no ACP checks, only the creator updates or deletes',
      answer: 'adminOriginator Sponde is the default originator',
    },
    {
      what: 'no verification request on subscription create',
      answer: 'subscriptionVerification none; nothing to wait for',
    },
    {
      what: 'cbs not lowered when mni drops instances; XML turns JSON in con into elements; stale reads with several workers',
      answer: 'CSE bugs a client cannot repair: use JSON, run one worker',
    },
  ],
};

/** tinyIoT (Sejong University, C + SQLite), v0.1. */
export const tinyiotProfile: CseProfile = {
  ...specProfile,
  name: 'tinyiot',
  title: 'tinyIoT v0.1 (Sejong University)',
  url: 'http://127.0.0.1:3000',
  cseId: '/tinyiot',
  cseName: 'TinyIoT',
  releaseVersions: ['3', '4'],
  encodings: ['json'],
  pollingChannel: false,
  queryLists: { style: 'repeat', joined: ['ty'], singleValued: ['lbl'] },
  subscriptionVerification: 'unusable',
  departures: [
    {
      what: 'JSON only: XML and CBOR bodies → 4000 “Invalid JSON format”; answers JSON whatever Accept says',
      answer: 'encodings json: xml and cbor fail before sending',
    },
    {
      what: 'its verification request has no leading slash in the request line, so receivers answer 400 and the create fails with 5204',
      answer:
        'subscriptionVerification unusable: subscribe() names the AE-ID as nu and puts the receiver into the AE’s poa, which skips verification',
    },
    {
      what: 'non-admin discovery returns [] under the default ACP',
      answer: 'direct children are listed by child resource references (rcn 6), not discovery',
    },
    {
      what: 'a +-joined list matches nothing; of repeated lbl or ty only the first counts; ty=2+3 works',
      answer:
        'queryLists repeat, ty joined, lbl single-valued: a discovery by several labels is one request per label, united (any other request with several labels fails before sending)',
    },
    {
      what: 'no <pollingChannel> (4000 “resource type is invalid”)',
      answer: 'pollingChannel false: fails before sending',
    },
    {
      what: 'missing X-M2M-RVI → 4000',
      answer: 'the client always sends X-M2M-RVI (3)',
    },
    {
      what: 'numbers come back as 5.0; NP/RO attributes in a request are accepted and corrupt its state',
      answer: '5.0 reads as 5; validate payloads before sending (validate(), the model checks update rules)',
    },
  ],
};

/** Eclipse OM2M, from its documentation only (not run here). */
export const om2mProfile: CseProfile = {
  ...specProfile,
  name: 'om2m',
  title: 'Eclipse OM2M 1.x (from its documentation; UNVERIFIED)',
  verified: false,
  url: 'http://127.0.0.1:8080',
  cseId: '/in-cse',
  cseName: 'in-name',
  adminOriginator: 'admin:admin',
  releaseVersion: '2a',
  releaseVersions: ['1', '2a'],
  encodings: ['xml', 'json'],
  departures: [
    {
      what: 'XML by default, release 1/2 payloads',
      answer: 'encodings xml first (the default encoding), releaseVersion 2a: no rcn=11 in discovery',
    },
    {
      what: 'paths /~/<cse-id>/<name>, originator admin:admin',
      answer: 'cseId /in-cse, cseName in-name, adminOriginator admin:admin (SP-relative addresses go out as /~/…)',
    },
  ],
};

/** Every built-in profile by name. */
export const profiles = {
  spec: specProfile,
  acme: acmeProfile,
  mobius: mobiusProfile,
  tinyiot: tinyiotProfile,
  om2m: om2mProfile,
} as const satisfies Readonly<Record<string, CseProfile>>;

/** The name of a built-in profile: `spec`, `acme`, `mobius`, `tinyiot` or `om2m`. */
export type ProfileName = keyof typeof profiles;

/** A profile by name or as an object; unknown names fail with the list of known ones. */
export function resolveProfile(profile: ProfileName | CseProfile | undefined): CseProfile {
  if (profile === undefined) return specProfile;
  if (typeof profile !== 'string') return profile;
  const found = (profiles as Readonly<Record<string, CseProfile>>)[profile.toLowerCase()];
  if (!found)
    throw new RangeError(
      `unknown CSE profile ${JSON.stringify(profile)}; use one of ${Object.keys(profiles).join(', ')}`,
    );
  return found;
}
