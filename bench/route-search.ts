import { buildMarket, DEFAULT_MARKET_SPEC, type MarketState } from '../src/domain/market/market.js';
import { findBestRoute } from '../src/domain/router.js';
import { createRng } from '../src/domain/rng.js';
import { TOKENS, type Token } from '../src/domain/tokens.js';

/**
 * In-process route searches per second on the default market. Each scenario cycles through a
 * pre-drawn set of distinct amounts (log-uniform over a realistic range), so no case is trivially
 * repeated; a warm-up lets the JIT settle before timing.
 *
 * Run: npx tsx bench/route-search.ts [--seconds 2] [--only name,name]
 */

export interface BenchRouteSearchOptions {
  /** Timed seconds per scenario (default 2). */
  readonly seconds?: number;
  /** Warm-up seconds per scenario (default 0.5). */
  readonly warmupSeconds?: number;
  readonly seed?: number;
  /** Unix seconds the market is built at and quoted for. */
  readonly nowSec?: number;
  /** Run only these scenarios (names as in the result keys, without "PerSec"). */
  readonly only?: readonly string[];
}

interface Scenario {
  readonly name: string;
  readonly tokenIn: Token;
  readonly tokenOut: Token;
  /** Whole-token range, log-uniform. */
  readonly min: number;
  readonly max: number;
}

export interface ScenarioResult {
  readonly perSec: number;
  readonly usPerQuote: number;
  /** How often each route kind was chosen across the timed run. */
  readonly kinds: Readonly<Record<string, number>>;
}

const SCENARIOS: readonly Scenario[] = [
  // The typical quote the GraphQL endpoint serves: SOL/USDC, split considered on every call.
  { name: 'directSplit', tokenIn: TOKENS.SOL, tokenOut: TOKENS.USDC, min: 1, max: 100 },
  { name: 'directSplitReverse', tokenIn: TOKENS.USDC, tokenOut: TOKENS.SOL, min: 150, max: 15_000 },
  // Large orders where splitting actually happens: across the pair's venues, and (past a few
  // hundred SOL) across a second path through USDT as well.
  { name: 'largeSplit', tokenIn: TOKENS.SOL, tokenOut: TOKENS.USDC, min: 300, max: 3000 },
  // No direct pool: BONK → SOL → USDC, about $20 to $20,000.
  { name: 'twoHop', tokenIn: TOKENS.BONK, tokenOut: TOKENS.USDC, min: 1e6, max: 1e9 },
  // Direct pool AND a two-hop path through USDC that must be compared.
  { name: 'directVsTwoHop', tokenIn: TOKENS.SOL, tokenOut: TOKENS.USDT, min: 1, max: 100 },
  // The other two-hop pairs: JUP → USDC → SOL (first hop split-capable) and RAY → SOL → USDC.
  { name: 'twoHopJupSol', tokenIn: TOKENS.JUP, tokenOut: TOKENS.SOL, min: 25, max: 25_000 },
  { name: 'twoHopRayUsdc', tokenIn: TOKENS.RAY, tokenOut: TOKENS.USDC, min: 8, max: 8000 },
  // Three hops, through SOL then USDC (no shorter path exists): about $20 to $20,000.
  { name: 'threeHopBonkJup', tokenIn: TOKENS.BONK, tokenOut: TOKENS.JUP, min: 1e6, max: 1e9 },
  { name: 'threeHopRayJup', tokenIn: TOKENS.RAY, tokenOut: TOKENS.JUP, min: 8, max: 8000 },
  // Dust (≈ $0.015 … $7.5): outputs so small that atom rounding exceeds the split tolerance, so the
  // router's exact refinement runs instead of the float fast path.
  { name: 'dust', tokenIn: TOKENS.SOL, tokenOut: TOKENS.USDC, min: 0.0001, max: 0.05 },
];

const AMOUNT_COUNT = 4096;

function drawAmounts(s: Scenario, seed: number): bigint[] {
  const rng = createRng(seed);
  const lo = Math.log(s.min);
  const hi = Math.log(s.max);
  const scale = 10 ** s.tokenIn.decimals;
  const out: bigint[] = [];
  for (let i = 0; i < AMOUNT_COUNT; i++) {
    const whole = Math.exp(lo + (hi - lo) * rng.next());
    // Integer atoms from the float draw; the odd trailing digits keep amounts distinct.
    out.push(BigInt(Math.max(1, Math.round(whole * scale))));
  }
  return out;
}

function run(market: MarketState, s: Scenario, amounts: readonly bigint[], seconds: number, nowSec: number, kinds?: Record<string, number>): number {
  const deadline = performance.now() + seconds * 1000;
  let n = 0;
  let sink = 0n;
  while (performance.now() < deadline) {
    // Time-check every 64 quotes so the clock read stays out of the per-quote cost.
    for (let k = 0; k < 64; k++) {
      const r = findBestRoute(market, s.tokenIn, s.tokenOut, amounts[n % amounts.length]!, nowSec);
      sink += r.amountOut;
      if (kinds !== undefined) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
      n++;
    }
  }
  if (sink < 0n) console.log(sink); // keep the work observable
  return n;
}

/** Measures route searches per second per scenario; returns `{ <name>PerSec, ... , details }`. */
export async function benchRouteSearch(opts: BenchRouteSearchOptions = {}): Promise<Record<string, unknown>> {
  const seconds = opts.seconds ?? 2;
  const warmup = opts.warmupSeconds ?? 0.5;
  const seed = opts.seed ?? 42;
  const nowSec = opts.nowSec ?? 1_700_000_000;
  const market = buildMarket(DEFAULT_MARKET_SPEC, nowSec);
  const result: Record<string, unknown> = {};
  const details: Record<string, ScenarioResult> = {};
  for (const [i, s] of SCENARIOS.entries()) {
    if (opts.only !== undefined && !opts.only.includes(s.name)) continue;
    const amounts = drawAmounts(s, seed + i);
    run(market, s, amounts, warmup, nowSec);
    const kinds: Record<string, number> = {};
    const t0 = performance.now();
    const n = run(market, s, amounts, seconds, nowSec, kinds);
    const elapsed = (performance.now() - t0) / 1000;
    const perSec = Math.round(n / elapsed);
    result[`${s.name}PerSec`] = perSec;
    details[s.name] = { perSec, usPerQuote: Math.round((elapsed / n) * 1e7) / 10, kinds };
    // Yield between scenarios so a caller's event loop is not starved for the whole run.
    await new Promise((r) => setTimeout(r, 0));
  }
  result['details'] = details;
  return result;
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('route-search.ts');
if (isMain) {
  const i = process.argv.indexOf('--seconds');
  const seconds = i >= 0 ? Number(process.argv[i + 1]) : 2;
  const j = process.argv.indexOf('--only');
  const only = j >= 0 ? process.argv[j + 1]?.split(',') : undefined;
  console.log(JSON.stringify(await benchRouteSearch({ seconds, only }), null, 2));
}
