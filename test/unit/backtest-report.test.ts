import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, CSV_HEADER, csvLine } from '../../src/domain/backtest/csv.js';
import { Histogram } from '../../src/domain/backtest/histogram.js';
import { ReportAggregator } from '../../src/domain/backtest/report.js';
import type { OrderResult } from '../../src/domain/backtest/results.js';
import { TOKENS } from '../../src/domain/tokens.js';

/** Nearest-rank percentile of the exact values (the reference the histogram approximates). */
function exact(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
}

describe('Histogram', () => {
  it('keeps percentiles within its stated error bound', () => {
    const value = fc.oneof(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(0));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 400 }), fc.constantFrom(50, 95, 99), (values, p) => {
        const h = new Histogram();
        for (const v of values) h.add(v);
        const want = exact(values, p);
        const got = h.percentile(p);
        const bound = Math.abs(want) < 1 ? 0.005 + 1e-12 : Math.abs(want) * 0.005 + 1e-9;
        expect(Math.abs(got - want)).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 300 },
    );
  });

  it('summarises exactly where it can', () => {
    const h = new Histogram();
    for (const v of [1, 2, 3, -4]) h.add(v);
    expect(h.summary()).toMatchObject({ count: 4, mean: 0.5, min: -4, max: 3 });
    expect(new Histogram().summary().count).toBe(0);
  });
});

const filled: OrderResult = {
  clientOrderId: 'a,"b"',
  type: 'MARKET',
  status: 'FILLED',
  code: undefined,
  tokenIn: 'SOL',
  tokenOut: 'USDC',
  mintIn: TOKENS.SOL.mint,
  mintOut: TOKENS.USDC.mint,
  decimalsIn: 9,
  decimalsOut: 6,
  amountIn: 1_500_000_000n,
  submittedAtMs: 1_000,
  triggeredAtMs: undefined,
  endedAtMs: 3_601_000,
  quotedOut: 225_000_000n,
  minAmountOut: 223_875_000n,
  amountOut: 224_977_500n,
  slippageBps: 1,
  priceImpactPpm: 123,
  routeKind: 'SPLIT',
  venues: 'RAYDIUM+METEORA',
  fees: [{ mint: TOKENS.SOL.mint, amount: 3_000_000n }],
  bestSingleVenueOut: 224_900_000n,
  savingsBps: 3.44,
};
const failed: OrderResult = { ...filled, clientOrderId: 'f', status: 'FAILED', code: 'SLIPPAGE_EXCEEDED', amountOut: undefined, slippageBps: undefined, priceImpactPpm: undefined, routeKind: undefined, venues: undefined, fees: [], bestSingleVenueOut: undefined, savingsBps: undefined };

describe('csv', () => {
  it('writes a header and one quoted, decimal line per result', () => {
    expect(CSV_HEADER).toBe(`${CSV_COLUMNS.join(',')}\n`);
    expect(csvLine(filled)).toBe(
      `"a,""b""",MARKET,FILLED,,SOL,USDC,1.5,1000,,3601000,225,223.875,224.9775,1,1.23,SPLIT,RAYDIUM+METEORA,3000000 ${TOKENS.SOL.mint},224.9,3.44\n`,
    );
    expect(csvLine(failed).split(',').length).toBe(CSV_COLUMNS.length);
  });
});

describe('ReportAggregator', () => {
  it('counts, rates and sums per group', () => {
    const agg = new ReportAggregator(1_000);
    agg.add(filled);
    agg.add(filled);
    agg.add(failed);
    agg.add({ ...failed, clientOrderId: 'r', status: 'REJECTED', code: 'NO_ROUTE', type: 'LIMIT' });
    const r = agg.report();
    expect(r.all).toMatchObject({ orders: 4, filled: 2, failed: 1, rejected: 1, fillRate: 0.666667, failuresByCode: { NO_ROUTE: 1, SLIPPAGE_EXCEEDED: 1 } });
    expect(r.all.savings).toEqual({ meanBps: 3.44, fillsCompared: 2, atomsByMint: { [TOKENS.USDC.mint]: '155000' } });
    expect(r.all.feesByMint).toEqual({ [TOKENS.SOL.mint]: '6000000' });
    expect(r.all.priceImpactBps).toMatchObject({ count: 2, mean: 1.23 });
    expect(Object.keys(r.byHour)).toEqual(['1']);
    expect(Object.keys(r.byType)).toEqual(['LIMIT', 'MARKET']);
    expect(Object.keys(r.byVenue)).toEqual(['RAYDIUM+METEORA']);
    expect(r.byPair['SOL/USDC']!.orders).toBe(4);
  });
});
