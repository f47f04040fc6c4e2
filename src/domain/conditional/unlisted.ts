import { isValidMint } from '../mint.js';
import type { Token } from '../tokens.js';

/**
 * A sniper's token out before any pool lists its mint: the mint is all that is known of it. It
 * stands in the order (and its resting quote: nothing out) until the trigger, which fixes the
 * launched token with the quote.
 */
export function unlistedToken(mint: string): Token {
  return { symbol: mint, name: 'not listed yet', mint, decimals: 0, native: false };
}

/** The stand-in for a symbol that is a mint no market lists (an unlisted token's symbol is its mint). */
export function unlistedTokenFor(symbol: string): Token | undefined {
  return isValidMint(symbol) ? unlistedToken(symbol) : undefined;
}
