import { parseDuration } from '../duration.js';
import { DomainError, fieldError } from '../errors.js';
import { parseLaunchSpec } from '../market/launch-spec.js';
import { DEFAULT_MARKET_SPEC } from '../market/market.js';
import { parseMarketSpec, type MarketSpec, type ScheduledLaunch } from '../market/market-spec.js';
import { parseRouterMode, type RouterMode } from '../router-mode.js';
import { findToken } from '../tokens.js';
import type { Token } from '../tokens.js';

/**
 * A backtest scenario: the market it starts from and how it moves, the latency between a quote and
 * its fill, the router mode, and what trades (a list of orders or a strategy). Validation is strict
 * and every error names its field under `scenario.`.
 */

export interface MotionParams {
  /** Simulated ms between motion ticks. */
  readonly intervalMs: number;
  /** σ per √second by mint, after scaling and overrides (tokens launched later: launch.ts's σ × scale). */
  readonly volatility: ReadonlyMap<string, number>;
  readonly volatilityScale: number;
  /** Overrides by symbol or mint (applied to launched tokens too). */
  readonly sigma: ReadonlyMap<string, number>;
}

export interface LatencyModel {
  /** Simulated ms from a quote (submission, or a conditional order's trigger) to its fill. */
  readonly quoteToFillMs: number;
  /** Uniform extra delay in [0, jitterMs] ms, drawn from the scenario's seeded latency stream. */
  readonly jitterMs: number;
}

export interface StrategySpec {
  readonly name: string;
  readonly params: unknown;
}

export interface Scenario {
  readonly market: MarketSpec;
  readonly seed: number;
  /** ms since the epoch at which the simulated clock starts. */
  readonly startMs: number;
  readonly durationMs: number;
  /** undefined: the market does not move by itself (only orders move it). */
  readonly motion: MotionParams | undefined;
  /** The market spec's launches and the scenario's own, in time order. */
  readonly launches: readonly ScheduledLaunch[];
  readonly latency: LatencyModel;
  readonly routerMode: RouterMode;
  /** Orders (validated as the run reads them, see order-entry.ts); undefined with a strategy. */
  readonly orders: Iterable<unknown> | undefined;
  readonly strategy: StrategySpec | undefined;
  /** Simulated ms between time-series samples. */
  readonly sampleIntervalMs: number;
}

export const MAX_DURATION_MS = 30 * 86_400_000;
export const DEFAULT_START_MS = 1_700_000_000_000;
const MAX_LATENCY_MS = 60_000;
/** A σ of 0.1 per √second is ~6% a minute: past anything a market does. */
const MAX_SIGMA = 0.1;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function durationIn(raw: unknown, field: string, minMs: number, maxMs: number, code: 'DURATION_OUT_OF_RANGE' | 'MOTION_OUT_OF_RANGE' | 'LATENCY_OUT_OF_RANGE'): number {
  const ms = parseDuration(raw, field);
  if (ms < minMs || ms > maxMs) throw fieldError(code, field, `must be from ${minMs} to ${maxMs} ms`, { value: raw });
  return ms;
}

function parseMarket(raw: unknown): MarketSpec {
  if (raw === undefined || raw === 'default') return DEFAULT_MARKET_SPEC;
  try {
    return parseMarketSpec(raw);
  } catch (e) {
    // The spec names its fields from its own root: put them under scenario.market.
    if (e instanceof DomainError) {
      const inner = typeof e.details['field'] === 'string' ? (e.details['field'] as string) : '';
      throw fieldError(e.code, inner === '' ? 'scenario.market' : `scenario.market.${inner}`, e.message, e.details);
    }
    throw e;
  }
}

function sigmaOf(raw: unknown, field: string): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0 || raw > 0.01) throw fieldError('MOTION_OUT_OF_RANGE', field, 'σ must be a number in [0, 0.01] per √second', { value: raw });
  return raw;
}

function parseMotion(raw: unknown, market: MarketSpec, launched: readonly Token[]): MotionParams | undefined {
  if (raw === null || raw === false) return undefined;
  const m = raw === undefined ? {} : raw;
  if (!isRecord(m)) throw fieldError('SCENARIO_INVALID', 'scenario.motion', 'must be an object, or null for a market that does not move');
  const intervalMs = durationIn(m['interval'] ?? 1_000, 'scenario.motion.interval', 100, 3_600_000, 'MOTION_OUT_OF_RANGE');
  const scale = m['volatilityScale'] ?? 1;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale < 0 || scale > 100) {
    throw fieldError('MOTION_OUT_OF_RANGE', 'scenario.motion.volatilityScale', 'must be a number in [0, 100]', { value: scale });
  }
  const sigma = new Map<string, number>();
  const rawSigma = m['sigma'] ?? {};
  if (!isRecord(rawSigma)) throw fieldError('SCENARIO_INVALID', 'scenario.motion.sigma', 'must be an object of σ by token');
  for (const [name, value] of Object.entries(rawSigma)) {
    const token = findToken(name) ?? launched.find((t) => t.mint === name || t.symbol.toUpperCase() === name.toUpperCase());
    if (token === undefined) throw fieldError('UNKNOWN_TOKEN', `scenario.motion.sigma.${name}`, `unknown token ${name}`);
    sigma.set(token.mint, sigmaOf(value, `scenario.motion.sigma.${name}`));
  }
  const volatility = new Map<string, number>();
  for (const t of market.tokens) {
    const s = sigma.get(t.token.mint) ?? t.volatilityPerSqrtSecond * scale;
    if (s > MAX_SIGMA) throw fieldError('MOTION_OUT_OF_RANGE', 'scenario.motion.volatilityScale', `scales ${t.token.symbol}'s σ above ${MAX_SIGMA} per √second`, { value: scale });
    volatility.set(t.token.mint, s);
  }
  return { intervalMs, volatility, volatilityScale: scale, sigma };
}

