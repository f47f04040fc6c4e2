import { DomainError } from './errors.js';

/** A token the simulator knows. Mints and decimals are the mainnet values (docs/venue-math.md §5). */
export interface Token {
  readonly symbol: string;
  readonly name: string;
  readonly mint: string;
  readonly decimals: number;
  /** True only for native SOL (lamports), which pools never hold: it is wrapped at the edges. */
  readonly native: boolean;
}

/** The native mint: WSOL token accounts on it are backed by lamports (docs/venue-math.md §5). */
export const NATIVE_MINT = 'So11111111111111111111111111111111111111112';

// Mints and decimals: docs/venue-math.md §5 (raydium-sdk-V2 pubKey.ts / token constant.ts, jup-ag docs).
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

/**
 * The largest order accepted per token, in whole tokens: about the token's total supply, rounded
 * UP to a power of ten. A design choice, not a protocol limit (SPL amounts go up to u64::MAX
 * atoms): an order for more than could exist is a client mistake (a units slip, a pasted atom
 * count), and rejecting it at the edge with its own reason beats quoting it against pools that
 * would merely show ~100% impact. Supplies are rough public figures (mid-2020s), which the
 * rounding makes insensitive to growth for years:
 *   SOL (and WSOL) ≈ 0.6 B SOL → 10^9;  USDC ≈ 60-80 B → 10^11;  USDT → 10^11 (same stablecoin
 *   bound; its SPL mint is far smaller);  BONK ≈ 88 T (max supply 100 T) → 10^14;
 *   JUP: max supply 10 B → 10^10;  RAY: max supply 555 M → 10^9.
 * All are below u64::MAX atoms (BONK: 10^14 × 10^5 = 10^19 < 1.8·10^19), which stays the absolute
 * bound for any amount.
 */
const MAX_ORDER_WHOLE: Readonly<Record<TokenSymbol, bigint>> = Object.freeze({
  SOL: 10n ** 9n,
  WSOL: 10n ** 9n,
  USDC: 10n ** 11n,
  USDT: 10n ** 11n,
  BONK: 10n ** 14n,
  JUP: 10n ** 10n,
  RAY: 10n ** 9n,
});

/**
 * The largest order size for `token`, in atoms (MAX_ORDER_WHOLE × 10^decimals); undefined for a
 * token this table does not list (then only u64::MAX applies).
 */
export function maxOrderAtoms(token: Token): bigint | undefined {
  // Looked up per order and per quote: the bigint power once per token, not per call.
  let atoms = MAX_ORDER_ATOMS.get(token);
  if (atoms === undefined && !MAX_ORDER_ATOMS.has(token)) {
    const whole = (MAX_ORDER_WHOLE as Readonly<Record<string, bigint>>)[token.symbol];
    atoms = whole === undefined ? undefined : whole * 10n ** BigInt(token.decimals);
    MAX_ORDER_ATOMS.set(token, atoms);
  }
  return atoms;
}
const MAX_ORDER_ATOMS = new WeakMap<Token, bigint | undefined>();

const BY_SYMBOL = new Map(TOKEN_LIST.map((t) => [t.symbol.toUpperCase(), t]));
// WSOL's mint maps to native SOL: with wrapAndUnwrapSol (Jupiter's default) a user naming the
// native mint means SOL in their wallet, wrapped and unwrapped around the swap (docs/venue-math.md §5).
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
