/**
 * When the live quote is worth asking for again: only when something it depends on moved. A fill
 * of another pair, or a pool emission where the quote's pools kept their prices, cannot change it,
 * and re-quoting on every fill system-wide kept the quote busy for the whole of a burst.
 */
import type { OrderInfo, PoolInfo } from './model.js';

/** Remembers each pool's last price, to tell which pools an emission actually moved. */
export class PoolMoves {
  private readonly last = new Map<string, string>();

  /** Ids of the pools whose price differs from the previous emission (or that are new). */
  changed(pools: readonly PoolInfo[]): Set<string> {
    const moved = new Set<string>();
    for (const p of pools) {
      if (this.last.get(p.id) !== p.price) moved.add(p.id);
      this.last.set(p.id, p.price);
    }
    return moved;
  }
}

/** True when any id is in both sets. */
export function intersects(a: ReadonlySet<string>, b: Iterable<string>): boolean {
  for (const id of b) if (a.has(id)) return true;
  return false;
}

/** True when a confirmed order traded the ticket's pair (either way) or went through a pool the quote uses. */
export function fillTouches(order: OrderInfo, tokenIn: string, tokenOut: string, quotePools: ReadonlySet<string>): boolean {
  const samePair = (order.tokenIn === tokenIn && order.tokenOut === tokenOut) || (order.tokenIn === tokenOut && order.tokenOut === tokenIn);
  return samePair || intersects(quotePools, (order.route?.legs ?? []).map((l) => l.poolId));
}
