/**
 * The domain pieces a live strategy runner shares with the backtest: which live order statuses a
 * strategy hears and as what (order-updates.ts), and USD prices from a pool listing when the API
 * gives pools rather than reference prices (pool-prices.ts).
 */
import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES } from '../../src/domain/order-status.js';
import { orderUpdate, strategyStatusOf } from '../../src/domain/strategy/order-updates.js';
import { snapshotFromPools, type ListedPool } from '../../src/domain/strategy/pool-prices.js';

describe('strategyStatusOf', () => {
  it('passes OPEN and the ends, CONFIRMED as FILLED, and hides the executing steps the backtester has not', () => {
    expect(Object.fromEntries(ORDER_STATUSES.map((s) => [s, strategyStatusOf(s)]))).toEqual({
      OPEN: 'OPEN',
      PENDING: undefined,
      ROUTING: undefined,
      BUILDING: undefined,
      SUBMITTED: undefined,
      CONFIRMED: 'FILLED',
      FAILED: 'FAILED',
      CANCELLED: 'CANCELLED',
      EXPIRED: 'EXPIRED',
    });
  });
});

describe('orderUpdate', () => {
  const base = { clientOrderId: 'a-1', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: 5n, amountOut: 7n, code: 'X' };
  it('keeps amountOut only when FILLED and a code only when FAILED or REJECTED', () => {
    expect(orderUpdate({ ...base, status: 'FILLED' })).toEqual({ ...base, status: 'FILLED', code: undefined });
    expect(orderUpdate({ ...base, status: 'FAILED' })).toEqual({ ...base, status: 'FAILED', amountOut: undefined });
    expect(orderUpdate({ ...base, status: 'REJECTED' })).toEqual({ ...base, status: 'REJECTED', amountOut: undefined });
    expect(orderUpdate({ ...base, status: 'CANCELLED' })).toEqual({ ...base, status: 'CANCELLED', amountOut: undefined, code: undefined });
  });
});

describe('snapshotFromPools', () => {
  const pool = (id: string, x: string, y: string, price: string, rx: string, ry: string): ListedPool => ({ id, tokenX: { symbol: x }, tokenY: { symbol: y }, price, reserveX: rx, reserveY: ry });

  it('prices from USDC outward through the deepest pool, and gives SOL the price of WSOL', () => {
    const s = snapshotFromPools(
      [
        pool('thin', 'WSOL', 'USDC', '200', '1', '200'),
        pool('deep', 'WSOL', 'USDC', '150', '1000', '150000'),
        pool('bonk', 'BONK', 'WSOL', '0.0000001', '1000000000', '100'),
        pool('orphan', 'AAA', 'BBB', '2', '10', '20'),
      ],
      42,
    );
    expect(s.atMs).toBe(42);
    expect(s.usdPrices.get('USDC')).toBe(1);
    expect(s.usdPrices.get('WSOL')).toBe(150);
    expect(s.usdPrices.get('SOL')).toBe(150);
    expect(s.usdPrices.get('BONK')).toBeCloseTo(0.000015, 12);
    expect(s.usdPrices.has('AAA')).toBe(false);
  });

  it('does not depend on the order pools are listed in', () => {
    const pools = [pool('a', 'JUP', 'USDC', '0.9', '100', '90'), pool('b', 'USDC', 'JUP', '1.2', '500', '600'), pool('c', 'RAY', 'JUP', '2', '50', '100')];
    expect([...snapshotFromPools(pools, 0).usdPrices]).toEqual([...snapshotFromPools([...pools].reverse(), 0).usdPrices]);
  });
});
