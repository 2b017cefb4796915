import { OrderedResources } from './ordered-resources.js';

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

/** Adds `resource` to the per-type list of `lists`. */
function addTo(lists: Map<number, OrderedResources>, resource: StoredResource): void {
  let list = lists.get(resource.ty);
  if (!list) {
    list = new OrderedResources();
    lists.set(resource.ty, list);
  }
  list.insert(resource);
}

function removeFrom(lists: Map<number, OrderedResources>, resource: StoredResource): void {
  const list = lists.get(resource.ty);
  list?.remove(resource.ri);
  if (list?.size === 0) lists.delete(resource.ty);
}

/** The children of one resource: by name, in creation order, and per resource type. */
class Children {
  readonly byName = new Map<string, string>();
  readonly all = new OrderedResources();
  readonly byType = new Map<number, OrderedResources>();
  /** Per type, the children that have children themselves: what a walk passing over a type still enters. */
  readonly parents = new Map<number, OrderedResources>();

  add(resource: StoredResource): void {
    this.byName.set(resource.rn, resource.ri);
    this.all.insert(resource);
    addTo(this.byType, resource);
  }

  replace(resource: StoredResource): void {
    this.all.replace(resource);
    this.byType.get(resource.ty)?.replace(resource);
    this.parents.get(resource.ty)?.replace(resource);
  }

  delete(resource: StoredResource): void {
    this.byName.delete(resource.rn);
    this.all.remove(resource.ri);
    removeFrom(this.byType, resource);
    removeFrom(this.parents, resource);
  }
}

const NO_RESOURCES = new OrderedResources();

/** Options of {@link ResourceTree.walk}. */
export interface WalkOptions {
  /** How many levels below the start (1 = children only). */
  readonly levels?: number;
  /**
   * Types whose resources are not wanted (a discovery for other types): they are not produced,
   * and only those with children are visited at all, so a container's thousands of instances
   * cost nothing when instances are not asked for.
   */
  readonly skipType?: (ty: number) => boolean;
}

/** A position in one ordered list of children during a walk. */
interface Cursor {
  resource: StoredResource;
  readonly rest: Iterator<StoredResource>;
  readonly depth: number;
  /** Its resources are passed through (their children entered), not produced. */
  readonly silent: boolean;
}

/** A binary min-heap of cursors by the creation order of their current resource. */
class CursorHeap {
  readonly #items: Cursor[] = [];

  get size(): number {
    return this.#items.length;
  }

  push(cursor: Cursor): void {
    const items = this.#items;
    items.push(cursor);
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as Cursor).resource.seq <= cursor.resource.seq) break;
      items[i] = items[parent] as Cursor;
      items[parent] = cursor;
      i = parent;
    }
  }

  pop(): Cursor | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    items[0] = last;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && (items[left] as Cursor).resource.seq < (items[smallest] as Cursor).resource.seq)
        smallest = left;
      if (right < items.length && (items[right] as Cursor).resource.seq < (items[smallest] as Cursor).resource.seq)
        smallest = right;
      if (smallest === i) break;
      const swap = items[i] as Cursor;
      items[i] = items[smallest] as Cursor;
      items[smallest] = swap;
      i = smallest;
    }
    return top;
  }
}

/**
 * The in-memory resource tree: resources by ID, and per parent its children by name, in creation
 * order and per type, each with its count and content bytes (see OrderedResources), and per type
 * those that have children themselves. Every change
 * made inside {@link ResourceTree.transaction} is undone when the callback throws, so a request
 * that fails half-way leaves the tree as it was.
 */
