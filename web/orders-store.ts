/**
 * Every order the page knows, merged from two sources: the `orders` query (loaded once per
 * connection) and the `orderUpdates` subscription. Both carry the per-order sequence number, so a
 * snapshot older than what the subscription already delivered is ignored and the two can arrive in
 * any order.
 */
import { type OrderInfo, type OrderUpdateInfo, type Status } from './model.js';

export interface OrderEntry {
  order: OrderInfo;
  /** When each stage was reached, as far as the page saw it. */
  readonly reachedAt: Partial<Record<Status, number>>;
  /** Detail of the latest transition (e.g. "attempt 2 after BLOCKHASH_EXPIRED"). */
  detail: string | null;
}

/** Enough history for the statistics; older terminal orders are dropped first. */
const MAX_ORDERS = 5000;

export class OrdersStore {
  private readonly entries = new Map<string, OrderEntry>();
  private readonly listeners: ((changed: ReadonlySet<string>) => void)[] = [];
  private pending = new Set<string>();
  private flushScheduled = false;

  get size(): number {
    return this.entries.size;
  }

  get(id: string): OrderEntry | undefined {
    return this.entries.get(id);
  }

  /** Newest first. */
  list(): OrderEntry[] {
    return [...this.entries.values()].sort((a, b) => b.order.createdAt - a.order.createdAt || (a.order.id < b.order.id ? 1 : -1));
  }

  onChange(listener: (changed: ReadonlySet<string>) => void): void {
    this.listeners.push(listener);
  }

  applySnapshot(order: OrderInfo): void {
    const entry = this.entries.get(order.id);
    if (entry !== undefined && entry.order.seq >= order.seq) return;
    const reachedAt = entry?.reachedAt ?? {};
    reachedAt.PENDING ??= order.createdAt;
    reachedAt[order.status] ??= order.updatedAt;
    this.entries.set(order.id, { order, reachedAt, detail: entry?.detail ?? null });
    this.changed(order.id);
  }

  applyUpdate(update: OrderUpdateInfo): void {
    const entry = this.entries.get(update.order.id);
    if (entry !== undefined && entry.order.seq >= update.seq) return; // duplicate or stale
    const reachedAt = entry?.reachedAt ?? { PENDING: update.order.createdAt };
    reachedAt[update.status] = update.at;
    this.entries.set(update.order.id, { order: { ...update.order, seq: update.seq, status: update.status }, reachedAt, detail: update.detail });
    this.changed(update.order.id);
  }

  private changed(id: string): void {
    this.pending.add(id);
    if (this.entries.size > MAX_ORDERS) this.evict();
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

  private evict(): void {
    const oldest = this.list().reverse();
    for (const e of oldest) {
      if (this.entries.size <= MAX_ORDERS) break;
      if (e.order.status === 'CONFIRMED' || e.order.status === 'FAILED') this.entries.delete(e.order.id);
    }
  }
}
