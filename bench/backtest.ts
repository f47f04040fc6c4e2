import { loadavg } from 'node:os';
import { createBacktest } from '../src/domain/backtest/run.js';
import { ReportAggregator } from '../src/domain/backtest/report.js';
import { parseScenario } from '../src/domain/backtest/scenario.js';
import { parseOrderAmount } from '../src/domain/amount.js';
import { buildMarket, DEFAULT_MARKET_SPEC } from '../src/domain/market/market.js';
import { launchPool } from '../src/domain/market/launch.js';
import { findMarketToken } from '../src/domain/market/market-tokens.js';
import { fillMarketOrder, quoteMarketOrder } from '../src/domain/order-flow.js';
import { createRng } from '../src/domain/rng.js';
import { routeFnFor, type RouterMode } from '../src/domain/router-mode.js';
import { benchRouteSearch } from './route-search.js';

/**
 * A backtest of N small market orders ($1 to $1,000, log-uniform) on the default market, in
 * process: orders/s next to the route-search baseline measured in the same run, and peak memory
 * (the results stream to a report aggregator and a counting sink, so memory should stay flat).
 * Orders go every 10 simulated ms over the default market's pairs (the launched KITE included once
 * it exists), motion ticks every simulated second, zero latency unless --latency.
 *
 * Two baselines from the same run: the router's route searches on a market that does not change
 * (bench/route-search.ts: every pool's quoter cached), and the bare domain loop, the same orders'
 * domain calls one after another (quoteMarketOrder, fillMarketOrder) with nothing else around them:
 * the ceiling for any simulator that makes the live path's calls on a market each fill changes.
 *
 * Run: npx tsx bench/backtest.ts [--orders 1000000] [--latency 0] [--mode SMART] [--no-baseline]
 */

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const SPACING_MS = 10;

/** Pairs and their input's USD price (to size orders): every default-market pair with a route. */
const PAIRS: readonly (readonly [string, string, number, number])[] = [
  ['SOL', 'USDC', 150, 9],
  ['USDC', 'SOL', 1, 6],
  ['SOL', 'USDT', 150, 9],
  ['USDT', 'USDC', 1, 6],
  ['USDC', 'USDT', 1, 6],
  ['BONK', 'SOL', 0.00002, 5],
  ['SOL', 'BONK', 150, 9],
  ['BONK', 'USDC', 0.00002, 5],
  ['JUP', 'USDC', 0.8, 6],
  ['USDC', 'JUP', 1, 6],
  ['JUP', 'SOL', 0.8, 6],
  ['RAY', 'SOL', 2.5, 6],
  ['RAY', 'USDC', 2.5, 6],
  ['USDC', 'KITE', 1, 6],
  ['KITE', 'SOL', 0.05, 6],
];

/** The orders, drawn lazily: one small object per order, nothing kept. */
function* orders(count: number): Generator<unknown> {
  const rng = createRng(99);
  for (let i = 0; i < count; i++) {
    let pair = PAIRS[rng.int(PAIRS.length)]!;
    // KITE launches a minute in: before that, trade SOL/USDC instead.
    if (i * SPACING_MS < 61_000 && (pair[0] === 'KITE' || pair[1] === 'KITE')) pair = PAIRS[0]!;
    const usd = 10 ** (rng.next() * 3);
    const whole = usd / pair[2];
    const decimals = Math.min(pair[3], 6);
    const amountIn = (Math.max(1, Math.round(whole * 10 ** decimals)) / 10 ** decimals).toFixed(decimals);
    yield { at: i * SPACING_MS, type: 'MARKET', tokenIn: pair[0], tokenOut: pair[1], amountIn, slippageBps: 100 };
  }
}

export interface BenchBacktestOptions {
  /** Market orders in the run (default 1,000,000). */
  readonly orders?: number;
  /** Simulated ms from quote to fill (default 0). */
  readonly latency?: number;
  readonly mode?: RouterMode;
  /** Skip the two same-run baselines (route searches, bare domain loop). */
  readonly noBaseline?: boolean;
}

