/**
 * When a cached market may be trusted without asking the database (both engines' market stores).
 * A quote may lag a committed write by the time that write's announcement takes to arrive: with a
 * live subscription to the announcements (`follow`), the cache stands until one arrives
 * (`markStale`) or the last version check is `maxAgeMs` old — the net for a lost message. Without
 * one, every read checks the version.
 */
export class MarketFreshness {
  /** Set by markStale; cleared by a successful version check. */
  #stale = true;
  /** `now` of the last version check. */
  #checkedAt = 0;
  /** 0 while no subscription feeds markStale: every read checks the version. */
  #maxAgeMs = 0;

  /** True when a read at `now` may use the cache as it is. */
  trusted(now: number): boolean {
    const age = now - this.#checkedAt;
    return !this.#stale && age >= 0 && age < this.#maxAgeMs;
  }

  /** A version check at `now` succeeded. */
  checked(now: number): void {
    this.#stale = false;
    this.#checkedAt = now;
  }

  markStale(): void {
    this.#stale = true;
  }

  follow(maxAgeMs: number): () => void {
    if (!(maxAgeMs > 0)) throw new Error(`maxAgeMs must be positive, got ${maxAgeMs}`);
    this.#stale = true;
    this.#maxAgeMs = maxAgeMs;
    return () => {
      this.#maxAgeMs = 0;
      this.#stale = true;
    };
  }
}
