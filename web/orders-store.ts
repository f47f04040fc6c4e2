/**
 * Every order the page knows, merged from two sources: the `orders`/`order` queries (run once per
 * connection, web/catch-up.ts) and the `orderUpdates` subscription. Both carry the per-order
 * sequence number, so a snapshot older than what the subscription already delivered is ignored and
 * the two can arrive in any order.
 *
 * The list is kept sorted newest first as orders arrive (binary insertion: an order's createdAt never
 * changes, so its place is fixed once found) and bounded, so a burst costs O(log n) per order
 * rather than a full sort per change, and a page left open for days does not grow without limit.
 */
import { isTerminal, type OrderInfo, type OrderUpdateInfo, type Status } from './model.js';

export interface OrderEntry {
  order: OrderInfo;
  /** When each stage was reached, as far as the page saw it. */
  readonly reachedAt: Partial<Record<Status, number>>;
  /** Detail of the latest transition (e.g. "attempt 2 after BLOCKHASH_EXPIRED"). */
  detail: string | null;
}

/** Enough history for the statistics; older settled orders are dropped first. */
export const MAX_ORDERS = 5000;

/** Newest first: createdAt descending, then id descending (ULIDs: the later one first). */
function newerFirst(a: OrderInfo, b: OrderInfo): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Where an order's life starts: a market order is PENDING at once, a resting one OPEN. */
function firstStage(order: OrderInfo): Status {
  return order.type === 'MARKET' ? 'PENDING' : 'OPEN';
}

export class OrdersStore {
  private readonly entries = new Map<string, OrderEntry>();
  private readonly sorted: OrderEntry[] = [];
  private readonly listeners: ((changed: ReadonlySet<string>) => void)[] = [];
  private pending = new Set<string>();
  private flushScheduled = false;

  constructor(readonly capacity = MAX_ORDERS) {}

  get size(): number {
    return this.entries.size;
  }

  get(id: string): OrderEntry | undefined {
    return this.entries.get(id);
  }

  /** Newest first. The store's own array: read it, never change it. */
  list(): readonly OrderEntry[] {
    return this.sorted;
  }

  /** Ids of the orders the page still shows as open (not terminal: they may still change). */
  openIds(): string[] {
    return this.sorted.filter((e) => !isTerminal(e.order.status)).map((e) => e.order.id);
  }

  onChange(listener: (changed: ReadonlySet<string>) => void): void {
    this.listeners.push(listener);
  }

  /** Forgets every order (another key, or none: what the old one could see is not this one's). */
  clear(): void {
    if (this.entries.size === 0) return;
    for (const id of this.entries.keys()) this.pending.add(id);
    this.entries.clear();
    this.sorted.length = 0;
    this.notify();
  }

  applySnapshot(order: OrderInfo): void {
    const entry = this.entries.get(order.id);
    if (entry !== undefined && entry.order.seq >= order.seq) return;
    if (entry === undefined) {
      this.insert({ order, reachedAt: { [firstStage(order)]: order.createdAt, [order.status]: order.updatedAt }, detail: null });
    } else {
      entry.order = order;
      entry.reachedAt[order.status] ??= order.updatedAt;
    }
    this.changed(order.id);
  }

  applyUpdate(update: OrderUpdateInfo): void {
    const entry = this.entries.get(update.order.id);
    if (entry !== undefined && entry.order.seq >= update.seq) return; // duplicate or stale
    const order = { ...update.order, seq: update.seq, status: update.status };
    if (entry === undefined) {
      this.insert({ order, reachedAt: { [firstStage(order)]: order.createdAt, [update.status]: update.at }, detail: update.detail });
    } else {
      entry.order = order;
      entry.reachedAt[update.status] = update.at;
      entry.detail = update.detail;
    }
    this.changed(update.order.id);
  }

  private insert(entry: OrderEntry): void {
    // Most orders are the newest yet, so the search usually ends at index 0.
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (newerFirst(this.sorted[mid]!.order, entry.order) <= 0) lo = mid + 1;
      else hi = mid;
    }
    this.sorted.splice(lo, 0, entry);
    this.entries.set(entry.order.id, entry);
    if (this.sorted.length > this.capacity) this.evict();
  }

  /**
   * Drops the oldest settled order; when every order is still open, the oldest one anyway: the
   * blotter shows the newest, and an unbounded store would be worse than forgetting an old order.
   */
  private evict(): void {
    while (this.sorted.length > this.capacity) {
      let victim = this.sorted.length - 1;
      for (let i = this.sorted.length - 1; i >= 0; i--) {
        if (isTerminal(this.sorted[i]!.order.status)) {
          victim = i;
          break;
        }
      }
      const [gone] = this.sorted.splice(victim, 1);
      if (gone !== undefined) {
        this.entries.delete(gone.order.id);
        this.pending.add(gone.order.id);
      }
    }
  }

  private changed(id: string): void {
    this.pending.add(id);
    this.notify();
  }

  private notify(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // One notification per task: a burst of updates (a reload, 200 orders at once) renders once.
    queueMicrotask(() => {
      this.flushScheduled = false;
      const changed = this.pending;
      this.pending = new Set();
      for (const l of this.listeners) l(changed);
    });
  }
}
