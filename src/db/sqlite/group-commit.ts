/**
 * Group commit. Concurrent tasks (the worker's jobs, the API's submissions) queue their synchronous
 * writes here; once per event-loop turn (setImmediate) the queue runs in ONE BEGIN IMMEDIATE
 * transaction, each write inside its own savepoint, and every promise settles after the COMMIT. So
 * a caller that publishes after `await writeBatched(...)` still publishes only what is durable, and
 * the commit, its WAL append and the write lock are paid once per batch instead of once per write.
 *
 * A write that throws rolls back to its savepoint and rejects alone; the others still commit. If
 * the transaction itself fails (COMMIT, or an error after which SQLite rolled everything back),
 * every write of the batch rejects: none of them is durable.
 *
 * A write runs after everything queued before it, so each caller's own writes stay in order.
 *
 * Several processes on one database: while another one holds the write lock, the batcher retries
 * every millisecond instead of sleeping in SQLite's busy handler, so this process keeps serving
 * (and its next batch just grows). See #flushOrRetry.
 */
/** What the group commit needs of the unit of work that owns it. */
export interface TransactionRunner {
  readonly inTransaction: boolean;
  immediate<T>(fn: () => T): T;
  immediateIfFree<T>(fn: () => T): { ok: true; value: T } | { ok: false };
}

interface Pending {
  readonly fn: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Larger batches would hold the event loop (and the write lock) too long in one go. */
const MAX_BATCH = 500;
/** How long the batcher retries a busy write lock without blocking before it waits in SQLite. */
const BUSY_RETRY_MS = 2_000;

export class GroupCommit {
  #queue: Pending[] = [];
  #scheduled = false;

  constructor(
    private readonly uow: TransactionRunner,
    /** Told how long each batch's transaction took, BEGIN to COMMIT (seconds). */
    private readonly onCommit: (seconds: number) => void = () => {},
  ) {}

  write<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#flushOrRetry());
  }

  #busySince: number | undefined;

  /**
   * The scheduled flush. When another process holds the write lock it does not wait in SQLite's
   * busy handler (a synchronous sleep that stalls every request of this process): it tries again
   * shortly, while new writes keep joining the queue, and after BUSY_RETRY_MS of that it waits
   * in SQLite like any other write (busy_timeout), so a writer that never lets go still fails.
   */
  #flushOrRetry(): void {
    this.#scheduled = false;
    const waitInSqlite = this.#busySince !== undefined && Date.now() - this.#busySince > BUSY_RETRY_MS;
    if (!this.#drain(!waitInSqlite)) {
      this.#busySince ??= Date.now();
      this.#scheduled = true;
      setTimeout(() => this.#flushOrRetry(), 1);
      return;
    }
    this.#busySince = undefined;
  }

  /** Runs every queued write now (in batches of at most MAX_BATCH), waiting for the lock if need be. */
  flush(): void {
    this.#drain(false);
  }

  /** False when `ifFree` and the write lock was taken: the rest of the queue stays queued. */
  #drain(ifFree: boolean): boolean {
    while (this.#queue.length > 0) {
      const batch = this.#queue.slice(0, MAX_BATCH);
      const run = () => (batch.length === 1 ? this.#runAlone(batch[0] as Pending) : this.#runBatch(batch));
      let settle: () => void;
      const started = performance.now();
      try {
        if (ifFree) {
          const r = this.uow.immediateIfFree(run);
          if (!r.ok) return false;
          settle = r.value;
        } else settle = this.uow.immediate(run);
      } catch (error) {
        // The transaction failed as a whole: none of the batch is durable.
        this.#queue.splice(0, batch.length);
        for (const p of batch) p.reject(error);
        continue;
      }
      this.onCommit((performance.now() - started) / 1000);
      this.#queue.splice(0, batch.length);
      settle();
    }
    return true;
  }

  /** Inside the open transaction; gives back how to settle once it committed. */
  #runAlone(p: Pending): () => void {
    // Its own savepoint: a throwing write must not take the transaction down with it.
    try {
      const value = this.uow.immediate(p.fn);
      return () => p.resolve(value);
    } catch (error) {
      if (!this.uow.inTransaction) throw error;
      return () => p.reject(error);
    }
  }

  #runBatch(batch: readonly Pending[]): () => void {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    for (const p of batch) {
      try {
        outcomes.push({ ok: true, value: this.uow.immediate(p.fn) });
      } catch (error) {
        // Rolled back to its savepoint, unless SQLite ended the whole transaction: then
        // nothing of this batch is left to commit.
        if (!this.uow.inTransaction) throw error;
        outcomes.push({ ok: false, error });
      }
    }
    return () =>
      batch.forEach((p, i) => {
        const o = outcomes[i]!;
        if (o.ok) p.resolve(o.value);
        else p.reject(o.error);
      });
  }
}
