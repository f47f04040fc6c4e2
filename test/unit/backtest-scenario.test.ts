import { describe, expect, it } from 'vitest';
import { validateOrderEntries } from '../../src/domain/backtest/order-entry.js';
import { DEFAULT_START_MS, parseScenario } from '../../src/domain/backtest/scenario.js';
import { DEFAULT_MARKET_SPEC } from '../../src/domain/market/market.js';
import { TOKENS } from '../../src/domain/tokens.js';
import { rawSpec } from '../helpers/market-fixtures.js';

const base = (edit: Record<string, unknown> = {}) => ({ seed: 1, duration: '1h', orders: [], ...edit });

describe('parseScenario', () => {
  it('fills in defaults: the default market, motion every second, no latency, SMART', () => {
    const s = parseScenario(base());
    expect(s.market).toBe(DEFAULT_MARKET_SPEC);
    expect(s).toMatchObject({ seed: 1, startMs: DEFAULT_START_MS, durationMs: 3_600_000, routerMode: 'SMART', latency: { quoteToFillMs: 0, jitterMs: 0 }, sampleIntervalMs: 60_000 });
    expect(s.motion?.intervalMs).toBe(1_000);
    expect(s.launches).toEqual(DEFAULT_MARKET_SPEC.launches);
  });

  it('scales volatility and overrides σ per token', () => {
    const s = parseScenario(base({ motion: { interval: '5s', volatilityScale: 2, sigma: { USDC: 0 } } }));
    expect(s.motion!.volatility.get(TOKENS.SOL.mint)).toBe(0.00025);
    expect(s.motion!.volatility.get(TOKENS.USDC.mint)).toBe(0);
    expect(parseScenario(base({ motion: null })).motion).toBeUndefined();
  });

  it('takes an inline market and its own launches after the spec launches', () => {
    const inline = rawSpec();
    delete inline['launches'];
    const moth = { venue: 'RAYDIUM', baseToken: { mint: '11111111111111111111111111111112', symbol: 'MOTH', decimals: 6, name: 'Moth' }, quoteToken: 'SOL', price: '0.01', baseAmount: '1000000', feeBps: 100 };
    const s = parseScenario(base({ market: inline, launches: [{ after: '10s', pool: moth }] }));
    expect(s.launches.map((l) => [l.afterMs, l.pool.baseToken.symbol])).toEqual([[10_000, 'MOTH']]);
  });

  it.each([
    ['not an object', 7, 'SCENARIO_INVALID', 'scenario'],
    ['a negative seed', base({ seed: -1 }), 'SEED_INVALID', 'scenario.seed'],
    ['a malformed duration', base({ duration: '1 hour' }), 'DURATION_MALFORMED', 'scenario.duration'],
    ['a duration over 30 days', base({ duration: '31d' }), 'DURATION_OUT_OF_RANGE', 'scenario.duration'],
    ['a motion interval too short', base({ motion: { interval: '10ms' } }), 'MOTION_OUT_OF_RANGE', 'scenario.motion.interval'],
    ['a volatility scale too large', base({ motion: { volatilityScale: 1000 } }), 'MOTION_OUT_OF_RANGE', 'scenario.motion.volatilityScale'],
    ['σ for an unknown token', base({ motion: { sigma: { DOGE: 0.001 } } }), 'UNKNOWN_TOKEN', 'scenario.motion.sigma.DOGE'],
    ['a negative σ', base({ motion: { sigma: { SOL: -1 } } }), 'MOTION_OUT_OF_RANGE', 'scenario.motion.sigma.SOL'],
    ['latency over a minute', base({ latency: { quoteToFill: '2m' } }), 'LATENCY_OUT_OF_RANGE', 'scenario.latency.quoteToFill'],
    ['an unknown router mode', base({ routerMode: 'FASTEST' }), 'ROUTER_MODE_INVALID', 'scenario.routerMode'],
    ['orders and a strategy', base({ strategy: { name: 'TWAP' } }), 'SCENARIO_INVALID', 'scenario.orders'],
    ['neither orders nor a strategy', { seed: 1, duration: '1h' }, 'SCENARIO_INVALID', 'scenario.orders'],
    ['an unknown token in an inline market', base({ market: { ...rawSpec(), tokens: { DOGE: { priceUsd: '1', volatilityPerSqrtSecond: 0 } } } }), 'INVALID_MARKET', 'scenario.market.tokens.DOGE'],
    [
      'negative liquidity in an inline market',
      base({ market: { ...rawSpec(), pools: [{ ...(rawSpec()['pools'] as Record<string, unknown>[])[0], depthBase: '-5' }] } }),
      'INVALID_MARKET',
      'scenario.market.pools[0].depthBase',
    ],
    ['a launch with negative liquidity', base({ launches: [{ after: '1m', pool: { venue: 'RAYDIUM', baseToken: { mint: '11111111111111111111111111111112', symbol: 'MOTH', decimals: 6, name: 'Moth' }, quoteToken: 'SOL', price: '1', baseAmount: '-1', feeBps: 30 } }] }), 'AMOUNT_NEGATIVE', 'scenario.launches[0].pool.baseAmount'],
  ])('rejects %s', (_name, input, code, field) => {
    expect(() => parseScenario(input)).toThrow(expect.objectContaining({ code, details: expect.objectContaining({ field }) }));
  });
});