/** Runs one backtest as described above; returns its figures. */
export async function benchBacktest(opts: BenchBacktestOptions = {}): Promise<Record<string, unknown>> {
  const ORDERS = opts.orders ?? 1_000_000;
  const LATENCY = opts.latency ?? 0;
  const MODE = opts.mode ?? 'SMART';
  const noBaseline = opts.noBaseline ?? false;
  const scenario = parseScenario({
    seed: 7,
    duration: ORDERS * SPACING_MS + 1_000,
    market: 'default',
    motion: { interval: '1s' },
    latency: { quoteToFill: LATENCY },
    routerMode: MODE,
    sampleInterval: '5m',
    orders: orders(ORDERS),
  });

  let peakRss = 0;
  let peakHeap = 0;
  /** Samples memory (peaks kept); returns the heap in use. */
  const memory = (): number => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    return m.heapUsed;
  };
  /** The same orders' domain calls with nothing around them (no motion, no events, no results). */
  function bareLoop(count: number): { perSec: number; perCpuSec: number } {
    const nowSec = Math.floor(scenario.startMs / 1000);
    let market = buildMarket(DEFAULT_MARKET_SPEC, nowSec);
    for (const l of DEFAULT_MARKET_SPEC.launches) market = launchPool(market, l.pool, nowSec);
    const route = routeFnFor(MODE as RouterMode);
    const t = performance.now();
    const c0 = process.cpuUsage();
    let n = 0;
    for (const raw of orders(count)) {
      const o = raw as { tokenIn: string; tokenOut: string; amountIn: string; slippageBps: number; at: number };
      const tokenIn = findMarketToken(market, o.tokenIn)!;
      const tokenOut = findMarketToken(market, o.tokenOut)!;
      const amountIn = parseOrderAmount(o.amountIn, tokenIn);
      const now = nowSec + Math.floor(o.at / 1000);
      const q = quoteMarketOrder(market, route, tokenIn, tokenOut, amountIn, o.slippageBps, now);
      market = fillMarketOrder(market, route, { tokenIn, tokenOut, amountIn, minAmountOut: q.minAmountOut }, now, { market, nowSec: now, route: q.route }).market;
      n++;
    }
    const c = process.cpuUsage(c0);
    return { perSec: Math.round(n / ((performance.now() - t) / 1000)), perCpuSec: Math.round(n / ((c.user + c.system) / 1e6)) };
  }

  const report = new ReportAggregator(scenario.startMs);
  let results = 0;
  const heapAtPercent: number[] = [];

  const baseline: Record<string, unknown> = noBaseline ? {} : await benchRouteSearch({ seconds: 1, warmupSeconds: 0.3, only: ['directSplit', 'twoHop', 'largeSplit'] });
  const bareCount = Math.min(ORDERS, 100_000);
  const barePerSec = noBaseline ? undefined : bareLoop(bareCount);
  memory();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const run = createBacktest(scenario, {
    onResult: (r) => {
      results++;
      report.add(r);
    },
    onProgress: (p) => {
      const heap = memory();
      if (Math.round(p.fraction * 100) % 10 === 0) heapAtPercent.push(Math.round(heap / 1e6));
    },
  });
  const summary = run.run();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  memory();
  const all = report.report().all;

  return {
    orders: summary.orders,
    filled: summary.filled,
    failuresByCode: all.failuresByCode,
    events: summary.events,
    seconds: Math.round(seconds * 100) / 100,
    ordersPerSec: Math.round(summary.orders / seconds),
    // CPU time of this process (GC threads included): less sensitive to other load on the machine.
    ordersPerCpuSec: Math.round(summary.orders / cpuSeconds),
    loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
    routeSearchBaselinePerSec: { directSplit: baseline['directSplitPerSec'], largeSplit: baseline['largeSplitPerSec'], twoHop: baseline['twoHopPerSec'] },
    bareDomainLoop: { orders: bareCount, ...barePerSec },
    simulatedHours: Math.round((summary.endMs - summary.startMs) / 36_000) / 100,
    peakRssMB: Math.round(peakRss / 1e6),
    peakHeapMB: Math.round(peakHeap / 1e6),
    heapMBAtEvery10Percent: heapAtPercent,
    slippageBps: all.slippageBps,
    savingsMeanBps: all.savings.meanBps,
  };
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('backtest.ts');
if (isMain) {
  const figures = await benchBacktest({ orders: Number(arg('orders', '1000000')), latency: Number(arg('latency', '0')), mode: arg('mode', 'SMART') as RouterMode, noBaseline: process.argv.includes('--no-baseline') });
  console.log(JSON.stringify(figures, null, 2));
}
