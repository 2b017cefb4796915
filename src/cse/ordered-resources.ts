import type { StoredResource } from './tree.js';

interface Node {
  resource: StoredResource;
  previous: Node | undefined;
  next: Node | undefined;
}

/** The contentSize (cs) a resource counts for in its parent's totals (cbs); 0 without one. */
function bytesOf(resource: StoredResource): number {
  const cs = resource.attributes['cs'];
  return typeof cs === 'number' ? cs : 0;
}

/**
 * Resources in creation order (seq) with O(1) first, last, append, lookup and removal by ID, and
 * running totals (count, sum of cs): the index behind a parent's children, so that a container's
 * oldest and latest instance, cni and cbs cost the same whatever the number of instances.
 * Resources normally arrive in creation order (appended); one that arrives out of order (an
 * undone removal, loading) is put in its place by walking back from the end.
 */
export class OrderedResources {
  readonly #nodes = new Map<string, Node>();
  #head: Node | undefined;
  #tail: Node | undefined;
  #bytes = 0;

  get size(): number {
    return this.#nodes.size;
  }

  /** Sum of the members' contentSize (cs). */
  get bytes(): number {
    return this.#bytes;
  }

  get first(): StoredResource | undefined {
    return this.#head?.resource;
  }

  get last(): StoredResource | undefined {
    return this.#tail?.resource;
  }

  has(ri: string): boolean {
    return this.#nodes.has(ri);
  }

  /** Adds a resource at its place in creation order. */
  insert(resource: StoredResource): void {
    let after = this.#tail;
    while (after && after.resource.seq > resource.seq) after = after.previous;
    const node: Node = { resource, previous: after, next: after ? after.next : this.#head };
    if (node.next) node.next.previous = node;
    else this.#tail = node;
    if (after) after.next = node;
    else this.#head = node;
    this.#nodes.set(resource.ri, node);
    this.#bytes += bytesOf(resource);
  }

  /** Replaces a member's record in place. */
  replace(resource: StoredResource): void {
    const node = this.#nodes.get(resource.ri);
    if (!node) return;
    this.#bytes += bytesOf(resource) - bytesOf(node.resource);
    node.resource = resource;
  }

  remove(ri: string): void {
    const node = this.#nodes.get(ri);
    if (!node) return;
    if (node.previous) node.previous.next = node.next;
    else this.#head = node.next;
    if (node.next) node.next.previous = node.previous;
    else this.#tail = node.previous;
    this.#nodes.delete(ri);
    this.#bytes -= bytesOf(node.resource);
  }

  /** The members, oldest first. Removing the member just yielded is allowed. */
  *values(): IterableIterator<StoredResource> {
    for (let node = this.#head; node; ) {
      const next = node.next;
      yield node.resource;
      node = next;
    }
  }

  /** The members, newest first. */
  *reversed(): IterableIterator<StoredResource> {
    for (let node = this.#tail; node; ) {
      const previous = node.previous;
      yield node.resource;
      node = previous;
    }
  }
}
