import { Operation } from '../../generated/enums/operation.gen.js';
import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import type { Client } from '../client/Client.js';
import type { RequestOptions } from '../client/options.js';
import { isResponseError, requestContext, UnexpectedContentError } from '../errors/index.js';
import { contentRoot, type PrimitiveContent } from '../primitives/content.js';
import type { RequestPrimitive } from '../primitives/request.js';

// The four operations as the model needs them: for any resource type (including flexContainer
// specialisations whose root names the generated tables do not know), answering the resource's
// root name and attributes.

/** A resource as a response carries it. */
export interface Representation {
  readonly typeName: string;
  readonly attributes: Record<string, unknown>;
}

async function exchange(
  client: Client,
  request: RequestPrimitive,
  options: RequestOptions | undefined,
): Promise<PrimitiveContent | undefined> {
  const response = await client.send(request, options ?? {});
  return response.pc;
}

function representation(
  client: Client,
  request: RequestPrimitive,
  content: PrimitiveContent | undefined,
  expected?: string,
): Representation {
  const typeName = contentRoot(content);
  const value = typeName === undefined ? undefined : content?.[typeName];
  if (
    typeName === undefined ||
    typeName === 'm2m:dbg' ||
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    (expected !== undefined && typeName !== expected)
  ) {
    const actual =
      typeName ??
      (content === undefined ? 'no content' : `content with roots ${Object.keys(content).join(', ') || '(none)'}`);
    throw new UnexpectedContentError(
      requestContext(request, client.transport.endpoint),
      expected ?? 'a resource',
      actual,
    );
  }
  return { typeName, attributes: value as Record<string, unknown> };
}

/** CREATE of a resource of type `typeName` (`ty`) under `parent`; resolves to the created resource. */
export async function createResource(
  client: Client,
  parent: string,
  typeName: string,
  ty: number,
  content: object,
  options?: RequestOptions,
): Promise<Representation> {
  const request = client.buildRequest(Operation.Create, parent, options, { ty, pc: { [typeName]: content } });
  return representation(client, request, await exchange(client, request, options), typeName);
}

/** RETRIEVE of the resource at `address`, whatever its type. */
export async function retrieveResource(
  client: Client,
  address: string,
  options?: RequestOptions,
): Promise<Representation> {
  const request = client.buildRequest(Operation.Retrieve, address, options);
  return representation(client, request, await exchange(client, request, options));
}

/** Like retrieveResource, but undefined when the CSE answers NOT_FOUND. */
export async function retrieveIfExists(
  client: Client,
  address: string,
  options?: RequestOptions,
): Promise<Representation | undefined> {
  try {
    return await retrieveResource(client, address, options);
  } catch (error) {
    if (isResponseError(error, ResponseStatusCode.NotFound)) return undefined;
    throw error;
  }
}

/** UPDATE with only `content`; resolves to the updated resource, or undefined if the CSE sent none. */
export async function updateResource(
  client: Client,
  address: string,
  typeName: string,
  content: object,
  options?: RequestOptions,
): Promise<Representation | undefined> {
  const request = client.buildRequest(Operation.Update, address, options, { pc: { [typeName]: content } });
  const answer = await exchange(client, request, options);
  return answer === undefined ? undefined : representation(client, request, answer, typeName);
}

/** DELETE of the resource at `address` (the CSE deletes its subtree with it). */
export async function deleteResource(client: Client, address: string, options?: RequestOptions): Promise<void> {
  await exchange(client, client.buildRequest(Operation.Delete, address, options), options);
}
