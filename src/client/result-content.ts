import { Operation } from '../../generated/enums/operation.gen.js';
import { ResultContent } from '../../generated/enums/result-content.gen.js';
import type { SpecializationTypeMap } from '../../generated/flexcontainers/type-map.gen.js';
import type { ResourceTypeMap } from '../../generated/resource-map.gen.js';
import type { ChildResourceRef } from '../../generated/types/child-resource-ref.gen.js';
import type { ListOfChildResourceRef } from '../../generated/types/list-of-child-resource-ref.gen.js';
import { UnexpectedContentError, type RequestContext } from '../errors/index.js';
import { contentRoot, type PrimitiveContent } from '../primitives/content.js';

// What each result content (rcn) makes a response carry (TS-0004 §7.3.x, digest §12.7), as types
// chosen by the rcn literal the caller passes, and the code that takes it out of the response.

/** The resource types of the schemas and the flexContainer specialisations, by root name. */
type TypeMap = ResourceTypeMap & SpecializationTypeMap;

/** Part of the result-content typing (TypeName). */
export type TypeName = keyof TypeMap;
/** The full resource interface of a type name: `ResourceOf<'m2m:cnt'>` is `Container`. */
export type ResourceOf<N extends TypeName> = TypeMap[N]['resource'];
/** Part of the result-content typing (CreateContentOf). */
export type CreateContentOf<N extends TypeName> = TypeMap[N]['create'];
/** Part of the result-content typing (UpdateContentOf). */
export type UpdateContentOf<N extends TypeName> = TypeMap[N]['update'];

/** Child resources given inline, as arrays under their type names: `{ 'm2m:cin': [ … ] }`. */
export interface ChildResources {
  readonly [typeName: `m2m:${string}`]: readonly Record<string, unknown>[] | undefined;
}

/** rcn 4: the resource with its child resources inline. */
export type WithChildResources<T> = T & ChildResources;
/** rcn 5: the resource with references to its children in `ch`. */
export type WithChildReferences<T> = T & { readonly ch?: readonly ChildResourceRef[] };

/** rcn 3 on create: the resource and its address. */
export interface ResourceWithAddress<T> {
  readonly resource: T;
  readonly uri: string;
}

/** Result content values a retrieve accepts. */
export type RetrieveRcn = 1 | 4 | 5 | 6 | 7 | 8 | 10 | 12;
/** Part of the result-content typing (CreateRcn). */
export type CreateRcn = 0 | 1 | 2 | 3 | 9;
/** Part of the result-content typing (UpdateRcn). */
export type UpdateRcn = 0 | 1 | 9;
/** Part of the result-content typing (DeleteRcn). */
export type DeleteRcn = 0 | 1 | 4 | 5 | 6 | 8;

/**
 * The type of a result for an rcn the operation does not accept; the CSE would answer 4000, and
 * any use of the value fails to compile with this message.
 */
export interface InvalidResultContent<Op extends string, R> {
  readonly 'rcn not valid for this operation': `${Op} does not accept rcn ${R & number}`;
}

/** What a retrieve returns for result content `R` (1 the resource, 4 with its children, …); an unsupported rcn is a type error. */
export type RetrieveResult<T, R> = R extends RetrieveRcn ? RetrieveContent<T, R> : InvalidResultContent<'retrieve', R>;

/** Part of the result-content typing (RetrieveContent). */
type RetrieveContent<T, R> = R extends 4
  ? WithChildResources<T>
  : R extends 5
    ? WithChildReferences<T>
    : R extends 6
      ? ListOfChildResourceRef
      : R extends 8
        ? ChildResources
        : R extends 10 | 12
          ? unknown
          : T;

/** What a create returns for result content `R` (1 the resource, 2 its address, 0 nothing, …). */
export type CreateResult<T, R> = R extends CreateRcn ? CreateContent<T, R> : InvalidResultContent<'create', R>;
/** Part of the result-content typing (CreateContent). */
type CreateContent<T, R> = R extends 0
  ? undefined
  : R extends 2
    ? string
    : R extends 3
      ? ResourceWithAddress<T>
      : R extends 9
        ? Partial<T>
        : T;
/** What an update returns for result content `R` (1 the resource, 0 nothing, …). */
export type UpdateResult<T, R> = R extends UpdateRcn ? UpdateContent<T, R> : InvalidResultContent<'update', R>;
/** Part of the result-content typing (UpdateContent). */
type UpdateContent<T, R> = R extends 0 ? undefined : R extends 9 ? Partial<T> : T;
/** What a delete returns for result content `R` (0 nothing, 1 the deleted resource, …). */
export type DeleteResult<T, R> = R extends DeleteRcn
  ? R extends 0
    ? undefined
    : RetrieveContent<T, R>
  : InvalidResultContent<'delete', R>;

function member(content: PrimitiveContent | undefined, root: string, context: RequestContext): unknown {
  const actual = contentRoot(content);
  if (actual !== root)
    throw new UnexpectedContentError(
      context,
      root,
      actual ??
        (content === undefined ? 'no content' : `content with roots ${Object.keys(content).join(', ') || '(none)'}`),
    );
  return content?.[root];
}

/** rcn 3: `m2m:rce` holds the resource under its type name (ACME drops the `m2m:` prefix) and `uri`. */
function resourceWithAddress(
  content: PrimitiveContent | undefined,
  typeName: string,
  context: RequestContext,
): ResourceWithAddress<unknown> {
  const rce = member(content, 'm2m:rce', context) as Record<string, unknown> | undefined;
  const resource = rce?.[typeName] ?? rce?.[typeName.replace(/^m2m:/, '')];
  if (!rce || typeof rce['uri'] !== 'string' || resource === undefined)
    throw new UnexpectedContentError(context, `m2m:rce with ${typeName} and uri`, JSON.stringify(rce).slice(0, 80));
  return { resource, uri: rce['uri'] };
}

/** The value a request with this operation and rcn returns, taken from the response content. */
export function extractResult(
  op: number,
  rcn: number | undefined,
  typeName: string,
  content: PrimitiveContent | undefined,
  context: RequestContext,
): unknown {
  const effective = rcn ?? (op === Operation.Delete ? ResultContent.Nothing : ResultContent.Attributes);
  switch (effective) {
    case ResultContent.Nothing:
      return undefined;
    case ResultContent.HierarchicalAddress:
      return member(content, 'm2m:uri', context);
    case ResultContent.HierarchicalAddressAndAttributes:
      return resourceWithAddress(content, typeName, context);
    case ResultContent.ChildResourceReferences:
      return member(content, 'm2m:rrl', context);
    case ResultContent.DiscoveryResultReferences:
      return member(content, 'm2m:uril', context);
    case ResultContent.ModifiedAttributes:
      // A CSE that changed nothing may send no content at all.
      return content === undefined ? {} : member(content, typeName, context);
    case ResultContent.SemanticContent:
    case ResultContent.Permissions:
      return content;
    default:
      return member(content, typeName, context);
  }
}
