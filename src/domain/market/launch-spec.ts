import { parseAmount } from '../amount.js';
import { fieldError, withField } from '../errors.js';
import { requireMint } from '../mint.js';
import { parsePrice } from '../price.js';
import { findToken, type Token } from '../tokens.js';
import type { Ratio, VenueId } from '../venues/pool.js';

/**
 * A pool launch as data: a new (or existing) base token paired with a token the market already
 * prices, opened at `price` with `baseAmount` of the base token and the same value of the quote
 * token (both venues are two-sided here, so sellers and buyers both find liquidity from the start).
 * Parsing checks everything that needs no market; launch.ts checks the rest against the market.
 */
export interface LaunchSpec {
  readonly venue: VenueId;
  /** The base token; `native` is always false (pools hold SPL tokens). */
  readonly baseToken: Token;
  /** Symbol or mint of a token the market already knows (static or launched earlier). */
  readonly quoteToken: string;
  /** Whole quote tokens per whole base token. */
  readonly price: Ratio;
  /** Base-token liquidity in atoms. */
  readonly baseAtoms: bigint;
  /** Trading fee in bps: Raydium's trade fee rate; Meteora's base fee. */
  readonly feeBps: number;
  /** METEORA only: basis points between bins. */
  readonly binStep: number | undefined;
  /** METEORA only: bins on each side of the active one. */
  readonly binsPerSide: number;
  /** σ of the new token's reference-price random walk per √second (ignored for a known token). */
  readonly volatilityPerSqrtSecond: number;
}

const SYMBOL = /^[A-Za-z0-9]{1,10}$/;
export const MAX_LAUNCH_DECIMALS = 18;
export const MAX_FEE_BPS = 1000;
export const DEFAULT_BINS_PER_SIDE = 50;
/** A launched token moves more than the majors (default-market.json BONK: 0.00027). */
export const DEFAULT_LAUNCH_VOLATILITY = 0.0003;
const VENUES: readonly VenueId[] = ['RAYDIUM', 'METEORA'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function integer(v: unknown, field: string, min: number, max: number, code: 'DECIMALS_OUT_OF_RANGE' | 'BIN_STEP_OUT_OF_RANGE' | 'FEE_OUT_OF_RANGE'): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw fieldError(code, field, `must be an integer from ${min} to ${max}`, { value: v });
  }
  return v;
}

function parseBaseToken(raw: unknown, where: string): Token {
  if (!isRecord(raw)) throw fieldError('SCENARIO_INVALID', where, 'must be an object { mint, symbol, decimals, name }');
  const mint = requireMint(raw['mint'], `${where}.mint`);
  const symbol = raw['symbol'];
  if (typeof symbol !== 'string' || !SYMBOL.test(symbol)) {
    throw fieldError('SYMBOL_INVALID', `${where}.symbol`, 'must be 1 to 10 letters or digits', { value: String(symbol).slice(0, 32) });
  }
  const name = raw['name'];
  if (typeof name !== 'string' || name.trim() === '' || name.length > 32) {
    throw fieldError('TOKEN_NAME_INVALID', `${where}.name`, 'must be a non-empty string of at most 32 characters');
  }
  const decimals = integer(raw['decimals'], `${where}.decimals`, 0, MAX_LAUNCH_DECIMALS, 'DECIMALS_OUT_OF_RANGE');
  // A static token's symbol or mint may only name that very token.
  const bySymbol = findToken(symbol);
  if (bySymbol !== undefined && bySymbol.mint !== mint) {
    throw fieldError('SYMBOL_CLASH', `${where}.symbol`, `${symbol} already names the token with mint ${bySymbol.mint}`);
  }
  const byMint = findToken(mint);
  if (byMint !== undefined) {
    if (byMint.decimals !== decimals || (byMint.symbol !== symbol.toUpperCase() && !(byMint.symbol === 'SOL' && symbol.toUpperCase() === 'WSOL'))) {
      throw fieldError('MINT_CLASH', `${where}.mint`, `mint ${mint} is ${byMint.symbol} with ${byMint.decimals} decimals`);
    }
    return findToken(symbol.toUpperCase() === 'SOL' ? 'WSOL' : symbol)!;
  }
  return Object.freeze({ symbol, name: name.trim(), mint, decimals, native: false });
}

