/** One resource as the CSE holds it. Never mutated: changes replace the whole record. */
export interface StoredResource {
  readonly ri: string;
  /** Parent resource ID; empty for the CSEBase. */
  readonly pi: string;
  readonly rn: string;
  readonly ty: number;
  /** The root key the resource is represented under, e.g. `m2m:cnt` (a flexContainer may use its own). */
  readonly typeName: string;
  /** Creation order, increasing; fixes the order of children and of discovery results. */
  readonly seq: number;
  /** The originator that created the resource; it holds the default privileges (see access-control.ts). */
  readonly owner: string;
  /** The resource's attributes by short name, universal ones (ri, pi, rn, ty, ct, …) included. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** Resources sorted by creation order. */
export function byCreation(resources: readonly StoredResource[]): StoredResource[] {
  return [...resources].sort((a, b) => a.seq - b.seq);
}

/** A change the tree cannot make; a programming error in the CSE, not a client error. */
export class TreeError extends Error {
  override readonly name = 'TreeError';
}

/**
 * The in-memory resource tree: resources by ID, children by name in creation order. Every change
 * made inside {@link ResourceTree.transaction} is undone when the callback throws, so a request
 * that fails half-way leaves the tree as it was.
 */
export class ResourceTree {
  readonly #byRi = new Map<string, StoredResource>();
  readonly #children = new Map<string, Map<string, string>>();
  #undo: Array<() => void> | undefined;
  #seq = 0;
  #rootRi: string | undefined;

  /** The CSEBase. */
  get root(): StoredResource {
    const root = this.#rootRi === undefined ? undefined : this.#byRi.get(this.#rootRi);
    if (!root) throw new TreeError('the tree has no CSEBase');
    return root;
  }

  get size(): number {
    return this.#byRi.size;
  }

  get(ri: string): StoredResource | undefined {
    return this.#byRi.get(ri);
  }

  /** The child of `pi` named `rn`. */
  child(pi: string, rn: string): StoredResource | undefined {
    const ri = this.#children.get(pi)?.get(rn);
    return ri === undefined ? undefined : this.#byRi.get(ri);
  }

  /** The direct children of `pi` in creation order. */
  children(pi: string): StoredResource[] {
    const out: StoredResource[] = [];
    for (const ri of this.#children.get(pi)?.values() ?? []) {
      const child = this.#byRi.get(ri);
      if (child) out.push(child);
    }
    return out;
  }

  /** The descendants of `ri` down to `levels` (1 = children only), depth first, each level in creation order. */
  descendants(ri: string, levels = Number.POSITIVE_INFINITY): StoredResource[] {
    const out: StoredResource[] = [];
    const walk = (pi: string, depth: number): void => {
      if (depth > levels) return;
      for (const child of this.children(pi)) {
        out.push(child);
        walk(child.ri, depth + 1);
      }
    };
    walk(ri, 1);
    return out;
  }

  parent(resource: StoredResource): StoredResource | undefined {
    return resource.pi === '' ? undefined : this.#byRi.get(resource.pi);
  }