describe('validateOrderEntries', () => {
  const s = parseScenario(base());
  const ok = { at: '1s', type: 'MARKET', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1' };
  it('accepts a list and counts it; a token launched later is known to the scenario', () => {
    expect(validateOrderEntries([ok, { ...ok, at: '90s', tokenOut: 'KITE', clientOrderId: 'k' }, { at: '2m', type: 'CANCEL', clientOrderId: 'k' }], s)).toBe(3);
  });

  it.each([
    ['an unknown token', [{ ...ok, tokenOut: 'DOGE' }], 'UNKNOWN_TOKEN', 'scenario.orders[0].tokenOut'],
    ['out of time order', [{ ...ok, at: '2s' }, ok], 'ORDER_TIME_OUT_OF_RANGE', 'scenario.orders[1].at'],
    ['after the end', [{ ...ok, at: '2h' }], 'ORDER_TIME_OUT_OF_RANGE', 'scenario.orders[0].at'],
    ['an unknown type', [{ ...ok, type: 'OCO' }], 'ORDER_TYPE_INVALID', 'scenario.orders[0].type'],
    ['a zero amount', [{ ...ok, amountIn: '0' }], 'AMOUNT_ZERO', 'scenario.orders[0].amountIn'],
    ['a bad slippage', [{ ...ok, slippageBps: 9999 }], 'SLIPPAGE_OUT_OF_RANGE', 'scenario.orders[0].slippageBps'],
    ['a bad limit price', [{ ...ok, type: 'LIMIT', limitPrice: 'abc' }], 'PRICE_MALFORMED', 'scenario.orders[0].limitPrice'],
    ['a duplicate id', [ok, { ...ok, clientOrderId: 'o0' }], 'DUPLICATE_CLIENT_ORDER_ID', 'scenario.orders[1].clientOrderId'],
    ['a cancel of nothing', [{ at: 0, type: 'CANCEL', clientOrderId: 'x' }], 'ORDER_NOT_FOUND', 'scenario.orders[0].clientOrderId'],
    ['a bad client order id', [{ ...ok, clientOrderId: 'has space' }], 'CLIENT_ORDER_ID_INVALID', 'scenario.orders[0].clientOrderId'],
  ])('rejects %s', (_name, entries, code, field) => {
    expect(() => validateOrderEntries(entries, s)).toThrow(expect.objectContaining({ code, details: expect.objectContaining({ field }) }));
  });
});
