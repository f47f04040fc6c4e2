import { parseAmount } from '../amount.js';
import { parseDuration } from '../duration.js';
import { DomainError, fieldError, isDomainError } from '../errors.js';
import { findToken, type Token } from '../tokens.js';
import type { DlmmShape } from '../venues/meteora-dlmm.js';
import { parseLaunchSpec, type LaunchSpec } from './launch-spec.js';

/**
 * The market as data (default-market.json): tokens with an illustrative USD reference price and a
 * random-walk volatility, and the pools to build from them. Parsing is strict so a typo in the
 * file fails loudly at start-up rather than producing a silently odd market.
 */

export interface TokenSpec {
  readonly token: Token;
  /** USD per whole token as a decimal string (exact, at most 12 decimals). */
  readonly priceUsd: string;
  /** σ of the geometric random walk of the reference price, per √second. */
  readonly volatilityPerSqrtSecond: number;
}

interface PoolSpecBase {
  readonly id: string;
  readonly base: Token;
  readonly quote: Token;
  /** The pool's starting price against the reference ratio, in bps (so venues differ a little). */
  readonly priceOffsetBps: number;
  /** Base-token liquidity in whole tokens (decimal string). */
  readonly depthBase: string;
}

export interface CpmmPoolSpec extends PoolSpecBase {
  readonly kind: 'CPMM';
  /** Raydium AmmConfig trade fee, 1e6 units (2500 = 0.25%, docs/venue-math.md §2). */
  readonly tradeFeeRate: number;
}


export interface DlmmPoolSpec extends PoolSpecBase {
  readonly kind: 'DLMM';
  /** Quote-token liquidity in whole tokens (a DLMM's two sides need not match in value). */
  readonly depthQuote: string;
  readonly binStep: number;
  /** baseFactor 10000 makes the base fee equal binStep bps (docs/venue-math.md §3.3). */
  readonly baseFactor: number;
  readonly binsPerSide: number;
  readonly shape: DlmmShape;
  /** Protocol share of the fee in bps of the fee (standard pools 1000 = 10%, docs/venue-math.md §3.3). */
  readonly protocolShare: number;
}

export type PoolSpec = CpmmPoolSpec | DlmmPoolSpec;

/** A pool launch the market schedules: `afterMs` after the market starts. */
export interface ScheduledLaunch {
  readonly afterMs: number;
  readonly pool: LaunchSpec;
}

export interface MarketSpec {
  readonly description: string;
  readonly tokens: readonly TokenSpec[];
  readonly pools: readonly PoolSpec[];
  /** Pool launches in order of time (ties keep the spec's order). Empty when the spec has none. */
  readonly launches: readonly ScheduledLaunch[];
}

/** `field` is the offending field's path in the spec (details.field); the message names it too. */
function fail(field: string, message: string, details: Record<string, unknown> = {}): never {
  throw new DomainError('INVALID_MARKET', `invalid market spec: ${message}`, { ...details, field });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Record<string, unknown>, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') fail(`${where}.${key}`, `${where}.${key} must be a non-empty string`);
  return v;
}

function int(o: Record<string, unknown>, key: string, where: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(`${where}.${key}`, `${where}.${key} must be an integer in [${min}, ${max}]`, { value: v });
  }
  return v;
}

/** A positive decimal string with at most `decimals` places (checked with the API's own parser). */
function decimal(o: Record<string, unknown>, key: string, where: string, decimals: number): string {
  const v = str(o, key, where);
  try {
    parseAmount(v, decimals);
  } catch (e) {
    if (isDomainError(e)) fail(`${where}.${key}`, `${where}.${key} must be a positive decimal with ≤ ${decimals} places (${e.code})`, { value: v });
    throw e;
  }
  return v;
}

function token(o: Record<string, unknown>, key: string, where: string): Token {
  const symbol = str(o, key, where);
  const t = findToken(symbol);
  if (t === undefined) fail(`${where}.${key}`, `${where}.${key}: unknown token ${symbol}`);
  return t;
}

const SHAPES: readonly DlmmShape[] = ['spot', 'curve'];

function parsePool(raw: unknown, i: number, priced: ReadonlySet<string>): PoolSpec {
  const where = `pools[${i}]`;
  if (!isRecord(raw)) fail(where, `${where} must be an object`);
  const id = str(raw, 'id', where);
  const base = token(raw, 'base', where);
  const quote = token(raw, 'quote', where);
  if (base.mint === quote.mint) fail(`${where}.quote`, `${where} (${id}): base and quote are the same mint`);
  for (const t of [base, quote]) if (!priced.has(t.mint)) fail(`${where}.${t === base ? 'base' : 'quote'}`, `${where} (${id}): token ${t.symbol} has no reference price`);
  const common = {
    id,
    base,
    quote,
    priceOffsetBps: int(raw, 'priceOffsetBps', where, -1000, 1000),
    depthBase: decimal(raw, 'depthBase', where, base.decimals),
  };
  const kind = raw['kind'];
  if (kind === 'CPMM') {
    return { ...common, kind, tradeFeeRate: int(raw, 'tradeFeeRate', where, 0, 999_999) };
  }
  if (kind === 'DLMM') {
    const shape = raw['shape'];
    if (!SHAPES.includes(shape as DlmmShape)) fail(`${where}.shape`, `${where}.shape must be one of ${SHAPES.join(', ')}`);
    return {
      ...common,
      kind,
      depthQuote: decimal(raw, 'depthQuote', where, quote.decimals),
      // binStep up to 400 (docs/venue-math.md §3.1); protocol share max 2500 bps of the fee (§3.3).
      binStep: int(raw, 'binStep', where, 1, 400),
      baseFactor: int(raw, 'baseFactor', where, 1, 1_000_000),
      binsPerSide: int(raw, 'binsPerSide', where, 1, 1000),
      shape: shape as DlmmShape,
      protocolShare: int(raw, 'protocolShare', where, 0, 2500),
    };
  }
  return fail(`${where}.kind`, `${where}.kind must be "CPMM" or "DLMM"`, { value: kind });
}

