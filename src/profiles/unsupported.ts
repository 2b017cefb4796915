import { Operation } from '../../generated/enums/operation.gen.js';
import { ResourceType } from '../../generated/enums/resource-type.gen.js';
import type { Encoding } from '../encoding/codec.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { CseProfile } from './profile.js';

/**
 * The request asks for something the CSE's profile says it cannot do (an encoding it does not
 * speak, a resource type it does not host, a parameter it does not read). Nothing was sent.
 */
export class NotSupportedByCseError extends Error {
  override readonly name = 'NotSupportedByCseError';
  constructor(
    /** The profile that says so. */
    readonly profile: string,
    /** What was asked for, e.g. `encoding xml`, `<pollingChannel>`. */
    readonly feature: string,
    /** What the CSE does instead, and what to do. */
    readonly detail: string,
  ) {
    super(`${feature} is not supported by the CSE of profile ${JSON.stringify(profile)}: ${detail}`);
  }
}

/** Throws unless the profile's CSE speaks `encoding`. */
export function checkEncoding(profile: CseProfile, encoding: Encoding): void {
  if (profile.encodings.includes(encoding)) return;
  throw new NotSupportedByCseError(
    profile.name,
    `encoding ${encoding}`,
    `${profile.title} speaks ${profile.encodings.join(' and ')}; use encoding ${JSON.stringify(profile.encodings[0])}`,
  );
}

/** List-valued filter criteria with more than one value. */
function listValues(value: unknown): number {
  return Array.isArray(value) ? value.length : value === undefined ? 0 : 1;
}

/**
 * Throws when the request needs what the profile says the CSE cannot do: a resource type it does
 * not host, a fan-out below `fopt`, child/parent attribute filters, several values of a
 * parameter it reads once.
 */
export function checkRequestAgainstProfile(profile: CseProfile, request: RequestPrimitive): void {
  if (!profile.pollingChannel && request.op === Operation.Create && request.ty === ResourceType.PollingChannel)
    throw new NotSupportedByCseError(
      profile.name,
      '<pollingChannel>',
      `${profile.title} does not host polling channels; give the AE a reachable poa (rr=true) and a notification server instead`,
    );
  if (!profile.fanOutPath && /(^|\/)fopt\/./.test(request.to))
    throw new NotSupportedByCseError(
      profile.name,
      '<group>/fopt/<path>',
      `${profile.title} fans out only at <group>/fopt itself (fopt/<path> answers 4004); address each member's child directly`,
    );
  const fc = request.fc as Record<string, unknown> | undefined;
  if (!fc) return;
  if (!profile.childAttributeFilters && (listValues(fc['catr']) > 0 || listValues(fc['patr']) > 0))
    throw new NotSupportedByCseError(
      profile.name,
      'child and parent attribute filters (catr, patr)',
      `${profile.title} answers 4000 to c.<attribute> and p.<attribute> parameters; discover the children and filter them yourself`,
    );
  for (const name of profile.queryLists.singleValued ?? []) {
    if (listValues(fc[name]) > 1)
      throw new NotSupportedByCseError(
        profile.name,
        `several values of ${name}`,
        `${profile.title} reads only one ${name} value (it ignores the others, joined or repeated); make one request per value`,
      );
  }
}
