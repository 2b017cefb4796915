import type { RequestPrimitive } from '../primitives/request.js';
import type { StoredResource } from './tree.js';

/** Why a resource changed. */
export type ChangeReason =
  /** A request targeted this resource. */
  | 'request'
  /** Its expirationTime passed. */
  | 'expired'
  /** An ancestor was deleted, taking the subtree with it. */
  | 'parent-deleted'
  /** A container dropped its oldest instance to respect mni, mbs or mia. */
  | 'instance-limit'
  /** The CSE changed it as a side effect (e.g. a container's cni after a child was added). */
  | 'internal';

interface EventBase {
  readonly reason: ChangeReason;
  /** Originator of the request that caused the change; the CSE-ID for expiry. */
  readonly originator: string;
  /** The request that caused the change, when there is one. */
  readonly request?: RequestPrimitive;
}

/** A resource was added to the tree. `parent` is its parent at that moment (before its own bookkeeping, e.g. cni). */
export interface ResourceCreatedEvent extends EventBase {
  readonly type: 'created';
  readonly resource: StoredResource;
  readonly parent: StoredResource;
}

/** A resource's attributes changed; `modified` names the attributes whose value changed or went. */
export interface ResourceUpdatedEvent extends EventBase {
  readonly type: 'updated';
  readonly resource: StoredResource;
  readonly previous: StoredResource;
  readonly modified: readonly string[];
}

/** A resource left the tree. Subtrees produce one event per resource, children first. */
export interface ResourceDeletedEvent extends EventBase {
  readonly type: 'deleted';
  readonly resource: StoredResource;
  /** The parent as it was when the resource went (itself possibly deleted in the same change). */
  readonly parent: StoredResource | undefined;
}

/** Any event the CSE's resource tree emits: created, updated or deleted. */
export type ResourceEvent = ResourceCreatedEvent | ResourceUpdatedEvent | ResourceDeletedEvent;

/** A listener; a returned promise is tracked (see {@link ResourceEvents.settled}) but not awaited by requests. */
export type ResourceEventListener = (event: ResourceEvent) => void | Promise<void>;

/**
 * The CSE's change hook. Events are emitted after a change is committed, in the order the
 * changes happened, and never for a change that was rolled back. This is where notifications
 * (subscriptions), announcements and the like attach.
 */
export class ResourceEvents {
  readonly #listeners = new Set<ResourceEventListener>();
  readonly #pending = new Set<Promise<void>>();

  constructor(private readonly log: (message: string) => void) {}

  /** Registers a listener; returns the function that removes it. */
  on(listener: ResourceEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Delivers committed events to every listener; a listener's failure is logged, not propagated. */
  emit(events: readonly ResourceEvent[]): void {
    for (const event of events) {
      for (const listener of this.#listeners) {
        try {
          const result = listener(event);
          if (result && typeof result.then === 'function') {
            const tracked: Promise<void> = result.then(
              () => undefined,
              (error: unknown) =>
                this.log(`resource event listener failed on ${event.type} of ${event.resource.ri}: ${String(error)}`),
            );
            this.#pending.add(tracked);
            void tracked.finally(() => this.#pending.delete(tracked));
          }
        } catch (error) {
          this.log(`resource event listener failed on ${event.type} of ${event.resource.ri}: ${String(error)}`);
        }
      }
    }
  }

  /** Resolves when every asynchronous listener started so far has finished. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
