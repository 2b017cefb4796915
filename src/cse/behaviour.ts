import type { RequestPrimitive } from '../primitives/request.js';
import type { CseContext } from './context.js';
import type { ChangeReason } from './events.js';
import type { Mutation } from './mutation.js';
import type { Outcome } from './outcome.js';
import type { ResourceTypeInfo } from './registry.js';
import type { StoredResource } from './tree.js';

/** The request being handled, as behaviours and virtual resources see it. */
export interface RequestContext {
  readonly cse: CseContext;
  readonly request: RequestPrimitive;
  /** The originator, CSE-relative when it was given SP-relative for this CSE; '' when absent. */
  readonly originator: string;
  /** Aborted when nobody waits for the answer any more (the HTTP connection closed); long polls stop then. */
  readonly signal?: AbortSignal;
  /** The requester's network address, when the binding knows it (access control contexts, acip). */
  readonly address?: string;
}

/** A resource about to be created; behaviours may change it in {@link ResourceBehaviour.prepareCreate}. */
export interface CreateDraft {
  readonly info: ResourceTypeInfo;
  /** The root key to store and answer under (the descriptor's, or a flexContainer specialisation's). */
  readonly typeName: string;
  /** Who gets the default privileges; the originator unless a behaviour decides otherwise (AE registration). */
  owner: string;
  /** The attributes: the request's content, then CSE-assigned values. */
  readonly attributes: Record<string, unknown>;
}

/**
 * Type-specific semantics plugged into the generic CRUD pipeline (container instance limits, AE
 * registration, …). Every hook is optional. `prepare*` and the change hooks run synchronously
 * inside the request's transaction; `check*` may be asynchronous (e.g. verifying a subscription's
 * notification target) and run before the transaction, so they must not change the tree.
 * A hook rejects the request by throwing a {@link CseError}.
 */
export interface ResourceBehaviour {
  /** For logs and error messages. */
  readonly name: string;
  /** Whether the hooks apply to resources of this type. */
  appliesTo(info: ResourceTypeInfo): boolean;
  /** Completes the attributes of a new resource of this type (defaults, derived values) or rejects it. */
  prepareCreate?(rc: RequestContext, draft: CreateDraft, parent: StoredResource): void;
  /** Asynchronous acceptance check of a new resource of this type, after prepareCreate. */
  checkCreate?(rc: RequestContext, draft: CreateDraft, parent: StoredResource): void | Promise<void>;
  /** Completes the new attributes of an updated resource of this type; `changes` is the request content. */
  prepareUpdate?(
    rc: RequestContext,
    target: StoredResource,
    next: Record<string, unknown>,
    changes: Readonly<Record<string, unknown>>,
  ): void;
  /** Asynchronous acceptance check of an update, after prepareUpdate. */
  checkUpdate?(
    rc: RequestContext,
    target: StoredResource,
    next: Readonly<Record<string, unknown>>,
    changes: Readonly<Record<string, unknown>>,
  ): void | Promise<void>;
  /** A request updated a resource of this type (inside the transaction). */
  updated?(m: Mutation, resource: StoredResource, previous: StoredResource): void;
  /** A child was added under a resource of this type (inside the transaction). */
  childCreated?(m: Mutation, parent: StoredResource, child: StoredResource): void;
  /** A child (with its subtree) left a resource of this type (inside the transaction). */
  childDeleted?(m: Mutation, parent: StoredResource, child: StoredResource, reason: ChangeReason): void;
  /** Handles a NOTIFY targeting a resource of this type; undefined lets the next behaviour try. */
  notify?(rc: RequestContext, target: StoredResource): Promise<Outcome | undefined>;
}
