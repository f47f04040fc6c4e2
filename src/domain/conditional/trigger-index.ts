import { fieldError } from '../errors.js';
import { MinHeap } from '../heap.js';
import type { MarketState } from '../market/market.js';
import { findBestRoute } from '../router.js';
import type { RouteFn } from '../router-mode.js';
import { feeRegime } from '../venues/meteora-dlmm-walk.js';
import { PairBook, type BookEntry } from './pair-book.js';
import type { ConditionalOrder, FiredOrder } from './types.js';

/**
 * Resting conditional orders, indexed so that one market change examines only the orders that can
 * cross. Orders live in books per (tokenIn, tokenOut); a book is looked at only when a pool on one
 * of its paths (every path of up to three hops the router may take, topology.ts) changed, or a
 * DLMM on one changed fee regime (the only way time alone changes a quote), or a pool was launched,
 * or an order was added to it since. The middle pool of a three-hop path trades neither of the
 * book's mints, so the test is by pool id, not by mint. Inside a book,
 * pair-book.ts skips orders with true bounds and runs the exact test (evaluate.ts) on the rest.
 *
 * Expiry is separate: `expired(nowMs)` removes and returns what expired by then; call it before
 * `evaluate` at the same moment so an expired order never fires.
 */

interface Resting {
  readonly entry: BookEntry;
  readonly book: PairBook;
}

interface Expiry {
  readonly atMs: number;
  readonly seq: number;
  readonly id: string;
}

/** What the last evaluate did, for benchmarks and tests. */
export interface EvaluateStats {
  /** Books looked at (their mints changed, or orders were added). */
  readonly books: number;
  /** Orders given the exact test. */
  readonly examined: number;
  /** Orders in the books looked at that the bounds skipped. */
  readonly skipped: number;
  /** Route searches spent on bounds (size grid). */
  readonly gridSearches: number;
}

export class TriggerIndex {
  private readonly byId = new Map<string, Resting>();
  private readonly books = new Map<string, PairBook>();
  private readonly expiries = new MinHeap<Expiry>((a, b) => a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq));
  private seq = 0;
  private lastMarket: MarketState | undefined;
  private lastNowSec = 0;
  lastStats: EvaluateStats = { books: 0, examined: 0, skipped: 0, gridSearches: 0 };

  /** `route`: the route search orders are held to (a router mode's, router-mode.ts). */
  constructor(private readonly route: RouteFn = findBestRoute) {}

  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): ConditionalOrder | undefined {
    return this.byId.get(id)?.entry.order;
  }

  /** Every resting order, in the order they were added. */
  orders(): ConditionalOrder[] {
    return [...this.byId.values()].sort((a, b) => a.entry.seq - b.entry.seq).map((r) => r.entry.order);
  }

  /**
   * Rests `order` until it fires, expires or is removed. It is evaluated at the next `evaluate`
   * whatever changed.
   * @throws DomainError DUPLICATE_CLIENT_ORDER_ID when an order with this id rests already
   */
  add(order: ConditionalOrder): void {
    if (this.byId.has(order.id)) throw fieldError('DUPLICATE_CLIENT_ORDER_ID', 'id', `order ${order.id} is already resting`);
    const seq = this.seq++;
    const key = order.kind === 'SNIPER' ? `S|${order.tokenIn.symbol}|${order.tokenOutMint}` : `${order.tokenIn.symbol}|${order.tokenOut.symbol}`;
    let book = this.books.get(key);
    if (book === undefined) this.books.set(key, (book = new PairBook(order)));
    const entry = book.add(order, seq);
    this.byId.set(order.id, { entry, book });
    if (order.expiresAtMs !== undefined) this.expiries.push({ atMs: order.expiresAtMs, seq, id: order.id });
  }

  /** Takes the order out (a cancel); undefined when it is not resting. */
  remove(id: string): ConditionalOrder | undefined {
    const resting = this.byId.get(id);
    if (resting === undefined) return undefined;
    this.byId.delete(id);
    resting.book.remove(resting.entry);
    return resting.entry.order;
  }

  /** Removes and returns the orders whose expiresAt is ≤ nowMs, earliest first. */
  expired(nowMs: number): ConditionalOrder[] {
    const out: ConditionalOrder[] = [];
    for (let top = this.expiries.peek(); top !== undefined && top.atMs <= nowMs; top = this.expiries.peek()) {
      this.expiries.pop();
      const resting = this.byId.get(top.id);
      // A removed (or removed and re-added) order leaves a stale heap entry behind.
      if (resting === undefined || resting.entry.seq !== top.seq) continue;
      out.push(this.remove(top.id)!);
    }
    return out;
  }

  /**
   * The orders whose condition holds on `market` at `nowSec`, removed from the index, in the order
   * they were added. Exactly the set evaluate.ts evaluateAll would fire over the resting orders
   * (test/unit/trigger-index.test.ts holds it to that).
   */
  evaluate(market: MarketState, nowSec: number): FiredOrder[] {
    const changed = this.changedPools(market, nowSec);
    this.lastMarket = market;
    this.lastNowSec = nowSec;
    const fired: { seq: number; f: FiredOrder }[] = [];
    let books = 0;
    let examined = 0;
    let skipped = 0;
    let gridSearches = 0;
    for (const book of this.books.values()) {
      if (book.size === 0) {
        book.fresh = false;
        continue;
      }
      if (!book.fresh && changed !== undefined && !book.touchedBy(market, changed)) continue;
      book.fresh = false;
      books++;
      const r = book.evaluate(market, nowSec, this.route, fired);
      examined += r.examined;
      skipped += r.skipped;
      gridSearches += r.gridSearches;
    }
    fired.sort((a, b) => a.seq - b.seq);
    for (const { f } of fired) this.remove(f.order.id);
    this.lastStats = { books, examined, skipped, gridSearches };
    return fired.map((x) => x.f);
  }

  /**
   * Ids of the pools whose quotes may differ from the last evaluate's; undefined: assume all (the
   * first evaluate, or a pool was launched: new paths, and books must learn them).
   */
  private changedPools(market: MarketState, nowSec: number): Set<string> | undefined {
    const last = this.lastMarket;
    if (last === undefined || last.pools.size !== market.pools.size) return undefined;
    const changed = new Set<string>();
    if (last === market && this.lastNowSec === nowSec) return changed;
    const timeMoved = this.lastNowSec !== nowSec;
    for (const [id, pool] of market.pools) {
      const before = last.pools.get(id);
      if (before === undefined) return undefined;
      if (before !== pool || (timeMoved && pool.kind === 'DLMM' && feeRegime(pool, this.lastNowSec) !== feeRegime(pool, nowSec))) changed.add(id);
    }
    return changed;
  }
}
