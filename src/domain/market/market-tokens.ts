import { fieldError } from '../errors.js';
import { findToken, TOKEN_LIST, type Token } from '../tokens.js';
import type { MarketState } from './market.js';

/**
 * Token lookup against a market: the static tokens (tokens.ts) first, then the tokens the market's
 * pool launches brought. Static entries win, so a launch can never shadow SOL or USDC.
 */

interface LaunchedIndex {
  readonly bySymbol: ReadonlyMap<string, Token>;
  readonly list: readonly Token[];
}

// Keyed by the tokens map itself: fills and motion keep the same map object across market
// versions, so the index is built once per launch, not once per version.
const INDEX = new WeakMap<ReadonlyMap<string, Token>, LaunchedIndex>();

function launchedIndex(tokens: ReadonlyMap<string, Token>): LaunchedIndex {
  let index = INDEX.get(tokens);
  if (index === undefined) {
    const list = [...tokens.values()];
    index = { bySymbol: new Map(list.map((t) => [t.symbol.toUpperCase(), t])), list };
    INDEX.set(tokens, index);
  }
  return index;
}

/**
 * Looks a token up by symbol (case-insensitive) or mint (exact) among the static tokens, then
 * among the market's launched ones. The native mint resolves to SOL, as in findToken.
 */
export function findMarketToken(market: Pick<MarketState, 'tokens'>, symbolOrMint: string): Token | undefined {
  const known = findToken(symbolOrMint);
  if (known !== undefined || market.tokens === undefined) return known;
  return market.tokens.get(symbolOrMint) ?? launchedIndex(market.tokens).bySymbol.get(symbolOrMint.toUpperCase());
}

/**
 * Like findMarketToken, but unknown input is an error naming `field`.
 * @throws DomainError UNKNOWN_TOKEN
 */
export function requireMarketToken(market: Pick<MarketState, 'tokens'>, symbolOrMint: unknown, field: string): Token {
  const token = typeof symbolOrMint === 'string' ? findMarketToken(market, symbolOrMint) : undefined;
  if (token === undefined) {
    throw fieldError('UNKNOWN_TOKEN', field, `unknown token "${String(symbolOrMint).slice(0, 64)}": use a symbol or a mint the market lists`, {
      token: String(symbolOrMint).slice(0, 64),
    });
  }
  return token;
}

/** Every token the market knows: the static list, then launched tokens in launch order. */
export function marketTokenList(market: Pick<MarketState, 'tokens'>): readonly Token[] {
  if (market.tokens === undefined || market.tokens.size === 0) return TOKEN_LIST;
  return [...TOKEN_LIST, ...launchedIndex(market.tokens).list];
}
