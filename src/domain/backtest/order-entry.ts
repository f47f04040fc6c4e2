import { parseOrderAmount } from '../amount.js';
import { parseConditionalOrder, parseSlippageBps, type ConditionalInput } from '../conditional/validate.js';
import type { ConditionalOrder } from '../conditional/types.js';
import { parseDuration } from '../duration.js';
import { fieldError, withField } from '../errors.js';
import type { MarketState } from '../market/market.js';
import { requireMarketToken } from '../market/market-tokens.js';
import type { Token } from '../tokens.js';
import type { Scenario } from './scenario.js';

/**
 * The orders of a backtest, as entries of the scenario's list (or a strategy's intents):
 *   { at, type: 'MARKET', tokenIn, tokenOut, amountIn, slippageBps?, clientOrderId? }
 *   { at, type: 'LIMIT',  tokenIn, tokenOut, amountIn, limitPrice, expiresAfter?, clientOrderId? }
 *   { at, type: 'STOP',   tokenIn, tokenOut, amountIn, stopPrice, slippageBps, expiresAfter?, … }
 *   { at, type: 'SNIPER', tokenIn, tokenOut, amountIn, minLiquidity, maxPriceImpactBps, slippageBps, expiresAfter?, … }
 *   { at, type: 'CANCEL', clientOrderId }
 * `at` is a duration from the start ("90s", or ms), non-decreasing along the list; amounts and
 * prices are decimal strings as the API takes them. Tokens are resolved against the market at the
 * moment of submission (a token launched later is unknown before its launch, as it would be live).
 */

export type OrderType = 'MARKET' | 'LIMIT' | 'STOP' | 'SNIPER';

export interface EntryHeader {
  readonly index: number;
  readonly atMs: number;
  readonly type: OrderType | 'CANCEL';
  readonly clientOrderId: string;
  readonly raw: Readonly<Record<string, unknown>>;
  /** Where the entry's fields are named from, e.g. `scenario.orders[3]`. */
  readonly where: string;
}

export interface MarketEntry {
  readonly kind: 'MARKET';
  readonly tokenIn: Token;
  readonly tokenOut: Token;
  readonly amountIn: bigint;
  readonly slippageBps: number;
}

export type ParsedEntry = MarketEntry | { readonly kind: 'CONDITIONAL'; readonly order: ConditionalOrder } | { readonly kind: 'CANCEL' };

const TYPES: readonly string[] = ['MARKET', 'LIMIT', 'STOP', 'SNIPER', 'CANCEL'];
const CLIENT_ORDER_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
/** The live API's default slippage (services/order-input.ts DEFAULT_SLIPPAGE_BPS). */
export const DEFAULT_SLIPPAGE_BPS = 50;

/**
 * What needs no market: the entry's shape, time (absolute ms; not before `previousAtMs`, within the
 * run) and client order id (`o<index>` when absent).
 * @throws DomainError naming the field: SCENARIO_INVALID | DURATION_MALFORMED |
 *   ORDER_TIME_OUT_OF_RANGE | ORDER_TYPE_INVALID | CLIENT_ORDER_ID_INVALID
 */
export function readEntryHeader(raw: unknown, index: number, scenario: Pick<Scenario, 'startMs' | 'durationMs'>, previousAtMs: number, where = `scenario.orders[${index}]`): EntryHeader {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw fieldError('SCENARIO_INVALID', where, 'must be an object');
  const r = raw as Record<string, unknown>;
  const atMs = scenario.startMs + parseDuration(r['at'], `${where}.at`);
  if (atMs > scenario.startMs + scenario.durationMs) throw fieldError('ORDER_TIME_OUT_OF_RANGE', `${where}.at`, 'is after the end of the run');
  if (atMs < previousAtMs) throw fieldError('ORDER_TIME_OUT_OF_RANGE', `${where}.at`, 'orders must be listed in time order');
  const type = r['type'];
  if (typeof type !== 'string' || !TYPES.includes(type)) throw fieldError('ORDER_TYPE_INVALID', `${where}.type`, `must be one of ${TYPES.join(', ')}`, { value: String(type).slice(0, 32) });
  const id = r['clientOrderId'] ?? `o${index}`;
  if (typeof id !== 'string' || !CLIENT_ORDER_ID.test(id)) throw fieldError('CLIENT_ORDER_ID_INVALID', `${where}.clientOrderId`, 'must be 1-64 characters of A-Z a-z 0-9 _ . : -');
  return { index, atMs, type: type as OrderType | 'CANCEL', clientOrderId: id, raw: r, where };
}

