import { MAX_TOKEN_ATOMS, parseAmount, parseOrderAmount } from '../amount.js';
import { fieldError, isDomainError, withField } from '../errors.js';
import { findMarketToken, requireMarketToken } from '../market/market-tokens.js';
import type { MarketState } from '../market/market.js';
import { requireMint } from '../mint.js';
import { atomsAtPrice, parsePrice } from '../price.js';
import type { Token } from '../tokens.js';
import type { ConditionalOrder } from './types.js';

/**
 * Conditional orders as the API receives them (decimal strings, symbols or mints), validated into
 * exact domain orders. Every rejection is a DomainError whose details.field names the input field.
 */

export interface LimitInput {
  readonly type: 'LIMIT';
  readonly tokenIn: string;
  readonly tokenOut: string;
  readonly amountIn: string;
  readonly limitPrice: string;
  /** ms since the epoch. */
  readonly expiresAt?: number;
}

export interface StopInput {
  readonly type: 'STOP';
  readonly tokenIn: string;
  readonly tokenOut: string;
  readonly amountIn: string;
  readonly stopPrice: string;
  readonly slippageBps: number;
  readonly expiresAt?: number;
}

export interface SniperInput {
  readonly type: 'SNIPER';
  readonly tokenIn: string;
  /** A symbol or mint the market knows, or any well-formed mint (a token not launched yet). */
  readonly tokenOut: string;
  readonly amountIn: string;
  /** In whole tokenIn. */
  readonly minLiquidity: string;
  readonly maxPriceImpactBps: number;
  readonly slippageBps: number;
  readonly expiresAt?: number;
}

export type ConditionalInput = LimitInput | StopInput | SniperInput;

/** The longest an order may rest: 30 days. */
export const MAX_EXPIRY_MS = 30 * 86_400_000;
/** The live API's slippage bound (services/order-input.ts MAX_SLIPPAGE_BPS). */
export const MAX_SLIPPAGE_BPS = 5_000;

/** @throws DomainError SLIPPAGE_OUT_OF_RANGE naming `field` */
export function parseSlippageBps(raw: unknown, field: string): number {
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > MAX_SLIPPAGE_BPS) {
    throw fieldError('SLIPPAGE_OUT_OF_RANGE', field, `must be an integer from 0 to ${MAX_SLIPPAGE_BPS}`, { value: raw });
  }
  return raw;
}

/** @throws DomainError EXPIRY_MALFORMED | EXPIRY_IN_PAST | EXPIRY_TOO_FAR naming `field` */
export function parseExpiry(raw: unknown, nowMs: number, field: string): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) throw fieldError('EXPIRY_MALFORMED', field, 'must be an integer number of ms since the epoch', { value: raw });
  if (raw <= nowMs) throw fieldError('EXPIRY_IN_PAST', field, 'must be later than now', { value: raw, now: nowMs });
  if (raw > nowMs + MAX_EXPIRY_MS) throw fieldError('EXPIRY_TOO_FAR', field, 'must be at most 30 days from now', { value: raw, now: nowMs });
  return raw;
}

function distinct(tokenIn: Token, mintOut: string, field: string): void {
  if (tokenIn.mint === mintOut) throw fieldError('SAME_TOKEN', field, `${tokenIn.symbol} and the output are the same mint`);
}

/** The order amount of tokenIn (its order-size cap applies, as for market orders). */
function amount(text: unknown, token: Token, field: string): bigint {
  if (typeof text !== 'string') throw fieldError('AMOUNT_MALFORMED', field, 'must be a decimal string');
  return withField(field, () => parseOrderAmount(text, token));
}

/**
 * Validates a conditional order against the market (tokens it knows, launched ones included) at
 * `nowMs` (expiry). `where` prefixes field names (`input` → `input.limitPrice`).
 * @throws DomainError with details.field: ORDER_TYPE_INVALID | UNKNOWN_TOKEN | SAME_TOKEN |
 *   INVALID_MINT (a sniper's unknown tokenOut that is not a mint) | AMOUNT_* | PRICE_MALFORMED |
 *   PRICE_TOO_PRECISE | PRICE_OUT_OF_RANGE (zero, or a limit needing more than u64::MAX atoms, or
 *   a stop level below one atom) | SLIPPAGE_OUT_OF_RANGE | MIN_LIQUIDITY_OUT_OF_RANGE |
 *   PRICE_IMPACT_OUT_OF_RANGE | EXPIRY_MALFORMED | EXPIRY_IN_PAST | EXPIRY_TOO_FAR
 */
