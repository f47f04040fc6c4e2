import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../src/domain/backtest/csv.js';
import { ReportAggregator } from '../../src/domain/backtest/report.js';
import { DEFAULT_START_MS } from '../../src/domain/backtest/scenario.js';
import { ROUTER_MODES } from '../../src/domain/router-mode.js';
import { collect, stable } from '../helpers/backtest-fixtures.js';

const PAIRS = [
  ['SOL', 'USDC', '3', '150'],
  ['USDC', 'SOL', '400', '0.0066'],
  ['BONK', 'USDC', '50000000', '0.00002'],
  ['JUP', 'SOL', '500', '0.0053'],
  ['USDC', 'KITE', '200', '20'],
] as const;

const orderArb = fc.record({
  gapMs: fc.integer({ min: 0, max: 4_000 }),
  pair: fc.nat(PAIRS.length - 1),
  kind: fc.constantFrom('MARKET', 'MARKET', 'LIMIT', 'STOP', 'CANCEL'),
  scale: fc.integer({ min: 1, max: 50 }),
  offsetPct: fc.integer({ min: -3, max: 3 }),
});

const scenarioArb = fc.record({
  seed: fc.nat(),
  routerMode: fc.constantFrom(...ROUTER_MODES),
  latencyMs: fc.constantFrom(0, 300, 1_500),
  jitterMs: fc.constantFrom(0, 400),
  volatilityScale: fc.constantFrom(0, 1, 20),
  orders: fc.array(orderArb, { maxLength: 30 }),
  strategy: fc.option(fc.constantFrom('TWAP', 'MEAN_REVERSION'), { nil: undefined }),
});

type Case = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function input(c: Case): Record<string, unknown> {
  const base = { seed: c.seed, duration: '3m', routerMode: c.routerMode, latency: { quoteToFill: c.latencyMs, jitter: c.jitterMs }, motion: { interval: '500ms', volatilityScale: c.volatilityScale }, sampleInterval: '30s' };
  if (c.strategy === 'TWAP') return { ...base, strategy: { name: 'TWAP', params: { tokenIn: 'USDC', tokenOut: 'SOL', totalAmount: '5000', slices: 9, duration: '2m' } } };
  if (c.strategy === 'MEAN_REVERSION') return { ...base, strategy: { name: 'MEAN_REVERSION', params: { base: 'SOL', quote: 'USDC', window: 10, entryZ: 1, tradeAmount: '500', maxPosition: '10' } } };
  let at = 0;
  let last: string | undefined;
  const orders = c.orders.flatMap((o, i) => {
    at += o.gapMs;
    const [tokenIn, tokenOut, amount, price] = PAIRS[o.pair]!;
    const amountIn = String(Number(amount) * o.scale);
    const level = (Number(price) * (1 + o.offsetPct / 100)).toPrecision(6);
    // A cancel names the latest order (open or not: cancelling a filled one is a no-op).
    if (o.kind === 'CANCEL') return last === undefined ? [] : [{ at, type: 'CANCEL', clientOrderId: last }];
    last = `o${i}`;
    if (o.kind === 'LIMIT') return [{ at, type: 'LIMIT', tokenIn, tokenOut, amountIn, limitPrice: level, expiresAfter: '1m', clientOrderId: last }];
    if (o.kind === 'STOP') return [{ at, type: 'STOP', tokenIn, tokenOut, amountIn, stopPrice: level, slippageBps: 200, clientOrderId: last }];
    return [{ at, type: 'MARKET', tokenIn, tokenOut, amountIn, slippageBps: 30, clientOrderId: last }];
  });
  return { ...base, orders };
}

function everything(c: Case): string {
  const run = collect(input(c));
  const report = new ReportAggregator(DEFAULT_START_MS);
  for (const r of run.results) report.add(r);
  return stable({ csv: run.results.map(csvLine).join(''), results: run.results, samples: run.samples, progress: run.progress, report: report.report(), summary: { ...run.summary, market: [...run.summary.market.pools] } });
}

describe('backtest determinism', () => {
  it('the same scenario and seed give byte-identical results, samples and report', () => {
    fc.assert(
      fc.property(scenarioArb, (c) => {
        expect(everything(c)).toBe(everything(c));
      }),
      { numRuns: 25 },
    );
  });

  it('another seed moves the market another way', () => {
    const c: Case = { seed: 1, routerMode: 'SMART', latencyMs: 300, jitterMs: 400, volatilityScale: 20, orders: [], strategy: 'TWAP' };
    expect(everything(c)).not.toBe(everything({ ...c, seed: 2 }));
  });
});
