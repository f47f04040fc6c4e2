import { DomainError } from './errors.js';

/** A token the simulator knows. Mints and decimals are the mainnet values (dex-model.md §4). */
export interface Token {
  readonly symbol: string;
  readonly name: string;
  readonly mint: string;
  readonly decimals: number;
  /** True only for native SOL (lamports), which pools never hold: it is wrapped at the edges. */
  readonly native: boolean;
}

/** The native mint: WSOL token accounts on it are backed by lamports (dex-model.md §4 "WSOL"). */
export const NATIVE_MINT = 'So11111111111111111111111111111111111111112';

// Mints and decimals: dex-model.md §4 (raydium-sdk-V2 pubKey.ts / token constant.ts, jup-ag docs).
const SOL: Token = Object.freeze({ symbol: 'SOL', name: 'Solana', mint: NATIVE_MINT, decimals: 9, native: true });
const WSOL: Token = Object.freeze({ symbol: 'WSOL', name: 'Wrapped SOL', mint: NATIVE_MINT, decimals: 9, native: false });
const USDC: Token = Object.freeze({ symbol: 'USDC', name: 'USD Coin', mint: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', decimals: 6, native: false });
const USDT: Token = Object.freeze({ symbol: 'USDT', name: 'Tether USD', mint: 'Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB', decimals: 6, native: false });
const BONK: Token = Object.freeze({ symbol: 'BONK', name: 'Bonk', mint: 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263', decimals: 5, native: false });
const JUP: Token = Object.freeze({ symbol: 'JUP', name: 'Jupiter', mint: 'JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN', decimals: 6, native: false });
const RAY: Token = Object.freeze({ symbol: 'RAY', name: 'Raydium', mint: '4k3Dyjzvzp8eMZWUXbBCjEvwSkkk59S5iCNLY3QrkX6R', decimals: 6, native: false });

export type TokenSymbol = 'SOL' | 'WSOL' | 'USDC' | 'USDT' | 'BONK' | 'JUP' | 'RAY';

/** Every known token by symbol (`TOKENS.USDC.mint`). */
export const TOKENS: Readonly<Record<TokenSymbol, Token>> = Object.freeze({ SOL, WSOL, USDC, USDT, BONK, JUP, RAY });

/** The same tokens as a list, in a stable display order. */
export const TOKEN_LIST: readonly Token[] = Object.freeze([SOL, WSOL, USDC, USDT, BONK, JUP, RAY]);

const BY_SYMBOL = new Map(TOKEN_LIST.map((t) => [t.symbol.toUpperCase(), t]));
// WSOL's mint maps to native SOL: with wrapAndUnwrapSol (Jupiter's default) a user naming the
// native mint means SOL in their wallet, wrapped and unwrapped around the swap (dex-model.md §3).
const BY_MINT = new Map(TOKEN_LIST.filter((t) => t.symbol !== 'WSOL').map((t) => [t.mint, t]));

/**
 * Looks a token up by symbol (case-insensitive) or by mint (exact, base58 is case-sensitive).
 * The native mint resolves to SOL (native); ask for the symbol "WSOL" to get the wrapped token.
 */
export function findToken(symbolOrMint: string): Token | undefined {
  return BY_SYMBOL.get(symbolOrMint.toUpperCase()) ?? BY_MINT.get(symbolOrMint);
}

/**
 * Like findToken, but unknown input is a domain error.
 * @throws DomainError UNKNOWN_TOKEN
 */
export function requireToken(symbolOrMint: string): Token {
  const token = findToken(symbolOrMint);
  if (token === undefined) throw new DomainError('UNKNOWN_TOKEN', `unknown token: ${symbolOrMint}`, { token: symbolOrMint });
  return token;
}
