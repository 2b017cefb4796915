import { ResourceType } from '../../generated/enums/resource-type.gen.js';
import type { CseContext } from './context.js';
import { formatTimestamp, parseTimestamp } from './time.js';

/** `20260526T112532,123000`: what formatTimestamp writes. */
const isCanonical = (text: string) => text.length === 22 && text[8] === 'T' && text[15] === ',';

/** Longest delay node's timers accept. */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Removes resources whose expirationTime has passed (TS-0001 §9.6.1.3.2 expirationTime): lazily
 * before each request ({@link ExpirationMonitor.sweep}) and by a timer armed for the earliest
 * expiry, so expired resources also go (with their `deleted` events) when nobody asks.
 */
export class ExpirationMonitor {
  #next = Number.POSITIVE_INFINITY;
  /** #next in the CSE's timestamp form, for comparing without parsing. */
  #nextText: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #sweeping: Promise<void> | undefined;
  #stopped = false;
  #unsubscribe: (() => void) | undefined;

  constructor(private readonly cse: CseContext) {}

  /** Starts watching: computes the earliest expiry and follows every change. */
  start(): void {
    this.#unsubscribe = this.cse.events.on((event) => {
      if (event.type !== 'deleted') this.#note(event.resource.attributes['et']);
    });
    this.#recompute();
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Deletes every expired resource now if any is due; cheap when none is. */
  sweep(): Promise<void> {
    if (this.cse.now() < this.#next) return Promise.resolve();
    this.#sweeping ??= this.#sweep().finally(() => (this.#sweeping = undefined));
    return this.#sweeping;
  }

  async #sweep(): Promise<void> {
    const now = this.cse.now();
    const expired = this.cse.tree
      .all()
      .filter(
        (r) => r.ty !== ResourceType.CSEBase && (this.#deadline(r.attributes['et']) ?? Number.POSITIVE_INFINITY) <= now,
      );
    if (expired.length > 0) {
      await this.cse.change(this.cse.options.cseId, undefined, (m) => {
        for (const resource of expired) if (this.cse.tree.get(resource.ri)) m.delete(resource, 'expired');
      });
    }
    this.#recompute();
  }

  #deadline(et: unknown): number | undefined {
    return typeof et === 'string' ? parseTimestamp(et) : undefined;
  }

  #recompute(): void {
    this.#next = Number.POSITIVE_INFINITY;
    this.#nextText = undefined;
    for (const resource of this.cse.tree.all()) this.#note(resource.attributes['et'], false);
    this.#arm();
  }

  #note(et: unknown, arm = true): void {
    // Timestamps in the CSE's own form (YYYYMMDDTHHMMSS,ffffff, UTC) order as text: most events
    // carry one later than the earliest expiry and need no parsing.
    if (typeof et === 'string' && this.#nextText !== undefined && isCanonical(et) && et >= this.#nextText) return;
    const deadline = this.#deadline(et);
    if (deadline === undefined || deadline >= this.#next) return;
    this.#next = deadline;
    this.#nextText = formatTimestamp(deadline);
    if (arm) this.#arm();
  }

  #arm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#stopped || this.#next === Number.POSITIVE_INFINITY) return;
    const delay = Math.min(Math.max(this.#next - this.cse.now() + 5, 0), MAX_DELAY);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.sweep().catch((error: unknown) => this.cse.options.log(`expiration sweep failed: ${String(error)}`));
    }, delay);
    this.#timer.unref();
  }
}
