/**
 * A push-fed async iterator. Unlike an async generator, `return()` takes effect at once even while
 * a consumer awaits `next()`, so a client that unsubscribes releases its Redis subscription
 * immediately instead of after the next message.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  readonly #items: T[] = [];
  readonly #waiters: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void }[] = [];
  #ended = false;
  #closed = false;
  #error: unknown;
  #hasError = false;

  constructor(private readonly onClose: () => void = () => {}) {}

  /** True once nothing more will be pushed (ended, failed or returned). */
  get closed(): boolean {
    return this.#ended || this.#closed;
  }

  push(value: T): void {
    if (this.closed) return;
    const waiter = this.#waiters.shift();
    if (waiter) waiter.resolve({ value, done: false });
    else this.#items.push(value);
  }

  /** No more values: the consumer still receives what was pushed, then `done`. */
  end(): void {
    if (this.closed) return;
    this.#ended = true;
    this.onClose();
    for (const w of this.#waiters.splice(0)) w.resolve({ value: undefined, done: true });
  }

  /** Delivers what was pushed, then rejects the next `next()` with `error`. */
  fail(error: unknown): void {
    if (this.closed) return;
    this.#error = error;
    this.#hasError = true;
    this.#ended = true;
    this.onClose();
    for (const w of this.#waiters.splice(0)) w.reject(error);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#items.length > 0) return Promise.resolve({ value: this.#items.shift() as T, done: false });
    if (this.#hasError) {
      this.#hasError = false;
      return Promise.reject(this.#error);
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.closed) {
      this.#closed = true;
      this.onClose();
    }
    this.#items.length = 0;
    this.#hasError = false;
    for (const w of this.#waiters.splice(0)) w.resolve({ value: undefined, done: true });
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
