import { describe, expect, it } from 'vitest';
import { quoteAndExecute } from '../../src/domain/execute.js';
import { venueView } from '../../src/domain/market/venue-view.js';
import { minAmountOutFor } from '../../src/domain/order.js';
import { fillMarketOrder, permanentFailure, quoteMarketOrder } from '../../src/domain/order-flow.js';
import { DomainError } from '../../src/domain/errors.js';
import { findBestRoute } from '../../src/domain/router.js';
import { parseRouterMode, routeFnFor } from '../../src/domain/router-mode.js';
import { TOKENS } from '../../src/domain/tokens.js';
import { defaultMarket, NOW } from '../helpers/market-fixtures.js';

const SOL = TOKENS.SOL;
const USDC = TOKENS.USDC;

describe('order flow (the live path, as functions)', () => {
  it('quotes like the API: minAmountOut from the best route and the slippage', () => {
    const m = defaultMarket();
    const q = quoteMarketOrder(m, findBestRoute, SOL, USDC, 10n ** 9n, 50, NOW);
    expect(q.route).toEqual(findBestRoute(m, SOL, USDC, 10n ** 9n, NOW));
    expect(q.minAmountOut).toBe(minAmountOutFor(q.route.amountOut, 50));
  });

  it('fills exactly as quoteAndExecute does on the same market and second', () => {
    const m = defaultMarket();
    for (const amount of [10n ** 6n, 10n ** 9n, 3_000n * 10n ** 9n]) {
      const q = quoteMarketOrder(m, findBestRoute, SOL, USDC, amount, 50, NOW);
      const mine = fillMarketOrder(m, findBestRoute, { tokenIn: SOL, tokenOut: USDC, amountIn: amount, minAmountOut: q.minAmountOut }, NOW);
      const live = quoteAndExecute(m, SOL, USDC, amount, q.minAmountOut, NOW);
      expect(mine.fill).toEqual(live.fill);
      expect(mine.route).toEqual(live.route);
      expect([...mine.market.pools]).toEqual([...live.market.pools]);
    }
  });

  it('a route quoted on the same market version and second stands in for the search at the fill', () => {
    const m = defaultMarket();
    const amount = 2_500n * 10n ** 9n;
    const q = quoteMarketOrder(m, findBestRoute, SOL, USDC, amount, 50, NOW);
    const order = { tokenIn: SOL, tokenOut: USDC, amountIn: amount, minAmountOut: q.minAmountOut };
    const reused = fillMarketOrder(m, findBestRoute, order, NOW, { market: m, nowSec: NOW, route: q.route });
    expect(reused.route).toBe(q.route);
    const searched = fillMarketOrder(m, findBestRoute, order, NOW);
    expect(reused.fill).toEqual(searched.fill);
    // Another second (or another market version): searched again, not reused.
    expect(fillMarketOrder(m, findBestRoute, order, NOW + 1, { market: m, nowSec: NOW, route: q.route }).route).not.toBe(q.route);
  });

  it('refuses a fill below the minimum with SLIPPAGE_EXCEEDED, changing nothing', () => {
    const m = defaultMarket();
    const q = quoteMarketOrder(m, findBestRoute, SOL, USDC, 10n ** 9n, 0, NOW);
    const moved = quoteAndExecute(m, SOL, USDC, 500n * 10n ** 9n, 0n, NOW).market;
    expect(() => fillMarketOrder(moved, findBestRoute, { tokenIn: SOL, tokenOut: USDC, amountIn: 10n ** 9n, minAmountOut: q.minAmountOut }, NOW)).toThrow(
      expect.objectContaining({ code: 'SLIPPAGE_EXCEEDED' }),
    );
  });

  it('refuses at submission an amount every route turns into nothing', () => {
    expect(() => quoteMarketOrder(defaultMarket(), findBestRoute, TOKENS.BONK, SOL, 1n, 50, NOW)).toThrow(expect.objectContaining({ code: 'AMOUNT_TOO_SMALL' }));
  });

  it('maps permanent failures as the worker does', () => {
    const e = (code: ConstructorParameters<typeof DomainError>[0]) => new DomainError(code, 'x');
    expect(permanentFailure(e('SLIPPAGE_EXCEEDED'))).toBe('SLIPPAGE_EXCEEDED');
    expect(permanentFailure(e('AMOUNT_TOO_SMALL'))).toBe('INSUFFICIENT_LIQUIDITY');
    expect(permanentFailure(e('AMOUNT_TOO_LARGE'))).toBe('INSUFFICIENT_LIQUIDITY');
    expect(permanentFailure(e('UNKNOWN_TOKEN'))).toBeUndefined();
    expect(permanentFailure(new Error('boom'))).toBeUndefined();
  });
});

describe('router modes', () => {
  const m = defaultMarket();
  it('a venue view holds only that venue and is cached per market version', () => {
    const v = venueView(m, 'METEORA');
    expect([...v.pools.values()].every((p) => p.venue === 'METEORA')).toBe(true);
    expect(venueView(m, 'METEORA')).toBe(v);
    expect(v.referencePrices).toBe(m.referencePrices);
  });

  it('single-venue modes route on their venue only and fill on the full market', () => {
    for (const [mode, venue] of [['VENUE_RAYDIUM', 'RAYDIUM'], ['VENUE_METEORA', 'METEORA']] as const) {
      const route = routeFnFor(mode);
      const r = route(m, SOL, USDC, 2_000n * 10n ** 9n, NOW);
      expect(r.legs.every((l) => l.venue === venue)).toBe(true);
      const filled = fillMarketOrder(m, route, { tokenIn: SOL, tokenOut: USDC, amountIn: 2_000n * 10n ** 9n, minAmountOut: 0n }, NOW);
      expect(filled.fill.amountOut).toBe(r.amountOut);
      expect(filled.market.pools.size).toBe(m.pools.size);
    }
  });

  it('BEST_SINGLE_VENUE takes the better venue, and SMART is never worse than it', () => {
    const amount = 2_000n * 10n ** 9n;
    const ray = routeFnFor('VENUE_RAYDIUM')(m, SOL, USDC, amount, NOW).amountOut;
    const met = routeFnFor('VENUE_METEORA')(m, SOL, USDC, amount, NOW).amountOut;
    const best = routeFnFor('BEST_SINGLE_VENUE')(m, SOL, USDC, amount, NOW).amountOut;
    expect(best).toBe(ray > met ? ray : met);
    expect(routeFnFor('SMART')(m, SOL, USDC, amount, NOW).amountOut).toBeGreaterThanOrEqual(best);
  });

  it('BEST_SINGLE_VENUE reports the more telling failure when both venues fail', () => {
    // RAY trades on Raydium only: Meteora has no path (NO_ROUTE), and Raydium's vault cannot take
    // this much (AMOUNT_TOO_LARGE), which says more.
    expect(() => routeFnFor('BEST_SINGLE_VENUE')(m, TOKENS.RAY, SOL, 18_446_744_000_000_000_000n, NOW)).toThrow(expect.objectContaining({ code: 'AMOUNT_TOO_LARGE' }));
    expect(() => routeFnFor('VENUE_METEORA')(m, TOKENS.RAY, SOL, 10n ** 6n, NOW)).toThrow(expect.objectContaining({ code: 'NO_ROUTE' }));
  });

  it('parseRouterMode names the field', () => {
    expect(parseRouterMode('SMART', 'f')).toBe('SMART');
    expect(() => parseRouterMode('FAST', 'scenario.routerMode')).toThrow(expect.objectContaining({ code: 'ROUTER_MODE_INVALID', details: expect.objectContaining({ field: 'scenario.routerMode' }) }));
  });
});