  /** Every resource, in creation order. */
  all(): StoredResource[] {
    return [...this.#byRi.values()].sort((a, b) => a.seq - b.seq);
  }

  /** The structured (hierarchical) CSE-relative address, e.g. `cse-in/CAE1/temp`. */
  structuredPath(resource: StoredResource): string {
    const names: string[] = [];
    for (let r: StoredResource | undefined = resource; r; r = this.parent(r)) names.push(r.rn);
    return names.reverse().join('/');
  }

  /** Whether `ancestor` is `resource` itself or above it. */
  isWithin(resource: StoredResource, ancestor: StoredResource): boolean {
    for (let r: StoredResource | undefined = resource; r; r = this.parent(r)) if (r.ri === ancestor.ri) return true;
    return false;
  }

  /** The next creation sequence number. */
  nextSeq(): number {
    return ++this.#seq;
  }

  /** Adds a resource under its parent (or as the CSEBase when `pi` is empty). */
  insert(resource: StoredResource): void {
    if (this.#byRi.has(resource.ri)) throw new TreeError(`resource ID ${resource.ri} is taken`);
    if (resource.pi === '') {
      if (this.#rootRi !== undefined) throw new TreeError('the tree already has a CSEBase');
      this.#rootRi = resource.ri;
      this.#record(() => (this.#rootRi = undefined));
    } else {
      if (!this.#byRi.has(resource.pi)) throw new TreeError(`parent ${resource.pi} of ${resource.ri} does not exist`);
      if (this.child(resource.pi, resource.rn))
        throw new TreeError(`name ${resource.rn} is taken under ${resource.pi}`);
    }
    this.#seq = Math.max(this.#seq, resource.seq);
    this.#byRi.set(resource.ri, resource);
    let siblings = this.#children.get(resource.pi);
    if (!siblings) {
      siblings = new Map();
      this.#children.set(resource.pi, siblings);
    }
    siblings.set(resource.rn, resource.ri);
    this.#record(() => {
      this.#byRi.delete(resource.ri);
      this.#children.get(resource.pi)?.delete(resource.rn);
    });
  }

  /** Replaces a resource's record; its ri, pi and rn stay. */
  replace(resource: StoredResource): void {
    const previous = this.#byRi.get(resource.ri);
    if (!previous) throw new TreeError(`resource ${resource.ri} does not exist`);
    if (previous.pi !== resource.pi || previous.rn !== resource.rn)
      throw new TreeError(`resource ${resource.ri} cannot move or be renamed`);
    this.#byRi.set(resource.ri, resource);
    this.#record(() => this.#byRi.set(resource.ri, previous));
  }

  /** Removes a resource and its subtree; returns what was removed, children before parents. */
  remove(ri: string): StoredResource[] {
    const resource = this.#byRi.get(ri);
    if (!resource) throw new TreeError(`resource ${ri} does not exist`);
    if (resource.pi === '') throw new TreeError('the CSEBase cannot be removed');
    const removed: StoredResource[] = [];
    const walk = (r: StoredResource): void => {
      for (const child of this.children(r.ri)) walk(child);
      removed.push(r);
    };
    walk(resource);
    for (const r of removed) {
      this.#byRi.delete(r.ri);
      this.#children.delete(r.ri);
    }
    const siblings = this.#children.get(resource.pi);
    siblings?.delete(resource.rn);
    this.#record(() => {
      for (const r of removed) {
        this.#byRi.set(r.ri, r);
        const map = this.#children.get(r.pi) ?? new Map<string, string>();
        map.set(r.rn, r.ri);
        this.#children.set(r.pi, map);
      }
      // Re-inserted names went to the end; put every touched sibling list back in creation order.
      for (const pi of new Set(removed.map((r) => r.pi))) this.#sortChildren(pi);
    });
    return removed;
  }

  /**
   * Runs `change` so that it applies completely or not at all: when it throws, every insert,
   * replace and remove it made is undone in reverse order and the error is rethrown.
   * Transactions nest; the outermost one decides.
   */
  transaction<T>(change: () => T): T {
    if (this.#undo) return change();
    const log: Array<() => void> = [];
    this.#undo = log;
    try {
      const result = change();
      this.#undo = undefined;
      return result;
    } catch (error) {
      this.#undo = undefined;
      for (const undo of log.reverse()) undo();
      throw error;
    }
  }

  #record(undo: () => void): void {
    this.#undo?.push(undo);
  }

  #sortChildren(pi: string): void {
    const map = this.#children.get(pi);
    if (!map) return;
    const entries = [...map.entries()].sort(
      (a, b) => (this.#byRi.get(a[1])?.seq ?? 0) - (this.#byRi.get(b[1])?.seq ?? 0),
    );
    this.#children.set(pi, new Map(entries));
  }
}
