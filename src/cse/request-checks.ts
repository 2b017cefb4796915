import { Operation } from '../../generated/enums/operation.gen.js';
import { ResourceType } from '../../generated/enums/resource-type.gen.js';
import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import { ResponseType } from '../../generated/enums/response-type.gen.js';
import { describeContentProblem, findContentProblem } from '../encoding/limits.js';
import type { RequestPrimitive } from '../primitives/request.js';
import { badRequest, CseError } from './errors.js';

/** Release versions this CSE speaks (X-M2M-RVI), as ACME: 2a, 3, 4 and 5. */
export const SUPPORTED_RELEASES: readonly string[] = ['2a', '3', '4', '5'];

/**
 * The checks every request passes before its target is looked at (TS-0004 §7.3.2.1 "check the
 * validity of the request primitive"): a known operation, a request identifier, a supported
 * release version (missing or unsupported → RELEASE_VERSION_NOT_SUPPORTED 4001, as ACME), an
 * originator (only an AE registration may omit it → otherwise BAD_REQUEST), ty only in a create.
 * Notification URIs for the result (rt.nu; HTTP X-M2M-RTU) only with rt=2 (else BAD_REQUEST).
 * The content must be plain data no deeper than the decoders' limit (encoding/limits.ts).
 * Non-blocking requests (rt 1 and 2) are handled by non-blocking.ts; flexBlocking (4) and
 * noResponse (5) are answered as blocking requests.
 */
export function checkRequest(request: RequestPrimitive): void {
  if (!Object.values(Operation).includes(request.op))
    throw badRequest(
      `operation ${String(request.op)} is not one of 1 create, 2 retrieve, 3 update, 4 delete, 5 notify`,
    );
  if (!request.rqi) throw badRequest('the request identifier (rqi; HTTP header X-M2M-RI) is missing');
  if (request.rvi === undefined || request.rvi === '') {
    throw new CseError(
      ResponseStatusCode.ReleaseVersionNotSupported,
      `the release version indicator (rvi; HTTP header X-M2M-RVI) is missing; send one of ${SUPPORTED_RELEASES.join(', ')}`,
    );
  }
  if (!SUPPORTED_RELEASES.includes(request.rvi)) {
    throw new CseError(
      ResponseStatusCode.ReleaseVersionNotSupported,
      `release version ${JSON.stringify(request.rvi)} is not supported; send one of ${SUPPORTED_RELEASES.join(', ')}`,
    );
  }
  const registration = request.op === Operation.Create && request.ty === ResourceType.AE;
  if (!registration && (request.fr === undefined || request.fr.trim() === '')) {
    throw badRequest(
      'the originator (fr; HTTP header X-M2M-Origin) is missing; only an AE registration may leave it out',
    );
  }
  if (request.ty !== undefined && request.op !== Operation.Create)
    throw badRequest('ty (resource type) is only allowed in a create');
  if (!request.to) throw badRequest('the target (to) is missing');
  if (request.drt !== undefined && request.drt !== 1 && request.drt !== 2)
    throw badRequest(
      `drt (desiredIdentifierResultType) must be 1 (structured) or 2 (unstructured), not ${JSON.stringify(request.drt)}`,
    );
  // Decoders refuse such content already; requests handed over in-process (cse.handle) are checked
  // here, before anything (a <request> resource, a specialisation's attribute) can store it.
  const problem = request.pc === undefined ? undefined : findContentProblem(request.pc);
  if (problem) throw badRequest(`the request content is refused: ${describeContentProblem(problem)}`);
  const rt = request.rt;
  if (
    rt?.nu &&
    rt.nu.length > 0 &&
    rt.rtv !== ResponseType.NonBlockingRequestAsynch &&
    rt.rtv !== ResponseType.FlexBlocking
  ) {
    throw badRequest(
      `notification URIs for the result (rt.nu; HTTP X-M2M-RTU) are only allowed with rt=2 (non-blocking asynch) or rt=4 (flexBlocking), not with rt=${rt.rtv}`,
    );
  }
}