export class ResourceTree {
  /** In an order where every parent comes before its children (what a snapshot needs). */
  readonly #byRi = new Map<string, StoredResource>();
  readonly #children = new Map<string, Children>();
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
    const ri = this.#children.get(pi)?.byName.get(rn);
    return ri === undefined ? undefined : this.#byRi.get(ri);
  }

  /** The direct children of `pi` in creation order. */
  children(pi: string): StoredResource[] {
    return [...(this.#children.get(pi)?.all.values() ?? [])];
  }

  /** The direct children of `pi` of resource type `ty`, in creation order, with their count and content bytes. */
  childrenOfType(pi: string, ty: number): OrderedResources {
    return this.#children.get(pi)?.byType.get(ty) ?? NO_RESOURCES;
  }

  /** The descendants of `ri` down to `levels` (1 = children only), depth first, each level in creation order. */
  descendants(ri: string, levels = Number.POSITIVE_INFINITY): StoredResource[] {
    const out: StoredResource[] = [];
    // Iteratively (trees can be deep): a stack of child iterators, one per open level.
    const stack: Iterator<StoredResource>[] = [];
    const open = (pi: string) => {
      if (stack.length < levels) stack.push((this.#children.get(pi)?.all ?? NO_RESOURCES).values());
    };
    open(ri);
    while (stack.length > 0) {
      const next = (stack[stack.length - 1] as Iterator<StoredResource>).next();
      if (next.done) {
        stack.pop();
        continue;
      }
      out.push(next.value);
      open(next.value.ri);
    }
    return out;
  }

  /**
   * The descendants of `ri` in creation order (as {@link byCreation} of {@link descendants}
   * would give them), produced lazily: a consumer that stops early (a discovery's lim) pays only
   * for what it took. A resource is always created after its parent, so merging the parents'
   * ordered child lists by seq gives the global order without sorting.
   */
  *walk(ri: string, options: WalkOptions = {}): IterableIterator<StoredResource> {
    const levels = options.levels ?? Number.POSITIVE_INFINITY;
    const heap = new CursorHeap();
    const start = (list: OrderedResources, depth: number, silent: boolean): void => {
      const rest = list.values();
      const first = rest.next();
      if (!first.done) heap.push({ resource: first.value, rest, depth, silent });
    };
    const enter = (pi: string, depth: number): void => {
      if (depth > levels) return;
      const children = this.#children.get(pi);
      if (!children) return;
      const { skipType } = options;
      if (!skipType) {
        start(children.all, depth, false);
        return;
      }
      for (const [ty, list] of children.byType) {
        if (!skipType(ty)) start(list, depth, false);
        else {
          const parents = children.parents.get(ty);
          if (parents) start(parents, depth, true);
        }
      }
    };
    enter(ri, 1);
    for (let cursor = heap.pop(); cursor; cursor = heap.pop()) {
      const resource = cursor.resource;
      const next = cursor.rest.next();
      if (!next.done) {
        cursor.resource = next.value;
        heap.push(cursor);
      }
      if (!cursor.silent) yield resource;
      enter(resource.ri, cursor.depth + 1);
    }
  }

  parent(resource: StoredResource): StoredResource | undefined {
    return resource.pi === '' ? undefined : this.#byRi.get(resource.pi);
  }

  /** Every resource, in creation order. */
  all(): StoredResource[] {
    return [...this.#byRi.values()].sort((a, b) => a.seq - b.seq);
  }

  /** Every resource, parents before their children (not sorted; cheap). */
  resources(): IterableIterator<StoredResource> {
    return this.#byRi.values();
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
    this.#add(resource);
    this.#record(() => this.#delete(resource));
  }

  /** Replaces a resource's record; its ri, pi, rn and ty stay. */
  replace(resource: StoredResource): void {
    const previous = this.#byRi.get(resource.ri);
    if (!previous) throw new TreeError(`resource ${resource.ri} does not exist`);
    if (previous.pi !== resource.pi || previous.rn !== resource.rn || previous.ty !== resource.ty)
      throw new TreeError(`resource ${resource.ri} cannot move, be renamed or change its type`);
    this.#replace(resource);
    this.#record(() => this.#replace(previous));
  }

  /** Removes a resource and its subtree; returns what was removed, children before parents. */
  remove(ri: string): StoredResource[] {
    const resource = this.#byRi.get(ri);
    if (!resource) throw new TreeError(`resource ${ri} does not exist`);
    if (resource.pi === '') throw new TreeError('the CSEBase cannot be removed');
    const removed: StoredResource[] = [];
    // Iteratively (trees can be deep): parents are collected before children, then reversed.
    const pending = [resource];
    for (let r = pending.pop(); r; r = pending.pop()) {
      removed.push(r);
      for (const child of this.#children.get(r.ri)?.all.values() ?? []) pending.push(child);
    }
    removed.reverse();
    for (const r of removed) this.#delete(r);
    // Undone parents first, so that the tree's order keeps parents before their children.
    this.#record(() => {
      for (let i = removed.length - 1; i >= 0; i--) this.#add(removed[i] as StoredResource);
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
    return this.undoableTransaction(change).result;
  }

  /**
   * Like {@link transaction} (outermost only), and also returns the function that undoes the
   * committed change later: valid only while no later change has been made on top of it, or
   * after those have been undone first (newest first).
   */
  undoableTransaction<T>(change: () => T): { result: T; undo: () => void } {
    if (this.#undo) throw new TreeError('undoableTransaction cannot be nested');
    const log: Array<() => void> = [];
    this.#undo = log;
    try {
      const result = change();
      this.#undo = undefined;
      return {
        result,
        undo: () => {
          for (let i = log.length - 1; i >= 0; i--) (log[i] as () => void)();
          log.length = 0;
        },
      };
    } catch (error) {
      this.#undo = undefined;
      for (let i = log.length - 1; i >= 0; i--) (log[i] as () => void)();
      throw error;
    }
  }

  #add(resource: StoredResource): void {
    this.#byRi.set(resource.ri, resource);
    if (resource.pi === '') return;
    let siblings = this.#children.get(resource.pi);
    if (!siblings) {
      siblings = new Children();
      this.#children.set(resource.pi, siblings);
    }
    siblings.add(resource);
    if (siblings.all.size === 1) this.#parentsOf(resource.pi, (lists, parent) => addTo(lists, parent));
  }

  /** Runs `change` on the `parents` lists of the parent of `ri` (when `ri` has a parent). */
  #parentsOf(ri: string, change: (lists: Map<number, OrderedResources>, resource: StoredResource) => void): void {
    const resource = this.#byRi.get(ri);
    if (!resource || resource.pi === '') return;
    const siblings = this.#children.get(resource.pi);
    if (siblings) change(siblings.parents, resource);
  }

  #replace(resource: StoredResource): void {
    this.#byRi.set(resource.ri, resource);
    this.#children.get(resource.pi)?.replace(resource);
  }

  #delete(resource: StoredResource): void {
    this.#byRi.delete(resource.ri);
    this.#children.delete(resource.ri);
    const siblings = this.#children.get(resource.pi);
    siblings?.delete(resource);
    if (siblings?.all.size === 0) {
      this.#children.delete(resource.pi);
      this.#parentsOf(resource.pi, (lists, parent) => removeFrom(lists, parent));
    }
    if (resource.pi === '' && this.#rootRi === resource.ri) this.#rootRi = undefined;
  }

  #record(undo: () => void): void {
    this.#undo?.push(undo);
  }
}
