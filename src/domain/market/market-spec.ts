import { parseAmount } from '../amount.js';
import { DomainError, isDomainError } from '../errors.js';
import { findToken, type Token } from '../tokens.js';
import type { DlmmShape } from '../venues/meteora-dlmm.js';

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

export interface MarketSpec {
  readonly description: string;
  readonly tokens: readonly TokenSpec[];
  readonly pools: readonly PoolSpec[];
}

function fail(message: string, details: Record<string, unknown> = {}): never {
  throw new DomainError('INVALID_MARKET', `invalid market spec: ${message}`, details);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Record<string, unknown>, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') fail(`${where}.${key} must be a non-empty string`);
  return v;
}

function int(o: Record<string, unknown>, key: string, where: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(`${where}.${key} must be an integer in [${min}, ${max}]`, { value: v });
  }
  return v;
}

/** A positive decimal string with at most `decimals` places (checked with the API's own parser). */
function decimal(o: Record<string, unknown>, key: string, where: string, decimals: number): string {
  const v = str(o, key, where);
  try {
    parseAmount(v, decimals);
  } catch (e) {
    if (isDomainError(e)) fail(`${where}.${key} must be a positive decimal with ≤ ${decimals} places (${e.code})`, { value: v });
    throw e;
  }
  return v;
}

function token(o: Record<string, unknown>, key: string, where: string): Token {
  const symbol = str(o, key, where);
  const t = findToken(symbol);
  if (t === undefined) fail(`${where}.${key}: unknown token ${symbol}`);
  return t;
}

const SHAPES: readonly DlmmShape[] = ['spot', 'curve'];

function parsePool(raw: unknown, i: number, priced: ReadonlySet<string>): PoolSpec {
  const where = `pools[${i}]`;
  if (!isRecord(raw)) fail(`${where} must be an object`);
  const id = str(raw, 'id', where);
  const base = token(raw, 'base', where);
  const quote = token(raw, 'quote', where);
  if (base.mint === quote.mint) fail(`${where} (${id}): base and quote are the same mint`);
  for (const t of [base, quote]) if (!priced.has(t.mint)) fail(`${where} (${id}): token ${t.symbol} has no reference price`);
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
    if (!SHAPES.includes(shape as DlmmShape)) fail(`${where}.shape must be one of ${SHAPES.join(', ')}`);
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
  return fail(`${where}.kind must be "CPMM" or "DLMM"`, { value: kind });
}

/**
 * Validates a market spec (usually the parsed default-market.json).
 * @throws DomainError INVALID_MARKET naming the offending field
 */
export function parseMarketSpec(json: unknown): MarketSpec {
  if (!isRecord(json)) fail('root must be an object');
  const description = typeof json['description'] === 'string' ? json['description'] : '';
  const rawTokens = json['tokens'];
  if (!isRecord(rawTokens) || Object.keys(rawTokens).length === 0) fail('tokens must be a non-empty object');
  const tokens: TokenSpec[] = [];
  const priced = new Set<string>();
  for (const [symbol, raw] of Object.entries(rawTokens)) {
    const where = `tokens.${symbol}`;
    const t = findToken(symbol);
    if (t === undefined) fail(`${where}: unknown token`);
    // SOL and WSOL share one mint and therefore one price.
    if (priced.has(t.mint)) fail(`${where}: another entry already prices mint ${t.mint}`);
    if (!isRecord(raw)) fail(`${where} must be an object`);
    const vol = raw['volatilityPerSqrtSecond'];
    if (typeof vol !== 'number' || !Number.isFinite(vol) || vol < 0 || vol > 0.01) {
      fail(`${where}.volatilityPerSqrtSecond must be a number in [0, 0.01]`, { value: vol });
    }
    tokens.push({ token: t, priceUsd: decimal(raw, 'priceUsd', where, 12), volatilityPerSqrtSecond: vol });
    priced.add(t.mint);
  }
  const rawPools = json['pools'];
  if (!Array.isArray(rawPools) || rawPools.length === 0) fail('pools must be a non-empty array');
  const pools = rawPools.map((p, i) => parsePool(p, i, priced));
  const ids = new Set<string>();
  for (const p of pools) {
    if (ids.has(p.id)) fail(`duplicate pool id ${p.id}`);
    ids.add(p.id);
  }
  return { description, tokens, pools };
}