/**
 * Validates a market spec (usually the parsed default-market.json).
 * @throws DomainError INVALID_MARKET naming the offending field
 */
export function parseMarketSpec(json: unknown): MarketSpec {
  if (!isRecord(json)) fail('', 'root must be an object');
  const description = typeof json['description'] === 'string' ? json['description'] : '';
  const rawTokens = json['tokens'];
  if (!isRecord(rawTokens) || Object.keys(rawTokens).length === 0) fail('tokens', 'tokens must be a non-empty object');
  const tokens: TokenSpec[] = [];
  const priced = new Set<string>();
  for (const [symbol, raw] of Object.entries(rawTokens)) {
    const where = `tokens.${symbol}`;
    const t = findToken(symbol);
    if (t === undefined) fail(where, `${where}: unknown token`);
    // SOL and WSOL share one mint and therefore one price.
    if (priced.has(t.mint)) fail(where, `${where}: another entry already prices mint ${t.mint}`);
    if (!isRecord(raw)) fail(where, `${where} must be an object`);
    const vol = raw['volatilityPerSqrtSecond'];
    if (typeof vol !== 'number' || !Number.isFinite(vol) || vol < 0 || vol > 0.01) {
      fail(`${where}.volatilityPerSqrtSecond`, `${where}.volatilityPerSqrtSecond must be a number in [0, 0.01]`, { value: vol });
    }
    tokens.push({ token: t, priceUsd: decimal(raw, 'priceUsd', where, 12), volatilityPerSqrtSecond: vol });
    priced.add(t.mint);
  }
  const rawPools = json['pools'];
  if (!Array.isArray(rawPools) || rawPools.length === 0) fail('pools', 'pools must be a non-empty array');
  const pools = rawPools.map((p, i) => parsePool(p, i, priced));
  const ids = new Set<string>();
  for (const [i, p] of pools.entries()) {
    if (ids.has(p.id)) fail(`pools[${i}].id`, `duplicate pool id ${p.id}`);
    ids.add(p.id);
  }
  return { description, tokens, pools, launches: parseLaunches(json['launches'], tokens, pools) };
}

/** Longest delay a spec may schedule a launch at: the longest backtest (30 simulated days). */
export const MAX_LAUNCH_DELAY_MS = 30 * 86_400_000;

/**
 * `launches: [{ after: "60s", pool: <launch spec> }]`, each checked against the spec: its quote
 * token must be priced by the spec or launched earlier, and its venue must not list the pair yet.
 * @throws DomainError naming the field (`launches[i]...`): SCENARIO_INVALID (shape) |
 *   DURATION_MALFORMED | DURATION_OUT_OF_RANGE | UNKNOWN_TOKEN | POOL_EXISTS | a launch spec's codes
 */
function parseLaunches(raw: unknown, tokens: readonly TokenSpec[], pools: readonly PoolSpec[]): ScheduledLaunch[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw fieldError('SCENARIO_INVALID', 'launches', 'must be an array of { after, pool }');
  const known: Token[] = tokens.map((t) => t.token);
  const listed = new Set(pools.map((p) => pairKey(p.kind, p.base.mint, p.quote.mint)));
  const parsed = raw.map((entry, i) => {
    const where = `launches[${i}]`;
    if (!isRecord(entry)) throw fieldError('SCENARIO_INVALID', where, 'must be an object { after, pool }');
    const afterMs = parseDuration(entry['after'], `${where}.after`);
    if (afterMs > MAX_LAUNCH_DELAY_MS) throw fieldError('DURATION_OUT_OF_RANGE', `${where}.after`, 'at most 30 days after the start');
    return { where, afterMs, pool: parseLaunchSpec(entry['pool'], `${where}.pool`) };
  });
  // In the order they happen (ties keep the spec's order), so a quote token must launch first.
  const ordered = parsed.map((l, i) => ({ l, i })).sort((a, b) => a.l.afterMs - b.l.afterMs || a.i - b.i).map((x) => x.l);
  const out: ScheduledLaunch[] = [];
  for (const { where, afterMs, pool } of ordered) {
    const q = pool.quoteToken;
    const quote = known.find((t) => t.mint === q || t.symbol.toUpperCase() === q.toUpperCase() || (findToken(q)?.mint === t.mint));
    if (quote === undefined) throw fieldError('UNKNOWN_TOKEN', `${where}.pool.quoteToken`, `${q} is neither priced by the spec nor launched earlier`);
    const key = pairKey(pool.venue, pool.baseToken.mint, quote.mint);
    if (listed.has(key)) throw fieldError('POOL_EXISTS', `${where}.pool.venue`, `${pool.venue} already lists ${pool.baseToken.symbol}/${quote.symbol}`);
    listed.add(key);
    if (!known.some((t) => t.mint === pool.baseToken.mint)) known.push(pool.baseToken);
    out.push({ afterMs, pool });
  }
  return out;
}

function pairKey(venueOrKind: string, a: string, b: string): string {
  const venue = venueOrKind === 'CPMM' ? 'RAYDIUM' : venueOrKind === 'DLMM' ? 'METEORA' : venueOrKind;
  return a < b ? `${venue}:${a}:${b}` : `${venue}:${b}:${a}`;
}
