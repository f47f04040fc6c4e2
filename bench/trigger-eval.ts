import { evaluateAll } from '../src/domain/conditional/evaluate.js';
import { TriggerIndex } from '../src/domain/conditional/trigger-index.js';
import type { ConditionalOrder } from '../src/domain/conditional/types.js';
import { isDomainError } from '../src/domain/errors.js';
import { quoteAndExecute } from '../src/domain/execute.js';
import { buildMarket, DEFAULT_MARKET_SPEC, type MarketState } from '../src/domain/market/market.js';
import { stepMarket } from '../src/domain/market/motion.js';
import { createRng, type Rng } from '../src/domain/rng.js';
import { findBestRoute } from '../src/domain/router.js';
import { TOKENS, type Token } from '../src/domain/tokens.js';
import { percentile } from './lib/stats.js';

/**
 * One market change against 10,000 resting limit and stop orders over every routable pair of the
 * default market: how long the trigger index takes to say which fire, next to evaluating every
 * order exactly (the brute force), in the same run. Changes alternate between a motion step (every
 * reference price moves over 60 s, arbitrage moves the pools that drifted past their fee, and every
 * DLMM changes fee regime) and a large fill (1,000 SOL, $150k, into USDC).
 * Orders rest 0.2-5% away from their executable price (limits above, stops below), so most do not
 * fire and the work is deciding that.
 *
 * Run: npx tsx bench/trigger-eval.ts [--orders 10000] [--trials 40]
 */

const NOW = 1_700_000_000;
const USD: Record<string, number> = { SOL: 150, USDC: 1, USDT: 1, BONK: 0.00002, JUP: 0.8, RAY: 2.5 };
const TRADED: readonly Token[] = [TOKENS.SOL, TOKENS.USDC, TOKENS.USDT, TOKENS.BONK, TOKENS.JUP, TOKENS.RAY];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function drawOrders(market: MarketState, count: number, rng: Rng): ConditionalOrder[] {
  const orders: ConditionalOrder[] = [];
  while (orders.length < count) {
    const a = TRADED[rng.int(TRADED.length)]!;
    const b = TRADED[rng.int(TRADED.length)]!;
    if (a.mint === b.mint) continue;
    const usd = 10 ** (1 + rng.next() * 4);
    const amountIn = BigInt(Math.max(1, Math.round((usd / USD[a.symbol]!) * 10 ** a.decimals)));
    let out: bigint;
    try {
      out = findBestRoute(market, a, b, amountIn, NOW).amountOut;
    } catch (e) {
      if (isDomainError(e)) continue;
      throw e;
    }
    const awayPpm = BigInt(2_000 + rng.int(48_000));
    const id = `o${orders.length}`;
    if (rng.next() < 0.5) {
      const minAmountOut = (out * (1_000_000n + awayPpm)) / 1_000_000n + 1n;
      orders.push({ kind: 'LIMIT', id, tokenIn: a, tokenOut: b, amountIn, expiresAtMs: undefined, limitPrice: { num: minAmountOut, den: amountIn }, minAmountOut });
    } else {
      const triggerAtoms = (out * (1_000_000n - awayPpm)) / 1_000_000n;
      if (triggerAtoms <= 0n) continue;
      orders.push({ kind: 'STOP', id, tokenIn: a, tokenOut: b, amountIn, expiresAtMs: undefined, stopPrice: { num: triggerAtoms, den: amountIn }, triggerAtoms, slippageBps: 100 });
    }
  }
  return orders;
}

/** A motion step of STEP_SEC (prices move past the pools' fees, DLMM fee regimes change), or a fill. */
const STEP_SEC = 60;

function change(market: MarketState, trial: number, rng: Rng): MarketState {
  if (trial % 2 === 0) return stepMarket(market, rng, STEP_SEC, NOW + STEP_SEC);
  return quoteAndExecute(market, TOKENS.SOL, TOKENS.USDC, 1_000n * 10n ** 9n, 0n, NOW + STEP_SEC).market;
}

export interface TriggerEvalResult {
  readonly restingOrders: number;
  readonly trials: number;
  readonly index: { readonly p50Ms: number; readonly p99Ms: number; readonly examinedP50: number; readonly examinedMax: number; readonly gridSearchesP50: number };
  readonly bruteForce: { readonly p50Ms: number; readonly p99Ms: number };
  readonly speedupP50: number;
  readonly firedPerChange: number;
  readonly agreement: boolean;
  readonly byChange: Record<string, unknown>;
}

/** Runs the measurement (the first two trials warm the JIT and are not counted). */
export function benchTriggerEval(opts: { readonly orders?: number; readonly trials?: number } = {}): TriggerEvalResult {
  const count = opts.orders ?? 10_000;
  const trials = opts.trials ?? 40;
  const market = buildMarket(DEFAULT_MARKET_SPEC, NOW);
  const orders = drawOrders(market, count, createRng(7));
  const indexMs: number[] = [];
  const bruteMs: number[] = [];
  const examined: number[] = [];
  const grid: number[] = [];
  const byKind: Record<string, { index: number[]; brute: number[]; fired: number[] }> = { motion: { index: [], brute: [], fired: [] }, fill: { index: [], brute: [], fired: [] } };
  let firedIndex = 0;
  let firedBrute = 0;
  for (let t = -2; t < trials; t++) {
    // The first two trials warm the JIT and are not counted.
    const next = change(market, t + 2, createRng(100 + t));
    const index = new TriggerIndex();
    for (const o of orders) index.add(o);
    index.evaluate(market, NOW);
    const resting = index.orders();
    const t0 = performance.now();
    const fired = index.evaluate(next, NOW + STEP_SEC);
    const t1 = performance.now();
    const brute = evaluateAll(resting, next, NOW + STEP_SEC, findBestRoute);
    const t2 = performance.now();
    if (fired.map((f) => f.order.id).join() !== brute.map((f) => f.order.id).join()) throw new Error(`trial ${t}: the index and the brute force disagree`);
    if (t < 0) continue;
    indexMs.push(t1 - t0);
    bruteMs.push(t2 - t1);
    examined.push(index.lastStats.examined);
    grid.push(index.lastStats.gridSearches);
    const kind = byKind[(t + 2) % 2 === 0 ? 'motion' : 'fill']!;
    kind.index.push(t1 - t0);
    kind.brute.push(t2 - t1);
    kind.fired.push(fired.length);
    firedIndex += fired.length;
    firedBrute += brute.length;
  }

  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    restingOrders: orders.length,
    trials,
    index: {
      p50Ms: round(percentile(indexMs, 50)),
      p99Ms: round(percentile(indexMs, 99)),
      examinedP50: percentile(examined, 50),
      examinedMax: Math.max(...examined),
      gridSearchesP50: percentile(grid, 50),
    },
    bruteForce: { p50Ms: round(percentile(bruteMs, 50)), p99Ms: round(percentile(bruteMs, 99)) },
    speedupP50: round(percentile(bruteMs, 50) / percentile(indexMs, 50)),
    firedPerChange: round(firedIndex / trials),
    agreement: firedIndex === firedBrute,
    byChange: Object.fromEntries(
      Object.entries(byKind).map(([k, v]) => [
        k,
        { indexP50Ms: round(percentile(v.index, 50)), indexP99Ms: round(percentile(v.index, 99)), bruteP50Ms: round(percentile(v.brute, 50)), firedP50: percentile(v.fired, 50) },
      ]),
    ),
  };
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('trigger-eval.ts');
if (isMain) console.log(JSON.stringify(benchTriggerEval({ orders: arg('orders', 10_000), trials: arg('trials', 40) }), null, 2));