function parseLatency(raw: unknown): LatencyModel {
  if (raw === undefined) return { quoteToFillMs: 0, jitterMs: 0 };
  if (!isRecord(raw)) throw fieldError('SCENARIO_INVALID', 'scenario.latency', 'must be an object { quoteToFill, jitter }');
  return {
    quoteToFillMs: durationIn(raw['quoteToFill'] ?? 0, 'scenario.latency.quoteToFill', 0, MAX_LATENCY_MS, 'LATENCY_OUT_OF_RANGE'),
    jitterMs: durationIn(raw['jitter'] ?? 0, 'scenario.latency.jitter', 0, MAX_LATENCY_MS, 'LATENCY_OUT_OF_RANGE'),
  };
}

function parseLaunches(raw: unknown, market: MarketSpec): ScheduledLaunch[] {
  if (raw === undefined) return [...market.launches];
  if (!Array.isArray(raw)) throw fieldError('SCENARIO_INVALID', 'scenario.launches', 'must be an array of { after, pool }');
  const own = raw.map((entry, i) => {
    const where = `scenario.launches[${i}]`;
    if (!isRecord(entry)) throw fieldError('SCENARIO_INVALID', where, 'must be an object { after, pool }');
    const afterMs = parseDuration(entry['after'], `${where}.after`);
    if (afterMs > MAX_DURATION_MS) throw fieldError('DURATION_OUT_OF_RANGE', `${where}.after`, 'at most 30 days after the start');
    return { afterMs, pool: parseLaunchSpec(entry['pool'], `${where}.pool`) };
  });
  // Stable by time: the spec's own launches first among equal delays.
  return [...market.launches, ...own].map((l, i) => ({ l, i })).sort((a, b) => a.l.afterMs - b.l.afterMs || a.i - b.i).map((x) => x.l);
}

/**
 * Validates a scenario. Orders are checked as the run reads them (an iterable of a million orders is
 * never held); check an array up front with validateOrderEntries (order-entry.ts). Pool launches
 * are checked against the market when the run builds it (engine start), before any event.
 * @throws DomainError with details.field under `scenario.`: SCENARIO_INVALID | SEED_INVALID |
 *   DURATION_MALFORMED | DURATION_OUT_OF_RANGE | MOTION_OUT_OF_RANGE | LATENCY_OUT_OF_RANGE |
 *   ROUTER_MODE_INVALID | UNKNOWN_TOKEN | a market spec's or launch spec's codes
 */
export function parseScenario(raw: unknown): Scenario {
  if (!isRecord(raw)) throw fieldError('SCENARIO_INVALID', 'scenario', 'must be an object');
  const market = parseMarket(raw['market']);
  const seed = raw['seed'];
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw fieldError('SEED_INVALID', 'scenario.seed', 'must be an integer from 0 to 2^32 − 1', { value: seed });
  }
  const startMs = raw['startMs'] ?? DEFAULT_START_MS;
  if (typeof startMs !== 'number' || !Number.isSafeInteger(startMs) || startMs < 0) throw fieldError('SCENARIO_INVALID', 'scenario.startMs', 'must be a non-negative integer (ms since the epoch)');
  const durationMs = durationIn(raw['duration'], 'scenario.duration', 1, MAX_DURATION_MS, 'DURATION_OUT_OF_RANGE');
  const launches = parseLaunches(raw['launches'], market);
  const motion = parseMotion(raw['motion'], market, launches.map((l) => l.pool.baseToken));
  const orders = raw['orders'];
  const strategy = raw['strategy'];
  if ((orders === undefined) === (strategy === undefined)) throw fieldError('SCENARIO_INVALID', 'scenario.orders', 'give either orders or a strategy');
  if (orders !== undefined && (typeof orders !== 'object' || orders === null || !(Symbol.iterator in orders))) {
    throw fieldError('SCENARIO_INVALID', 'scenario.orders', 'must be an array (or an iterable) of orders');
  }
  let strategySpec: StrategySpec | undefined;
  if (strategy !== undefined) {
    if (!isRecord(strategy) || typeof strategy['name'] !== 'string') throw fieldError('SCENARIO_INVALID', 'scenario.strategy', 'must be an object { name, params }');
    strategySpec = { name: strategy['name'], params: strategy['params'] ?? {} };
  }
  return {
    market,
    seed,
    startMs,
    durationMs,
    motion,
    launches,
    latency: parseLatency(raw['latency']),
    routerMode: raw['routerMode'] === undefined ? 'SMART' : parseRouterMode(raw['routerMode'], 'scenario.routerMode'),
    orders: orders as Iterable<unknown> | undefined,
    strategy: strategySpec,
    sampleIntervalMs: durationIn(raw['sampleInterval'] ?? 60_000, 'scenario.sampleInterval', 1_000, MAX_DURATION_MS, 'DURATION_OUT_OF_RANGE'),
  };
}
