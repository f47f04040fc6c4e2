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
 */
import type { Db } from './handle.js';
import { immediate } from './sync.js';

interface Pending {
  readonly fn: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Larger batches would hold the event loop (and the write lock) too long in one go. */
const MAX_BATCH = 500;

class WriteBatcher {
  #queue: Pending[] = [];
  #scheduled = false;

  constructor(private readonly db: Db) {}

  write<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.flush();
    });
  }

  /** Runs every queued write now (in batches of at most MAX_BATCH). */
  flush(): void {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, MAX_BATCH);
      if (batch.length === 1) this.#runAlone(batch[0] as Pending);
      else this.#runBatch(batch);
    }
  }

  #runAlone(p: Pending): void {
    let value: unknown;
    try {
      value = immediate(this.db, p.fn);
    } catch (e) {
      p.reject(e);
      return;
    }
    p.resolve(value);
  }

  #runBatch(batch: readonly Pending[]): void {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      immediate(this.db, () => {
        for (const p of batch) {
          try {
            outcomes.push({ ok: true, value: immediate(this.db, p.fn) });
          } catch (error) {
            // Rolled back to its savepoint, unless SQLite ended the whole transaction: then
            // nothing of this batch is left to commit.
            if (!this.db.sqlite.inTransaction) throw error;
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }
}

const batchers = new WeakMap<Db['sqlite'], WriteBatcher>();

function batcherOf(db: Db): WriteBatcher {
  let b = batchers.get(db.sqlite);
  if (!b) batchers.set(db.sqlite, (b = new WriteBatcher(db)));
  return b;
}

/**
 * Runs the synchronous write `fn` in this turn's group transaction (as a savepoint). Resolves with
 * its result once the transaction committed; rejects with its error (only its own writes undone),
 * or with the transaction's error when the whole batch failed.
 */
export function writeBatched<T>(db: Db, fn: () => T): Promise<T> {
  return batcherOf(db).write(fn);
}

/** Commits whatever is queued right now (before closing the database). */
export function flushWrites(db: Db): void {
  batchers.get(db.sqlite)?.flush();
}