export function parseConditionalOrder(input: ConditionalInput, id: string, market: Pick<MarketState, 'tokens'>, nowMs: number, where = 'input'): ConditionalOrder {
  const raw = input as unknown as Record<string, unknown>;
  const type = raw['type'];
  const tokenIn = requireMarketToken(market, raw['tokenIn'], `${where}.tokenIn`);
  const expiresAtMs = parseExpiry(raw['expiresAt'], nowMs, `${where}.expiresAt`);
  if (type === 'SNIPER') {
    const out = raw['tokenOut'];
    const known = typeof out === 'string' ? findMarketToken(market, out) : undefined;
    const tokenOutMint = known?.mint ?? requireMint(out, `${where}.tokenOut`);
    distinct(tokenIn, tokenOutMint, `${where}.tokenOut`);
    const amountIn = amount(raw['amountIn'], tokenIn, `${where}.amountIn`);
    const minText = raw['minLiquidity'];
    if (typeof minText !== 'string') throw fieldError('AMOUNT_MALFORMED', `${where}.minLiquidity`, 'must be a decimal string');
    let minLiquidity: bigint;
    try {
      minLiquidity = withField(`${where}.minLiquidity`, () => parseAmount(minText, tokenIn.decimals));
    } catch (e) {
      if (isDomainError(e, 'AMOUNT_ZERO') || isDomainError(e, 'AMOUNT_TOO_LARGE')) {
        throw fieldError('MIN_LIQUIDITY_OUT_OF_RANGE', `${where}.minLiquidity`, `must be above zero and at most ${MAX_TOKEN_ATOMS} atoms`);
      }
      throw e;
    }
    const impact = raw['maxPriceImpactBps'];
    if (typeof impact !== 'number' || !Number.isInteger(impact) || impact < 1 || impact > 10_000) {
      throw fieldError('PRICE_IMPACT_OUT_OF_RANGE', `${where}.maxPriceImpactBps`, 'must be an integer from 1 to 10000', { value: impact });
    }
    const slippageBps = parseSlippageBps(raw['slippageBps'], `${where}.slippageBps`);
    return { kind: 'SNIPER', id, tokenIn, amountIn, expiresAtMs, tokenOutMint, minLiquidity, maxPriceImpactBps: impact, slippageBps };
  }
  if (type !== 'LIMIT' && type !== 'STOP') throw fieldError('ORDER_TYPE_INVALID', `${where}.type`, 'must be LIMIT, STOP or SNIPER', { value: String(type).slice(0, 32) });
  const tokenOut = requireMarketToken(market, raw['tokenOut'], `${where}.tokenOut`);
  distinct(tokenIn, tokenOut.mint, `${where}.tokenOut`);
  const amountIn = amount(raw['amountIn'], tokenIn, `${where}.amountIn`);
  if (type === 'LIMIT') {
    const limitPrice = parsePrice(raw['limitPrice'], `${where}.limitPrice`);
    const minAmountOut = atomsAtPrice(amountIn, limitPrice, tokenIn.decimals, tokenOut.decimals, 'up');
    if (minAmountOut > MAX_TOKEN_ATOMS) throw fieldError('PRICE_OUT_OF_RANGE', `${where}.limitPrice`, 'the order would need more than u64::MAX atoms out');
    return { kind: 'LIMIT', id, tokenIn, tokenOut, amountIn, expiresAtMs, limitPrice, minAmountOut };
  }
  const stopPrice = parsePrice(raw['stopPrice'], `${where}.stopPrice`);
  const triggerAtoms = atomsAtPrice(amountIn, stopPrice, tokenIn.decimals, tokenOut.decimals, 'down');
  if (triggerAtoms <= 0n) throw fieldError('PRICE_OUT_OF_RANGE', `${where}.stopPrice`, 'amountIn at this price is less than one atom of tokenOut');
  const slippageBps = parseSlippageBps(raw['slippageBps'], `${where}.slippageBps`);
  return { kind: 'STOP', id, tokenIn, tokenOut, amountIn, expiresAtMs, stopPrice, triggerAtoms, slippageBps };
}
