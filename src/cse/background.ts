/**
 * Work the CSE does after (or beside) answering a request: notifications, non-blocking requests,
 * batch timers. Every task is tracked so that {@link BackgroundWork.settled} can wait for it
 * (tests, close()), its failure is logged instead of lost, and close() cancels what is still
 * running through {@link BackgroundWork.signal}.
 */
export class BackgroundWork {
  readonly #pending = new Set<Promise<void>>();
  readonly #timers = new Map<ReturnType<typeof setTimeout>, () => void>();
  readonly #controller = new AbortController();

  constructor(private readonly log: (message: string) => void) {}

  /** Aborted by {@link BackgroundWork.close}; outgoing requests listen to it. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get closed(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Whether nothing is running and no timer is armed. */
  get idle(): boolean {
    return this.#pending.size === 0;
  }

  /** Runs `task` now (from the next microtask), tracked; a failure is logged with `what`. */
  run(what: string, task: () => Promise<void>): void {
    this.track(what, Promise.resolve().then(task));
  }

  /** Tracks a promise that is already running. */
  track(what: string, promise: Promise<unknown>): void {
    const tracked: Promise<void> = promise.then(
      () => undefined,
      (error: unknown) => {
        if (!this.closed) this.log(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
    this.#pending.add(tracked);
    void tracked.finally(() => this.#pending.delete(tracked));
  }

  /**
   * Runs `task` after `ms` milliseconds unless cancelled (the returned function) or closed. An
   * armed timer counts as pending work, so settled() waits for it.
   */
  later(what: string, ms: number, task: () => Promise<void> | void): () => void {
    if (this.closed) return () => undefined;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        this.track(what, Promise.resolve().then(task));
        done();
      },
      Math.max(0, ms),
    );
    timer.unref();
    this.#timers.set(timer, done);
    this.track(what, finished);
    return () => {
      if (!this.#timers.delete(timer)) return;
      clearTimeout(timer);
      done();
    };
  }

  /** Resolves when every task (including tasks started meanwhile and armed timers) has finished. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  /** Cancels the timers and aborts what is running (outgoing requests see the signal). */
  close(): void {
    this.#controller.abort(new Error('the CSE is closing'));
    for (const [timer, done] of this.#timers) {
      clearTimeout(timer);
      done();
    }
    this.#timers.clear();
  }
}

/**
 * Queues that run their tasks one after the other per key (e.g. per subscription and
 * notification target), so notifications arrive in the order of their events, while different
 * keys proceed independently.
 */
export class SerialQueues {
  readonly #tails = new Map<string, Promise<void>>();

  constructor(
    private readonly work: BackgroundWork,
    private readonly log: (message: string) => void,
  ) {}

  /**
   * Appends `task` to the queue `key`; a failing task is logged and the queue goes on. Resolves
   * (never rejects) when the task has run.
   */
  enqueue(key: string, what: string, task: () => Promise<void>): Promise<void> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const next = previous.then(task).catch((error: unknown) => {
      if (!this.work.closed) this.log(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    this.#tails.set(key, next);
    this.work.track(
      what,
      next.finally(() => {
        if (this.#tails.get(key) === next) this.#tails.delete(key);
      }),
    );
    return next;
  }
}

/**
 * Deletion notices (`sud` to a subscription's su) still being sent. A DELETE answers only when
 * the notices its deletion raised have been sent, as the reference CSE does: a subscriber that
 * reads its notice right after the DELETE finds it there.
 */
export class PendingNotices {
  readonly #pending = new Set<Promise<void>>();

  /** Tracks a notice until it has been sent (or has failed, which its queue logs). */
  add(notice: Promise<void>): void {
    this.#pending.add(notice);
    void notice.finally(() => this.#pending.delete(notice));
  }

  /** Resolves when every notice pending now has been sent. */
  async settled(): Promise<void> {
    await Promise.all([...this.#pending]);
  }
}
