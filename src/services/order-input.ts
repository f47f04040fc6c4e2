/**
 * Validation of order and quote input at the service edge: every rejection is an InputError naming
 * the offending field, raised before anything is persisted, enqueued or published.
 */
import { parseOrderAmount } from '../domain/amount.js';
import { isDomainError } from '../domain/errors.js';
import { InputError, inputErrorFrom } from './errors.js';
import { findMarketToken } from '../domain/market/market-tokens.js';
import type { MarketState } from '../domain/market/market.js';
import type { Token } from '../domain/tokens.js';
import type { QuoteInput } from './types.js';

export const DEFAULT_SLIPPAGE_BPS = 50;
export const MAX_SLIPPAGE_BPS = 5_000;
const CLIENT_ORDER_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export interface ParsedQuoteInput {
  readonly tokenIn: Token;
  readonly tokenOut: Token;
  readonly amountIn: bigint;
  readonly slippageBps: number;
}

/** No launched tokens: the static list only. */
const STATIC: Pick<MarketState, 'tokens'> = {};

function token(text: string, field: string, market: Pick<MarketState, 'tokens'>): Token {
  const t = typeof text === 'string' ? findMarketToken(market, text.trim()) : undefined;
  if (!t) throw new InputError('UNKNOWN_TOKEN', field, `unknown token "${String(text).slice(0, 64)}": use a symbol (SOL, USDC…) or a mint`);
  return t;
}

/**
 * `market` resolves the tokens its launches brought besides the static ones (default: none).
 * @throws InputError UNKNOWN_TOKEN | SAME_TOKEN | AMOUNT_* | SLIPPAGE_OUT_OF_RANGE
 */
export function parseQuoteInput(input: QuoteInput, market: Pick<MarketState, 'tokens'> = STATIC): ParsedQuoteInput {
  const tokenIn = token(input.tokenIn, 'input.tokenIn', market);
  const tokenOut = token(input.tokenOut, 'input.tokenOut', market);
  if (tokenIn.mint === tokenOut.mint) {
    throw new InputError('SAME_TOKEN', 'input.tokenOut', `${tokenIn.symbol} and ${tokenOut.symbol} are the same token (same mint)`);
  }
  let amountIn: bigint;
  try {
    amountIn = parseOrderAmount(input.amountIn, tokenIn);
  } catch (e) {
    throw (isDomainError(e) && inputErrorFrom(e, 'input.amountIn')) || e;
  }
  const slippageBps = input.slippageBps ?? DEFAULT_SLIPPAGE_BPS;
  if (!Number.isInteger(slippageBps) || slippageBps < 0 || slippageBps > MAX_SLIPPAGE_BPS) {
    throw new InputError('SLIPPAGE_OUT_OF_RANGE', 'input.slippageBps', `slippageBps must be an integer from 0 to ${MAX_SLIPPAGE_BPS}`);
  }
  return { tokenIn, tokenOut, amountIn, slippageBps };
}

/** @throws InputError CLIENT_ORDER_ID_INVALID */
export function parseClientOrderId(text: string): string {
  if (typeof text !== 'string' || !CLIENT_ORDER_ID.test(text)) {
    throw new InputError('CLIENT_ORDER_ID_INVALID', 'input.clientOrderId', 'clientOrderId must be 1-64 characters of A-Z a-z 0-9 _ . : -');
  }
  return text;
}

/** Cursor for newest-first pages: opaque base64url of "createdAt:id". */
export function encodeCursor(createdAt: number, id: string): string {
  return Buffer.from(`${createdAt}:${id}`).toString('base64url');
}

/** @throws InputError INVALID_CURSOR */
export function decodeCursor(cursor: string): { createdAt: number; id: string } {
  const m = /^(\d{1,15}):([0-9A-Z]{26})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new InputError('INVALID_CURSOR', 'after', 'not a cursor returned by this API');
  return { createdAt: Number(m[1]), id: m[2]! };
}
