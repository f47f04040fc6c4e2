import { describe, expect, it } from 'vitest';
import { parseOrderAmount } from '../../src/domain/amount.js';
import { DEFAULT_START_MS } from '../../src/domain/backtest/scenario.js';
import { BacktestError } from '../../src/domain/backtest/failure.js';
import { quoteAndExecute } from '../../src/domain/execute.js';
import { launchPool } from '../../src/domain/market/launch.js';
import { buildMarket, DEFAULT_MARKET_SPEC } from '../../src/domain/market/market.js';
import { findMarketToken } from '../../src/domain/market/market-tokens.js';
import { minAmountOutFor } from '../../src/domain/order.js';
import { findBestRoute } from '../../src/domain/router.js';
import { byId, collect } from '../helpers/backtest-fixtures.js';
import { KITE_MINT } from '../helpers/conditional-fixtures.js';

const T0 = DEFAULT_START_MS;
const market = (type: string, tokenIn: string, tokenOut: string, amountIn: string, at: number | string, extra: Record<string, unknown> = {}) => ({ at, type, tokenIn, tokenOut, amountIn, ...extra });

describe('backtest engine', () => {
  it('fills orders one after another exactly as the live calls would, atom for atom', () => {
    const orders = [
      market('MARKET', 'SOL', 'USDC', '12.5', 0),
      market('MARKET', 'USDC', 'SOL', '999.123', 1_000),
      market('MARKET', 'BONK', 'USDC', '250000000', 1_000),
      market('MARKET', 'JUP', 'SOL', '4000', 2_500, { slippageBps: 10 }),
      market('MARKET', 'USDC', 'KITE', '5000', 61_000),
    ];
    const { results } = collect({ seed: 1, duration: '2m', motion: null, orders });
    // The same calls by hand: the API's quote and minimum, then the worker's quoteAndExecute, in order.
    let hand = buildMarket(DEFAULT_MARKET_SPEC, T0 / 1000);
    const expected: bigint[] = [];
    for (const o of orders as { at: number; tokenIn: string; tokenOut: string; amountIn: string; slippageBps?: number }[]) {
      const nowSec = Math.floor((T0 + o.at) / 1000);
      if (o.at >= 60_000 && !hand.pools.has('raydium-cpmm-kite-usdc')) for (const l of DEFAULT_MARKET_SPEC.launches) hand = launchPool(hand, l.pool, (T0 + 60_000) / 1000);
      const a = findMarketToken(hand, o.tokenIn)!;
      const b = findMarketToken(hand, o.tokenOut)!;
      const amount = parseOrderAmount(o.amountIn, a);
      const q = findBestRoute(hand, a, b, amount, nowSec);
      const r = quoteAndExecute(hand, a, b, amount, minAmountOutFor(q.amountOut, o.slippageBps ?? 50), nowSec);
      hand = r.market;
      expected.push(r.fill.amountOut);
    }
    expect(results.map((r) => r.status)).toEqual(['FILLED', 'FILLED', 'FILLED', 'FILLED', 'FILLED']);
    expect(results.map((r) => r.amountOut)).toEqual(expected);
    expect(results.every((r) => r.slippageBps === 0)).toBe(true);
  });

  it('shows what latency costs: the same orders with motion fill differently once quotes age', () => {
    const orders = Array.from({ length: 40 }, (_, i) => market('MARKET', i % 2 ? 'SOL' : 'USDC', i % 2 ? 'USDC' : 'SOL', i % 2 ? '20' : '3000', i * 1_500));
    const base = { seed: 9, duration: '2m', motion: { interval: '250ms', volatilityScale: 20 }, orders };
    const instant = collect(base).results;
    const slow = collect({ ...base, latency: { quoteToFill: '2s', jitter: 500 } }).results;
    expect(instant.every((r) => r.slippageBps === 0)).toBe(true);
    expect(slow.filter((r) => r.status === 'FILLED' && r.slippageBps !== 0).length).toBeGreaterThan(10);
    for (const r of slow) if (r.status === 'FILLED') expect(r.endedAtMs - r.submittedAtMs).toBeGreaterThanOrEqual(2_000);
  });

  it('rests conditional orders until they fire, expire or are cancelled', () => {
    const orders = [
      // Far below the market: fires at once. Above: rests, then the crash below never lifts it.
      market('LIMIT', 'SOL', 'USDC', '10', 0, { limitPrice: '100', clientOrderId: 'lim-low' }),
      market('LIMIT', 'SOL', 'USDC', '10', 0, { limitPrice: '200', clientOrderId: 'lim-high', expiresAfter: '30s' }),
      market('STOP', 'SOL', 'USDC', '10', 0, { stopPrice: '140', slippageBps: 500, clientOrderId: 'stop' }),
      market('LIMIT', 'USDC', 'SOL', '100', 0, { limitPrice: '0.01', clientOrderId: 'cancel-me' }),
      market('SNIPER', 'USDC', KITE_MINT, '1000', 0, { minLiquidity: '250000', maxPriceImpactBps: 100, slippageBps: 100, clientOrderId: 'snipe' }),
      market('CANCEL', '', '', '', '10s', { clientOrderId: 'cancel-me' }),
      // A crash: SOL sold hard, the executable price falls through the stop.
      market('MARKET', 'SOL', 'USDC', '8000', '20s', { slippageBps: 5000, clientOrderId: 'crash' }),
    ];
    const { results, summary } = collect({ seed: 2, duration: '2m', motion: null, orders });
    const r = byId(results);
    expect(r.get('lim-low')).toMatchObject({ status: 'FILLED', type: 'LIMIT', triggeredAtMs: T0, minAmountOut: 1_000_000_000n });
    expect(r.get('cancel-me')).toMatchObject({ status: 'CANCELLED', endedAtMs: T0 + 10_000 });
    expect(r.get('stop')).toMatchObject({ status: 'FILLED', triggeredAtMs: T0 + 20_000 });
    expect(r.get('stop')!.amountOut!).toBeLessThanOrEqual(1_400_000_000n);
    expect(r.get('lim-high')).toMatchObject({ status: 'EXPIRED', endedAtMs: T0 + 30_000 });
    // KITE launches on both venues at 60 s; 250,000 USDC of depth needs both.
    expect(r.get('snipe')).toMatchObject({ status: 'FILLED', tokenOut: 'KITE', triggeredAtMs: T0 + 60_000, routeKind: 'SPLIT' });
    expect(summary.openAtEnd).toBe(0);
  });

  it('refuses what the live API would refuse, and fails what the worker would fail', () => {
    const orders = [
      market('MARKET', 'USDC', 'KITE', '10', 0, { clientOrderId: 'too-early' }),
      market('MARKET', 'BONK', 'SOL', '0.00001', 0, { clientOrderId: 'dust' }),
      // Quoted before the big sell fills (at 1,300 ms), filled after it (at 1,400 ms).
      market('MARKET', 'SOL', 'USDC', '2000', 900, { clientOrderId: 'front-run' }),
      market('MARKET', 'SOL', 'USDC', '50', 1_000, { slippageBps: 0, clientOrderId: 'slow' }),
    ];
    const { results } = collect({ seed: 3, duration: '1m', motion: null, latency: { quoteToFill: 400 }, orders });
    const r = byId(results);
    expect(r.get('too-early')).toMatchObject({ status: 'REJECTED', code: 'UNKNOWN_TOKEN' });
    expect(r.get('dust')).toMatchObject({ status: 'REJECTED', code: 'AMOUNT_TOO_SMALL' });
    expect(r.get('front-run')).toMatchObject({ status: 'FILLED' });
    expect(r.get('slow')).toMatchObject({ status: 'FAILED', code: 'SLIPPAGE_EXCEEDED', amountOut: undefined });
    // Every pair of the default market connects within three hops; on Meteora alone RAY has no pool.
    const meteora = byId(collect({ seed: 3, duration: '10s', motion: null, routerMode: 'VENUE_METEORA', orders: [market('MARKET', 'RAY', 'JUP', '10', 0, { clientOrderId: 'no-path' })] }).results);
    expect(meteora.get('no-path')).toMatchObject({ status: 'REJECTED', code: 'NO_ROUTE' });
  });

  it('restricts routes to the venues of the router mode', () => {
    const orders = Array.from({ length: 6 }, (_, i) => market('MARKET', 'SOL', 'USDC', String(100 * (i + 1)), i * 1_000));
    for (const [mode, venues] of [['VENUE_METEORA', ['METEORA']], ['VENUE_RAYDIUM', ['RAYDIUM']], ['SMART', ['METEORA', 'RAYDIUM+METEORA']]] as const) {
      const { results } = collect({ seed: 4, duration: '10s', motion: null, routerMode: mode, orders });
      expect(new Set(results.map((r) => r.venues))).toEqual(new Set(venues));
    }
  });

  it('reports progress in whole percents up to 1, and samples at its interval', () => {
    const { progress, samples } = collect({ seed: 5, duration: '10m', sampleInterval: '1m', orders: [market('MARKET', 'SOL', 'USDC', '1', '5m')] });
    expect(progress.at(-1)!.fraction).toBe(1);
    expect(progress.every((p, i) => i === 0 || p.fraction >= progress[i - 1]!.fraction)).toBe(true);
    expect(progress.length).toBeGreaterThanOrEqual(100);
    expect(samples.map((s) => s.atMs - T0)).toEqual(Array.from({ length: 11 }, (_, i) => i * 60_000));
    expect(samples[0]!.pools.length).toBe(9);
    expect(samples.at(-1)!.pools.length).toBe(11);
    expect(samples.at(-1)!.fills).toBe(1);
  });

  it('surfaces a coded public reason and keeps the cause apart', () => {
    const bad = (input: Record<string, unknown>): BacktestError => {
      try {
        collect(input);
      } catch (e) {
        return e as BacktestError;
      }
      throw new Error('expected a failure');
    };
    const e = bad({ seed: 1, duration: '31d', orders: [] });
    expect(e).toBeInstanceOf(BacktestError);
    expect(e.reason).toEqual({ code: 'DURATION_OUT_OF_RANGE', message: expect.any(String), field: 'scenario.duration' });
    const order = bad({ seed: 1, duration: '1m', orders: [market('MARKET', 'SOL', 'USDC', '1', '2m')] });
    expect(order.reason).toMatchObject({ code: 'ORDER_TIME_OUT_OF_RANGE', field: 'scenario.orders[0].at' });
    const strategy = bad({ seed: 1, duration: '1m', strategy: { name: 'TWAP', params: { tokenIn: 'SOL', tokenOut: 'USDC', totalAmount: '1', slices: 0, duration: '1m' } } });
    expect(strategy.reason).toMatchObject({ code: 'STRATEGY_PARAM_OUT_OF_RANGE', field: 'params.slices' });
  });
});
