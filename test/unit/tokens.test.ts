import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors.js';
import { findToken, NATIVE_MINT, requireToken, TOKEN_LIST, TOKENS } from '../../src/domain/tokens.js';

describe('tokens', () => {
  // docs/venue-math.md §5
  it.each([
    ['SOL', 'So11111111111111111111111111111111111111112', 9, true],
    ['WSOL', 'So11111111111111111111111111111111111111112', 9, false],
    ['USDC', 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', 6, false],
    ['USDT', 'Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB', 6, false],
    ['BONK', 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263', 5, false],
    ['JUP', 'JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN', 6, false],
    ['RAY', '4k3Dyjzvzp8eMZWUXbBCjEvwSkkk59S5iCNLY3QrkX6R', 6, false],
  ] as const)('%s has mint %s, %i decimals, native=%s', (symbol, mint, decimals, native) => {
    const t = findToken(symbol);
    expect(t).toMatchObject({ symbol, mint, decimals, native });
    expect(TOKENS[symbol]).toBe(t);
  });

  it('finds symbols case-insensitively', () => {
    expect(findToken('usdc')).toBe(TOKENS.USDC);
    expect(findToken('Bonk')).toBe(TOKENS.BONK);
    expect(findToken('wsol')).toBe(TOKENS.WSOL);
  });

  it('finds by mint; the wrapped-SOL mint means native SOL (wrapAndUnwrapSol)', () => {
    expect(findToken(NATIVE_MINT)).toBe(TOKENS.SOL);
    expect(findToken(TOKENS.JUP.mint)).toBe(TOKENS.JUP);
    // base58 is case-sensitive: a mangled mint is not a token
    expect(findToken(TOKENS.JUP.mint.toLowerCase())).toBeUndefined();
  });

  it('lists every token once and freezes them', () => {
    expect(TOKEN_LIST.map((t) => t.symbol)).toEqual(['SOL', 'WSOL', 'USDC', 'USDT', 'BONK', 'JUP', 'RAY']);
    expect(Object.isFrozen(TOKENS.SOL)).toBe(true);
  });

  it('requireToken throws UNKNOWN_TOKEN', () => {
    expect(requireToken('ray')).toBe(TOKENS.RAY);
    let caught: unknown;
    try {
      requireToken('DOGE');
    } catch (e) {
      caught = e;
    }
    expect(isDomainError(caught, 'UNKNOWN_TOKEN')).toBe(true);
    expect(findToken('')).toBeUndefined();
  });
});
