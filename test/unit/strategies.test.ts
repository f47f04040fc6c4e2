import { describe, expect, it } from 'vitest';
import { createStrategy } from '../../src/domain/strategy/registry.js';
import { collect } from '../helpers/backtest-fixtures.js';

const T0 = 1_700_000_000_000;

describe('TWAP in the backtester', () => {
  const run = collect({ seed: 11, duration: '10m', strategy: { name: 'TWAP', params: { tokenIn: 'SOL', tokenOut: 'USDC', totalAmount: '100', slices: 7, duration: '7m', startAfter: '30s' } } });

  it('sends N market slices of exact atoms at even intervals', () => {
    expect(run.results.map((r) => r.clientOrderId)).toEqual(['twap-1', 'twap-2', 'twap-3', 'twap-4', 'twap-5', 'twap-6', 'twap-7']);
    expect(run.results.map((r) => (r.submittedAtMs - T0) / 1000)).toEqual([30, 90, 150, 210, 270, 330, 390]);
    // 100 SOL / 7: 14.285714285 each, the first 5 one lamport more.
    expect(run.results.map((r) => r.amountIn)).toEqual([...Array(5).fill(14_285_714_286n), 14_285_714_285n, 14_285_714_285n]);
    expect(run.results.reduce((s, r) => s + r.amountIn, 0n)).toBe(100n * 10n ** 9n);
  });

  it('fills at the figures this seed gives', () => {
    expect(run.results.map((r) => r.amountOut)).toEqual([2_141_784_533n, 2_141_784_533n, 2_142_639_875n, 2_144_350_211n, 2_144_350_211n, 2_142_638_160n, 2_140_061_771n]);
  });
});

describe('iceberg in the backtester', () => {
  const run = collect({
    seed: 12,
    duration: '30m',
    motion: { volatilityScale: 3 },
    strategy: { name: 'ICEBERG', params: { tokenIn: 'SOL', tokenOut: 'USDC', totalAmount: '50', visibleAmount: '12', limitPrice: '151', expiresAfter: '3m' } },
  });

  it('shows one slice at a time, refreshes expired ones, and refills after each fill until the total is done', () => {
    expect(run.results.map((r) => [r.status, (r.endedAtMs - T0) / 1000])).toEqual([
      ['EXPIRED', 180],
      ['EXPIRED', 360],
      ['FILLED', 394],
      ['FILLED', 394],
      ['FILLED', 394],
      ['FILLED', 394],
      ['FILLED', 394],
    ]);
    const filled = run.results.filter((r) => r.status === 'FILLED');
    expect(filled.reduce((s, r) => s + r.amountIn, 0n)).toBe(50n * 10n ** 9n);
    expect(filled.map((r) => r.amountOut)).toEqual([1_812_402_493n, 1_812_402_493n, 1_812_402_493n, 1_812_402_493n, 302_067_082n]);
    // Never below the limit: 151 USDC per SOL.
    for (const r of filled) expect(r.amountOut! * 10n ** 9n).toBeGreaterThanOrEqual(r.amountIn * 151n * 10n ** 6n);
  });
});

describe('mean reversion in the backtester', () => {
  const run = collect({
    seed: 13,
    duration: '2h',
    motion: { interval: '5s', volatilityScale: 10 },
    strategy: { name: 'MEAN_REVERSION', params: { base: 'SOL', quote: 'USDC', window: 60, entryZ: 1.5, exitZ: 0.5, tradeAmount: '1000', maxPosition: '20', slippageBps: 100 } },
  });

  it('buys fixed quote amounts below the mean and sells the oldest lot above it, within its cap', () => {
    const buys = run.results.filter((r) => r.tokenIn === 'USDC');
    const sells = run.results.filter((r) => r.tokenIn === 'SOL');
    expect([run.results.length, buys.length, sells.length]).toEqual([75, 39, 36]);
    expect(buys.every((b) => b.amountIn === 1_000n * 10n ** 6n)).toBe(true);
    // Each sell is exactly a lot an earlier buy filled, oldest first.
    expect(sells.map((s) => s.amountIn)).toEqual(buys.slice(0, sells.length).map((b) => b.amountOut));
    let position = 0n;
    let peak = 0n;
    for (const r of run.results) {
      position += r.tokenIn === 'USDC' ? r.amountOut! : -r.amountIn;
      if (position > peak) peak = position;
    }
    // The cap is 20 SOL; the position passes it by less than one lot.
    expect(peak).toBe(21_202_026_192n);
    expect(run.results.slice(0, 4).map((r) => [r.tokenIn, r.amountOut, (r.submittedAtMs - T0) / 1000])).toEqual([
      ['USDC', 6_703_804_717n, 745],
      ['USDC', 6_698_685_092n, 750],
      ['USDC', 6_690_948_706n, 765],
      ['SOL', 1_007_458_721n, 880],
    ]);
  });
});

