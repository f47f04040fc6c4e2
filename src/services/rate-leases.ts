/**
 * Leases of rate-limit points held in one API process (see src/services/rate-limits.ts for why):
 * what a subject may still spend here without asking Redis, until when, and how much Redis had left
 * in that window when it was last asked. Plain bookkeeping: no I/O; the caller does the reserving.
 */

/** A lease is at most this many points: a huge limit still goes back to Redis every LEASE_MAX calls. */
export const LEASE_MAX = 1000;
/** Subjects with a lease held in this process; the least recently refilled lapse first. */
const MAX_LEASES = 10_000;

/** Points beyond a call's own that one reservation takes: a tenth of the per-second limit (none under 20/s). */
export function leaseSize(perSecond: number): number {
  const tenth = Math.floor(perSecond / 10);
  return tenth < 2 ? 0 : Math.min(LEASE_MAX, tenth);
}

interface Lease {
  /** Reserved points not yet spent. */
  left: number;
  /** What Redis had left in the window after the last reservation (a bound on the next one). */
  remaining: number;
  /** performance.now() at which the window, and so the lease, ends. */
  until: number;
}

export class LeaseBook {
  readonly #leases = new Map<string, Lease>();

  /**
   * Spends `points` from a live lease. Returns the points left after spending, or -1 when the lease
   * is missing, spent or past its window (nothing is spent then).
   */
  spend(key: string, points: number, now: number): number {
    const lease = this.#leases.get(key);
    if (lease === undefined || lease.left < points) return -1;
    if (now >= lease.until) {
      this.#leases.delete(key);
      return -1;
    }
    lease.left -= points;
    return lease.left;
  }

  /**
   * How many points the next reservation may add: the lease size, but within the window of the last
   * reservation no more than Redis then had left after `points` of the call's own, so a subject
   * alone on its key never spends its window on a refused reservation.
   */
  nextExtra(key: string, size: number, points: number, now: number): number {
    const lease = this.#leases.get(key);
    if (lease === undefined || now >= lease.until) return size;
    return Math.max(0, Math.min(size, lease.remaining - points));
  }

  /** Redis granted `extra` points ending in `msBeforeNext`: added to what is left in the same window. */
  granted(key: string, extra: number, remaining: number, msBeforeNext: number, now: number): void {
    const lease = this.#leases.get(key);
    const left = lease !== undefined && now < lease.until ? lease.left : 0;
    this.#keep(key, { left: left + extra, remaining, until: now + msBeforeNext });
  }

  /**
   * Redis refused a reservation: the window has nothing more to lease until `msBeforeNext`. What the
   * subject already holds from it stays spendable (it was counted when it was reserved).
   */
  spent(key: string, msBeforeNext: number, now: number): void {
    const lease = this.#leases.get(key);
    const left = lease !== undefined && now < lease.until ? lease.left : 0;
    this.#keep(key, { left, remaining: 0, until: now + msBeforeNext });
  }

  #keep(key: string, lease: Lease): void {
    this.#leases.delete(key);
    this.#leases.set(key, lease);
    if (this.#leases.size > MAX_LEASES) this.#leases.delete(this.#leases.keys().next().value as string);
  }
}
