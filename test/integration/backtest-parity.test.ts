/**
 * Parity (issue 13 point 5): the same orders with the same market, once through the live service
 * (real runtime: API service, BullMQ worker, storage; latencies 0, motion off, one order at a time,
 * each awaited to its terminal state) and once through the backtester (motion off, latency 0),
 * give identical quotes, minimums and fills, atom for atom, and leave identical pools.
 *
 * Both run on one clock: order i is submitted and filled at START + i s (the live runtime's clock
 * is set before each submission), so both sides quote and fill in the same second.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderResult } from '../../src/domain/backtest/results.js';
import { runBacktest } from '../../src/domain/backtest/run.js';
import { encodeJson } from '../../src/domain/codec.js';
import type { Runtime } from '../../src/runtime.js';
import { ordersFor, testEnv, waitTerminal } from '../helpers/runtime.js';

const START = Date.UTC(2025, 5, 1);
const ORDERS: readonly (readonly [string, string, string])[] = [
  ['SOL', 'USDC', '25'],
  ['USDC', 'SOL', '3000'],
  ['BONK', 'SOL', '50000000'],
  ['JUP', 'USDC', '2500'],
  ['SOL', 'USDT', '10'],
  ['RAY', 'SOL', '400'],
  ['USDC', 'JUP', '1500'],
  ['SOL', 'BONK', '5'],
  ['SOL', 'USDC', '400'],
  ['USDC', 'SOL', '90000'],
];

const env = testEnv('backtest-parity');
let rt: Runtime;
let now = START;
beforeAll(async () => {
  rt = await env.start({ clock: () => now });
});
afterAll(async () => {
  await env.cleanup();
});

describe('live service and backtester', () => {
  it('give identical fills, atom for atom, for the same orders on the same market', async () => {
    const live = [];
    for (const [i, [tokenIn, tokenOut, amountIn]] of ORDERS.entries()) {
      now = START + i * 1000;
      const order = await ordersFor(rt).submitMarketOrder({ tokenIn, tokenOut, amountIn, slippageBps: 100, clientOrderId: `p${i}` });
      live.push(await waitTerminal(rt, order.id));
    }
    const results: OrderResult[] = [];
    const summary = runBacktest(
      {
        seed: 7,
        startMs: START,
        duration: `${ORDERS.length}s`,
        motion: null,
        routerMode: 'SMART',
        orders: ORDERS.map(([tokenIn, tokenOut, amountIn], i) => ({ at: i * 1000, type: 'MARKET', tokenIn, tokenOut, amountIn, slippageBps: 100, clientOrderId: `p${i}` })),
      },
      { onResult: (r) => results.push(r) },
    );
    const fromLive = live.map((o) => ({
      id: o.clientOrderId,
      status: o.status === 'CONFIRMED' ? 'FILLED' : o.status,
      quotedOut: o.quotedAmountOut,
      minAmountOut: o.minAmountOut,
      amountOut: o.fill?.amountOut,
      fees: o.fill?.fees,
      priceImpactPpm: o.fill?.priceImpactPpm,
    }));
    const fromBacktest = results.map((r) => ({
      id: r.clientOrderId,
      status: r.status,
      quotedOut: r.quotedOut,
      minAmountOut: r.minAmountOut,
      amountOut: r.amountOut,
      fees: r.fees,
      priceImpactPpm: r.priceImpactPpm,
    }));
    expect(fromLive.every((o) => o.status === 'FILLED')).toBe(true);
    expect(fromBacktest).toEqual(fromLive);
    // The pools each side ends with, field for field (as stored, a pool's keys may come in another order).
    const pools = (m: { pools: ReadonlyMap<string, unknown> }) => JSON.parse(encodeJson([...m.pools].sort(([a], [b]) => (a < b ? -1 : 1)))) as unknown;
    expect(pools(summary.market)).toEqual(pools((await rt.storage.market.current()).market));
  }, 60_000);
});