describe('strategy params', () => {
  const twap = { tokenIn: 'SOL', tokenOut: 'USDC', totalAmount: '1', slices: 4, duration: '1m' };
  const iceberg = { tokenIn: 'SOL', tokenOut: 'USDC', totalAmount: '10', visibleAmount: '1', limitPrice: '150' };
  const mr = { base: 'SOL', quote: 'USDC', window: 20, entryZ: 2, tradeAmount: '100', maxPosition: '5' };
  it.each([
    ['TWAP', { ...twap, slices: 0 }, 'STRATEGY_PARAM_OUT_OF_RANGE', 'params.slices'],
    ['TWAP', { ...twap, slices: 2.5 }, 'STRATEGY_PARAM_INVALID', 'params.slices'],
    ['TWAP', { ...twap, duration: '40d' }, 'STRATEGY_PARAM_OUT_OF_RANGE', 'params.duration'],
    ['TWAP', { ...twap, totalAmount: '-1' }, 'STRATEGY_PARAM_INVALID', 'params.totalAmount'],
    ['TWAP', { ...twap, slippageBps: 6000 }, 'STRATEGY_PARAM_OUT_OF_RANGE', 'params.slippageBps'],
    ['TWAP', 'nope', 'STRATEGY_PARAM_INVALID', 'params'],
    ['ICEBERG', { ...iceberg, limitPrice: '1e3' }, 'STRATEGY_PARAM_INVALID', 'params.limitPrice'],
    ['ICEBERG', { ...iceberg, maxFailures: 101 }, 'STRATEGY_PARAM_OUT_OF_RANGE', 'params.maxFailures'],
    ['MEAN_REVERSION', { ...mr, window: 2 }, 'STRATEGY_PARAM_OUT_OF_RANGE', 'params.window'],
    ['MEAN_REVERSION', { ...mr, entryZ: 20 }, 'STRATEGY_PARAM_OUT_OF_RANGE', 'params.entryZ'],
    ['MEAN_REVERSION', { ...mr, exitZ: 3 }, 'STRATEGY_PARAM_OUT_OF_RANGE', 'params.exitZ'],
    ['MEAN_REVERSION', { ...mr, base: '' }, 'STRATEGY_PARAM_INVALID', 'params.base'],
    ['GRID', {}, 'STRATEGY_UNKNOWN', 'scenario.strategy.name'],
  ])('%s rejects %j', (name, params, code, field) => {
    expect(() => createStrategy(name, params)).toThrow(expect.objectContaining({ code, details: expect.objectContaining({ field }) }));
  });

  it('checks what needs the market when the run starts', () => {
    const fail = (params: Record<string, unknown>) => () => collect({ seed: 1, duration: '2m', strategy: { name: 'TWAP', params } });
    expect(fail({ ...twap, totalAmount: '0.0000000001' })).toThrow(expect.objectContaining({ reason: expect.objectContaining({ code: 'STRATEGY_PARAM_OUT_OF_RANGE', field: 'params.totalAmount' }) }));
    expect(fail({ ...twap, totalAmount: '0.000000003' })).toThrow(expect.objectContaining({ reason: expect.objectContaining({ code: 'STRATEGY_PARAM_OUT_OF_RANGE', field: 'params.slices' }) }));
    expect(fail({ ...twap, tokenOut: 'DOGE' })).toThrow(expect.objectContaining({ reason: expect.objectContaining({ code: 'UNKNOWN_TOKEN', field: 'params.tokenOut' }) }));
  });
});
