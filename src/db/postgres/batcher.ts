/**
 * Batching per event-loop turn. Requests made during one turn (the worker's jobs, the API's
 * submissions) are queued, and at the end of the turn (setImmediate) they run as ONE batch: one
 * statement or one transaction instead of one each. PostgreSQL pays per statement and per commit
 * (parse, plan, executor start, a WAL record, a round trip), and on a machine whose cores the
 * server shares with us, fewer statements is more orders per second.
 *
 * At most `maxInFlight` batches run at once; while they do, new requests wait and join the next
 * batch, so the batch size follows the load (one request alone when idle, hundreds when busy).
 * A batch is sent after every request in it was made, so a read batch sees every commit that
 * preceded any of its requests.
 *
 * The run function settles each request on its own (one may fail while the others succeed) or
 * throws, failing the whole batch.
 */
export type Settled<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

export interface BatchLimits {
  /** Requests per batch at most (1: every request alone, as a per-operation engine would). */
  readonly maxBatch: number;
  /** Batches running at once at most. */
  readonly maxInFlight: number;
}

interface Pending<Q, R> {
  readonly request: Q;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

export class Batcher<Q, R> {
  #queue: Pending<Q, R>[] = [];
  #scheduled = false;
  #inFlight = 0;
  #idle: (() => void)[] = [];

  constructor(
    private readonly run: (requests: readonly Q[]) => Promise<readonly Settled<R>[]>,
    private readonly limits: BatchLimits,
  ) {}

  push(request: Q): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          this.#pump();
        });
      }
    });
  }

  /** Resolves once nothing is queued or running (what `close` waits for). */
  drained(): Promise<void> {
    if (this.#queue.length === 0 && this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    while (this.#queue.length > 0 && this.#inFlight < this.limits.maxInFlight) {
      const batch = this.#queue.splice(0, this.limits.maxBatch);
      this.#inFlight++;
      void this.#runBatch(batch);
    }
  }

  async #runBatch(batch: readonly Pending<Q, R>[]): Promise<void> {
    try {
      const outcomes = await this.run(batch.map((p) => p.request));
      batch.forEach((p, i) => {
        const o = outcomes[i];
        if (o === undefined) p.reject(new Error('batch returned no outcome for a request'));
        else if (o.ok) p.resolve(o.value);
        else p.reject(o.error);
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.#inFlight--;
      // What queued up meanwhile has waited a whole batch already: send it now.
      this.#pump();
      if (this.#queue.length === 0 && this.#inFlight === 0) for (const done of this.#idle.splice(0)) done();
    }
  }
}
