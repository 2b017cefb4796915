/** Options of an AsyncQueue. */
export interface AsyncQueueOptions {
  /** The most values kept for readers; beyond it the oldest are dropped. Default unbounded. */
  readonly limit?: number;
}

interface Waiter<T> {
  readonly resolve: (result: IteratorResult<T, undefined>) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A queue read like an async iterator: `push` hands a value to a waiting reader or keeps it,
 * `end` finishes reading once the kept values are read. `take(signal)` is a `next()` that can be
 * given up.
 */
export class AsyncQueue<T> {
  readonly #values: T[] = [];
  readonly #waiting: Array<Waiter<T>> = [];
  readonly #limit: number;
  #ended = false;
  /** How many values were dropped because the queue was full. */
  dropped = 0;

  constructor(options: AsyncQueueOptions = {}) {
    this.#limit = options.limit ?? Number.POSITIVE_INFINITY;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** The number of values waiting to be read. */
  get size(): number {
    return this.#values.length;
  }

  /** Adds a value; a waiting `next()` gets it at once. */
  push(value: T): void {
    if (this.#ended) return;
    const waiter = this.#waiting.shift();
    if (waiter) {
      waiter.resolve({ value, done: false });
      return;
    }
    this.#values.push(value);
    if (this.#values.length > this.#limit) {
      this.#values.shift();
      this.dropped++;
    }
  }

  /** Ends the queue: readers get the kept values, then `done`. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const waiter of this.#waiting.splice(0)) waiter.resolve({ value: undefined, done: true });
  }

  /** The next value, `done` once the queue has ended and is empty; rejects with the signal's reason when aborted. */
  take(signal?: AbortSignal): Promise<IteratorResult<T, undefined>> {
    if (this.#values.length > 0) return Promise.resolve({ value: this.#values.shift() as T, done: false });
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const waiter: Waiter<T> = {
        resolve: (result) => {
          signal?.removeEventListener('abort', abort);
          resolve(result);
        },
        reject,
      };
      const abort = (): void => {
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', abort, { once: true });
      this.#waiting.push(waiter);
    });
  }

  /** An iterator over the queue; leaving a `for await` loop early does not end the queue. */
  reader(signal?: AbortSignal): AsyncIterableIterator<T> {
    const iterator: AsyncIterableIterator<T> = {
      next: () => this.take(signal) as Promise<IteratorResult<T>>,
      return: () => Promise.resolve({ value: undefined, done: true }),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}
