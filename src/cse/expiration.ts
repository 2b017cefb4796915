import { ResourceType } from '../../generated/enums/resource-type.gen.js';
import type { CseContext } from './context.js';
import { parseTimestamp } from './time.js';
import type { StoredResource } from './tree.js';

/** Longest delay node's timers accept. */
const MAX_DELAY = 2 ** 31 - 1;

/** Deadlines by resource ID, earliest first: a binary heap with an index, so entries can be moved and removed. */
class Deadlines {
  readonly #heap: { ri: string; at: number }[] = [];
  readonly #index = new Map<string, number>();

  get earliest(): { readonly ri: string; readonly at: number } | undefined {
    return this.#heap[0];
  }

  set(ri: string, at: number): void {
    const i = this.#index.get(ri);
    if (i === undefined) {
      this.#heap.push({ ri, at });
      this.#index.set(ri, this.#heap.length - 1);
      this.#up(this.#heap.length - 1);
      return;
    }
    const entry = this.#heap[i] as { ri: string; at: number };
    const earlier = at < entry.at;
    entry.at = at;
    if (earlier) this.#up(i);
    else this.#down(i);
  }

  delete(ri: string): void {
    const i = this.#index.get(ri);
    if (i === undefined) return;
    this.#index.delete(ri);
    const last = this.#heap.pop() as { ri: string; at: number };
    if (i === this.#heap.length) return;
    this.#heap[i] = last;
    this.#index.set(last.ri, i);
    this.#up(i);
    this.#down(i);
  }

  #swap(a: number, b: number): void {
    const heap = this.#heap;
    const x = heap[a] as { ri: string; at: number };
    const y = heap[b] as { ri: string; at: number };
    heap[a] = y;
    heap[b] = x;
    this.#index.set(y.ri, a);
    this.#index.set(x.ri, b);
  }

  #up(i: number): void {
    const heap = this.#heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((heap[parent] as { at: number }).at <= (heap[i] as { at: number }).at) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && (heap[left] as { at: number }).at < (heap[smallest] as { at: number }).at)
        smallest = left;
      if (right < heap.length && (heap[right] as { at: number }).at < (heap[smallest] as { at: number }).at)
        smallest = right;
      if (smallest === i) return;
      this.#swap(i, smallest);
      i = smallest;
    }
  }
}

/**
 * Removes resources whose expirationTime has passed (TS-0001 §9.6.1.3.2 expirationTime): lazily
 * before each request ({@link ExpirationMonitor.sweep}) and by a timer armed for the earliest
 * expiry, so expired resources also go (with their `deleted` events) when nobody asks. The
 * deadlines are kept in a heap that follows every change, so a sweep costs what expires, not the
 * size of the tree.
 */
export class ExpirationMonitor {
  readonly #deadlines = new Deadlines();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #armedFor = Number.POSITIVE_INFINITY;
  #sweeping: Promise<void> | undefined;
  #stopped = false;
  #unsubscribe: (() => void) | undefined;

  constructor(private readonly cse: CseContext) {}

  /** Starts watching: the deadlines of every resource, then of every change. */
  start(): void {
    this.#unsubscribe = this.cse.events.on((event) => {
      if (event.type === 'deleted') this.#deadlines.delete(event.resource.ri);
      else if (event.type === 'created' || event.resource.attributes['et'] !== event.previous.attributes['et'])
        this.#note(event.resource);
    });
    for (const resource of this.cse.tree.resources()) this.#note(resource, false);
    this.#arm();
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Deletes every expired resource now if any is due; cheap when none is. */
  sweep(): Promise<void> {
    const earliest = this.#deadlines.earliest;
    if (earliest === undefined || this.cse.now() < earliest.at) return Promise.resolve();
    this.#sweeping ??= this.#sweep().finally(() => (this.#sweeping = undefined));
    return this.#sweeping;
  }

  async #sweep(): Promise<void> {
    const now = this.cse.now();
    const expired: StoredResource[] = [];
    // Taken out of the heap as they are found; their deleted events would remove them anyway.
    for (let due = this.#deadlines.earliest; due !== undefined && due.at <= now; due = this.#deadlines.earliest) {
      this.#deadlines.delete(due.ri);
      const resource = this.cse.tree.get(due.ri);
      if (resource) expired.push(resource);
    }
    if (expired.length > 0) {
      try {
        await this.cse.change(this.cse.options.cseId, undefined, (m) => {
          for (const resource of expired) if (this.cse.tree.get(resource.ri)) m.delete(resource, 'expired');
        });
      } catch (error) {
        // Not deleted (the change could not be saved): due again, for the next sweep. The request
        // that triggered the sweep goes on; the storage's failure is its own to report.
        for (const resource of expired) if (this.cse.tree.get(resource.ri)) this.#note(resource, false);
        this.cse.options.log(`expired resources could not be removed: ${String(error)}`);
      } finally {
        this.#arm();
      }
    } else this.#arm();
  }

  #note(resource: StoredResource, arm = true): void {
    const et = resource.attributes['et'];
    const at = resource.ty === ResourceType.CSEBase || typeof et !== 'string' ? undefined : parseTimestamp(et);
    if (at === undefined) this.#deadlines.delete(resource.ri);
    else this.#deadlines.set(resource.ri, at);
    if (arm && (this.#deadlines.earliest?.at ?? Number.POSITIVE_INFINITY) < this.#armedFor) this.#arm();
  }

  #arm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedFor = this.#deadlines.earliest?.at ?? Number.POSITIVE_INFINITY;
    if (this.#stopped || this.#armedFor === Number.POSITIVE_INFINITY) return;
    const delay = Math.min(Math.max(this.#armedFor - this.cse.now() + 5, 0), MAX_DELAY);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#armedFor = Number.POSITIVE_INFINITY;
      this.sweep().catch((error: unknown) => this.cse.options.log(`expiration sweep failed: ${String(error)}`));
    }, delay);
    this.#timer.unref();
  }
}
