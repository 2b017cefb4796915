import type { RequestPrimitive } from '../primitives/request.js';
import type { CseContext } from './context.js';
import type { ChangeReason, ResourceEvent } from './events.js';
import type { StorageChange } from './storage/storage.js';
import { TreeError, type StoredResource } from './tree.js';

/** A resource to add: its type name, owner and complete attributes (ri, pi, rn and ty included). */
export interface NewResource {
  readonly typeName: string;
  readonly owner: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/**
 * The changes of one transaction. Each method changes the tree, records the event and runs the
 * behaviours' change hooks, which may make further changes through the same object (a container
 * dropping its oldest instance after a new one arrived). Used only inside {@link CseContext.change}.
 */
export class Mutation {
  readonly events: ResourceEvent[] = [];
  /** What the storage records of this transaction, in order. */
  readonly changes: StorageChange[] = [];

  constructor(
    readonly cse: CseContext,
    readonly originator: string,
    readonly request?: RequestPrimitive,
  ) {}

  #base(reason: ChangeReason) {
    return { reason, originator: this.originator, ...(this.request === undefined ? {} : { request: this.request }) };
  }

  /** Adds a resource under the parent its `pi` names. */
  create(resource: NewResource, reason: ChangeReason = 'request'): StoredResource {
    const { attributes } = resource;
    const stored: StoredResource = {
      ri: String(attributes['ri']),
      pi: String(attributes['pi']),
      rn: String(attributes['rn']),
      ty: Number(attributes['ty']),
      typeName: resource.typeName,
      seq: this.cse.tree.nextSeq(),
      owner: resource.owner,
      attributes,
    };
    this.cse.tree.insert(stored);
    this.changes.push({ put: stored });
    const parent = this.cse.tree.get(stored.pi);
    if (!parent) throw new TreeError(`parent ${stored.pi} vanished`);
    this.events.push({ type: 'created', resource: stored, parent, ...this.#base(reason) });
    for (const behaviour of this.cse.behavioursFor(this.cse.infoOf(parent))) {
      const current = this.cse.tree.get(parent.ri);
      if (current) behaviour.childCreated?.(this, current, stored);
    }
    return stored;
  }

  /**
   * Replaces a resource's attributes. `modified` names what changed. For changes a request asked
   * for (reason `request`) the type's `updated` hooks run.
   */
  update(
    resource: StoredResource,
    attributes: Readonly<Record<string, unknown>>,
    modified: readonly string[],
    reason: ChangeReason = 'request',
  ): StoredResource {
    const previous = this.cse.tree.get(resource.ri);
    if (!previous) throw new TreeError(`resource ${resource.ri} does not exist`);
    const next: StoredResource = { ...previous, attributes };
    this.cse.tree.replace(next);
    this.changes.push({ put: next });
    this.events.push({ type: 'updated', resource: next, previous, modified, ...this.#base(reason) });
    if (reason === 'request') {
      for (const behaviour of this.cse.behavioursFor(this.cse.infoOf(next))) {
        const current = this.cse.tree.get(next.ri);
        if (current) behaviour.updated?.(this, current, previous);
      }
    }
    return this.cse.tree.get(next.ri) ?? next;
  }

  /** Removes a resource and its subtree; one event per removed resource, children first. */
  delete(resource: StoredResource, reason: ChangeReason = 'request'): StoredResource[] {
    const removed = this.cse.tree.remove(resource.ri);
    this.changes.push({ delete: resource.ri });
    const byRi = new Map(removed.map((r) => [r.ri, r]));
    for (const r of removed) {
      const parent = byRi.get(r.pi) ?? this.cse.tree.get(r.pi);
      this.events.push({
        type: 'deleted',
        resource: r,
        parent,
        ...this.#base(r === removed[removed.length - 1] ? reason : 'parent-deleted'),
      });
    }
    const parent = this.cse.tree.get(resource.pi);
    if (parent) {
      for (const behaviour of this.cse.behavioursFor(this.cse.infoOf(parent))) {
        const current = this.cse.tree.get(parent.ri);
        if (current) behaviour.childDeleted?.(this, current, resource, reason);
      }
    }
    return removed;
  }
}