/**
 * Validates a launch spec (`where` prefixes the field names in errors, e.g. `launches[0].pool`).
 * @throws DomainError naming the field: SCENARIO_INVALID (not an object) | VENUE_INVALID |
 *   INVALID_MINT | SYMBOL_INVALID | SYMBOL_CLASH | MINT_CLASH | TOKEN_NAME_INVALID |
 *   DECIMALS_OUT_OF_RANGE | UNKNOWN_TOKEN (quoteToken empty) | PRICE_* | AMOUNT_* (baseAmount) |
 *   BIN_STEP_OUT_OF_RANGE | FEE_OUT_OF_RANGE | MOTION_OUT_OF_RANGE (volatility)
 */
export function parseLaunchSpec(raw: unknown, where: string): LaunchSpec {
  if (!isRecord(raw)) throw fieldError('SCENARIO_INVALID', where, 'must be an object');
  const venue = raw['venue'];
  if (!VENUES.includes(venue as VenueId)) throw fieldError('VENUE_INVALID', `${where}.venue`, 'must be RAYDIUM or METEORA', { value: venue });
  const baseToken = parseBaseToken(raw['baseToken'], `${where}.baseToken`);
  const quoteToken = raw['quoteToken'];
  if (typeof quoteToken !== 'string' || quoteToken === '') throw fieldError('UNKNOWN_TOKEN', `${where}.quoteToken`, 'must name a token by symbol or mint');
  const price = parsePrice(raw['price'], `${where}.price`);
  const amountText = raw['baseAmount'];
  if (typeof amountText !== 'string') throw fieldError('AMOUNT_MALFORMED', `${where}.baseAmount`, 'must be a decimal string');
  const baseAtoms = withField(`${where}.baseAmount`, () => parseAmount(amountText, baseToken.decimals));
  const feeBps = integer(raw['feeBps'], `${where}.feeBps`, 1, MAX_FEE_BPS, 'FEE_OUT_OF_RANGE');
  let binStep: number | undefined;
  let binsPerSide = DEFAULT_BINS_PER_SIDE;
  if (venue === 'METEORA') {
    binStep = integer(raw['binStep'], `${where}.binStep`, 1, 400, 'BIN_STEP_OUT_OF_RANGE');
    if (raw['binsPerSide'] !== undefined) binsPerSide = integer(raw['binsPerSide'], `${where}.binsPerSide`, 1, 1000, 'BIN_STEP_OUT_OF_RANGE');
    dlmmFeeParams(feeBps, binStep, `${where}.feeBps`);
  } else if (raw['binStep'] !== undefined || raw['binsPerSide'] !== undefined) {
    throw fieldError('BIN_STEP_OUT_OF_RANGE', `${where}.binStep`, 'binStep and binsPerSide apply to METEORA pools only');
  }
  const vol = raw['volatilityPerSqrtSecond'] ?? DEFAULT_LAUNCH_VOLATILITY;
  if (typeof vol !== 'number' || !Number.isFinite(vol) || vol < 0 || vol > 0.01) {
    throw fieldError('MOTION_OUT_OF_RANGE', `${where}.volatilityPerSqrtSecond`, 'must be a number in [0, 0.01]', { value: vol });
  }
  return { venue: venue as VenueId, baseToken, quoteToken, price, baseAtoms, feeBps, binStep, binsPerSide, volatilityPerSqrtSecond: vol };
}

/** The program's base_factor is a u16; base_fee_power_factor scales it by powers of ten. */
const MAX_BASE_FACTOR = 65_535;

/**
 * DLMM base-fee parameters giving exactly `feeBps`: base fee = baseFactor·binStep·10·10^power in
 * 1e9 units (meteora-dlmm-fees.ts baseFeeRate) must equal feeBps·10^5; the smallest power whose
 * baseFactor is an integer ≤ 65535 is taken.
 * @throws DomainError FEE_OUT_OF_RANGE when no such pair exists for this bin step
 */
export function dlmmFeeParams(feeBps: number, binStep: number, field: string): { baseFactor: number; basePowerFactor: number } {
  const target = feeBps * 100_000;
  for (let power = 0; power <= 4; power++) {
    const unit = binStep * 10 * 10 ** power;
    if (target % unit === 0 && target / unit <= MAX_BASE_FACTOR && target / unit >= 1) return { baseFactor: target / unit, basePowerFactor: power };
  }
  throw fieldError('FEE_OUT_OF_RANGE', field, `a ${feeBps} bps base fee cannot be expressed at binStep ${binStep} (baseFactor·binStep/10^4 must equal it with an integer baseFactor ≤ 65535)`);
}