/**
 * The entry against the market's tokens at `nowMs` (its submission).
 * @throws DomainError naming the field: UNKNOWN_TOKEN | SAME_TOKEN | AMOUNT_* |
 *   SLIPPAGE_OUT_OF_RANGE | DURATION_MALFORMED (expiresAfter) | parseConditionalOrder's codes
 */
export function parseEntry(h: EntryHeader, tokens: Pick<MarketState, 'tokens'>, nowMs: number): ParsedEntry {
  const r = h.raw;
  if (h.type === 'CANCEL') return { kind: 'CANCEL' };
  if (h.type === 'MARKET') {
    const tokenIn = requireMarketToken(tokens, r['tokenIn'], `${h.where}.tokenIn`);
    const tokenOut = requireMarketToken(tokens, r['tokenOut'], `${h.where}.tokenOut`);
    if (tokenIn.mint === tokenOut.mint) throw fieldError('SAME_TOKEN', `${h.where}.tokenOut`, `${tokenIn.symbol} and ${tokenOut.symbol} are the same mint`);
    const text = r['amountIn'];
    if (typeof text !== 'string') throw fieldError('AMOUNT_MALFORMED', `${h.where}.amountIn`, 'must be a decimal string');
    const amountIn = withField(`${h.where}.amountIn`, () => parseOrderAmount(text, tokenIn));
    const slippageBps = parseSlippageBps(r['slippageBps'] ?? DEFAULT_SLIPPAGE_BPS, `${h.where}.slippageBps`);
    return { kind: 'MARKET', tokenIn, tokenOut, amountIn, slippageBps };
  }
  const after = r['expiresAfter'];
  const expiresAt = after === undefined ? undefined : nowMs + parseDuration(after, `${h.where}.expiresAfter`);
  const input = { ...r, type: h.type, expiresAt } as unknown as ConditionalInput;
  return { kind: 'CONDITIONAL', order: parseConditionalOrder(input, h.clientOrderId, tokens, nowMs, h.where) };
}

/**
 * Checks a whole list before a run: every entry's shape, time order, client order ids (unique; a
 * cancel names an earlier order), and fields against every token the scenario can ever know (the
 * spec's and its launches'). Runs through the list once and keeps only the ids.
 * @throws DomainError as readEntryHeader and parseEntry; DUPLICATE_CLIENT_ORDER_ID | ORDER_NOT_FOUND
 */
export function validateOrderEntries(entries: Iterable<unknown>, scenario: Pick<Scenario, 'startMs' | 'durationMs' | 'launches'>): number {
  const launched = new Map<string, Token>();
  for (const l of scenario.launches) launched.set(l.pool.baseToken.mint, l.pool.baseToken);
  const universe = { tokens: launched };
  const ids = new Set<string>();
  let previous = scenario.startMs;
  let index = 0;
  for (const raw of entries) {
    const h = readEntryHeader(raw, index, scenario, previous);
    previous = h.atMs;
    parseEntry(h, universe, h.atMs);
    if (h.type === 'CANCEL') {
      if (!ids.has(h.clientOrderId)) throw fieldError('ORDER_NOT_FOUND', `${h.where}.clientOrderId`, `no earlier order ${h.clientOrderId} to cancel`);
    } else {
      if (ids.has(h.clientOrderId)) throw fieldError('DUPLICATE_CLIENT_ORDER_ID', `${h.where}.clientOrderId`, `${h.clientOrderId} is used by an earlier order`);
      ids.add(h.clientOrderId);
    }
    index++;
  }
  return index;
}
