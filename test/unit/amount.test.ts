import { describe, expect, it } from 'vitest';
import { formatAmount, MAX_TOKEN_ATOMS, parseAmount, parseDecimalRatio, parseOrderAmount } from '../../src/domain/amount.js';
import { isDomainError, type DomainErrorCode } from '../../src/domain/errors.js';
import { maxOrderAtoms, TOKEN_LIST, TOKENS } from '../../src/domain/tokens.js';

function codeOf(f: () => unknown): DomainErrorCode | undefined {
  try {
    f();
  } catch (e) {
    if (isDomainError(e)) return e.code;
    throw e;
  }
  return undefined;
}

describe('parseAmount: accepted', () => {
  it.each([
    ['1', 6, 1_000_000n],
    ['1.5', 6, 1_500_000n],
    ['0.000001', 6, 1n],
    ['150.25', 9, 150_250_000_000n],
    ['007', 0, 7n],
    ['1.50', 1, 15n], // trailing zeros past the precision are exact, so accepted
    ['18446744073709551615', 0, MAX_TOKEN_ATOMS],
    ['18446744073.709551615', 9, MAX_TOKEN_ATOMS],
  ] as const)('%s with %i decimals → %s atoms', (text, decimals, atoms) => {
    expect(parseAmount(text, decimals)).toBe(atoms);
  });
});

describe('parseAmount: rejected, each with its own code', () => {
  it.each([
    ['', 6, 'AMOUNT_EMPTY'],
    ['   ', 6, 'AMOUNT_EMPTY'],
    ['\t\n', 6, 'AMOUNT_EMPTY'],
    ['1.2.3', 6, 'AMOUNT_MALFORMED'],
    ['abc', 6, 'AMOUNT_MALFORMED'],
    ['1,5', 6, 'AMOUNT_MALFORMED'],
    ['+1', 6, 'AMOUNT_MALFORMED'],
    ['.', 6, 'AMOUNT_MALFORMED'],
    ['.5', 6, 'AMOUNT_MALFORMED'], // documented choice: digits on both sides of the dot
    ['5.', 6, 'AMOUNT_MALFORMED'],
    ['0x10', 6, 'AMOUNT_MALFORMED'],
    [' 1', 6, 'AMOUNT_MALFORMED'], // documented choice: no silent trimming
    ['1 ', 6, 'AMOUNT_MALFORMED'],
    ['1_000', 6, 'AMOUNT_MALFORMED'],
    ['Infinity', 6, 'AMOUNT_MALFORMED'],
    ['NaN', 6, 'AMOUNT_MALFORMED'],
    ['-', 6, 'AMOUNT_MALFORMED'],
    ['-abc', 6, 'AMOUNT_MALFORMED'],
    ['-1', 6, 'AMOUNT_NEGATIVE'],
    ['-0.5', 6, 'AMOUNT_NEGATIVE'],
    ['1e3', 6, 'AMOUNT_EXPONENT'],
    ['1E-3', 6, 'AMOUNT_EXPONENT'],
    ['1.5e+2', 6, 'AMOUNT_EXPONENT'],
    ['-1e3', 6, 'AMOUNT_EXPONENT'],
    ['0', 6, 'AMOUNT_ZERO'],
    ['0.000', 6, 'AMOUNT_ZERO'],
    ['000', 6, 'AMOUNT_ZERO'],
    ['0.0000001', 6, 'AMOUNT_TOO_PRECISE'], // 7 places for a 6-decimal token
    ['1.0000001', 6, 'AMOUNT_TOO_PRECISE'],
    ['18446744073709551616', 0, 'AMOUNT_TOO_LARGE'], // u64::MAX + 1
    ['18446744073.709551616', 9, 'AMOUNT_TOO_LARGE'],
    ['9'.repeat(5000), 6, 'AMOUNT_TOO_LARGE'],
  ] as const)('%j (%i decimals) → %s', (text, decimals, code) => {
    expect(codeOf(() => parseAmount(text, decimals))).toBe(code);
  });

  it('rejects an impossible decimals argument as a programming error', () => {
    expect(() => parseAmount('1', -1)).toThrow(RangeError);
    expect(() => parseAmount('1', 1.5)).toThrow(RangeError);
  });
});

describe('formatAmount', () => {
  it.each([
    [1_500_000n, 6, '1.5'],
    [2_000_000n, 6, '2'],
    [1n, 6, '0.000001'],
    [0n, 6, '0'],
    [-1_500_000n, 6, '-1.5'],
    [-1n, 9, '-0.000000001'],
    [123n, 0, '123'],
    [MAX_TOKEN_ATOMS, 9, '18446744073.709551615'],
  ] as const)('%s atoms, %i decimals → %s', (atoms, decimals, text) => {
    expect(formatAmount(atoms, decimals)).toBe(text);
  });

  it('round-trips with parseAmount for positive amounts', () => {
    for (const [atoms, decimals] of [[1n, 9], [123_456_789n, 6], [10n ** 15n, 5], [42n, 0]] as const) {
      expect(parseAmount(formatAmount(atoms, decimals), decimals)).toBe(atoms);
    }
  });
});

describe('parseDecimalRatio', () => {
  it('parses prices exactly', () => {
    expect(parseDecimalRatio('150.25')).toEqual({ num: 15025n, den: 100n });
    expect(parseDecimalRatio('2')).toEqual({ num: 2n, den: 1n });
  });
  it.each([
    ['', 'AMOUNT_EMPTY'],
    ['0.0', 'AMOUNT_ZERO'],
    ['-1', 'AMOUNT_NEGATIVE'],
    ['1e2', 'AMOUNT_EXPONENT'],
    ['x', 'AMOUNT_MALFORMED'],
  ] as const)('%j → %s', (text, code) => {
    expect(codeOf(() => parseDecimalRatio(text))).toBe(code);
  });
});

describe('parseOrderAmount: every token caps an order at about its supply (below u64::MAX); above it is AMOUNT_TOO_LARGE naming the cap', () => {
  it.each([
    // about the supply rounded up to a power of ten (tokens.ts MAX_ORDER_WHOLE)
    ['SOL', '1000000000', '1000000000.000000001'],
    ['WSOL', '1000000000', '1000000001'],
    ['USDC', '100000000000', '100000000000.000001'],
    ['USDT', '100000000000', '100000000001'],
    ['BONK', '100000000000000', '100000000000000.00001'],
    ['JUP', '10000000000', '10000000000.000001'],
    ['RAY', '1000000000', '1000000000.000001'],
  ] as const)('%s: accepts %s, rejects %s with AMOUNT_TOO_LARGE', (symbol, atMax, above) => {
    const token = TOKENS[symbol];
    expect(parseOrderAmount(atMax, token)).toBe(maxOrderAtoms(token));
    try {
      parseOrderAmount(above, token);
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e, 'AMOUNT_TOO_LARGE'), String(e)).toBe(true);
      expect((e as { details: Record<string, unknown> }).details['max']).toBe(maxOrderAtoms(token)!.toString());
    }
    // parseAmount keeps u64::MAX as its only bound unless a cap is passed.
    expect(parseAmount(above, token.decimals)).toBeGreaterThan(maxOrderAtoms(token)!);
    expect(codeOf(() => parseAmount(above, token.decimals, maxOrderAtoms(token)))).toBe('AMOUNT_TOO_LARGE');
  });

  it('keeps the other codes and u64::MAX as the absolute bound', () => {
    expect(codeOf(() => parseOrderAmount('0', TOKENS.SOL))).toBe('AMOUNT_ZERO');
    expect(codeOf(() => parseOrderAmount('1.0000000001', TOKENS.SOL))).toBe('AMOUNT_TOO_PRECISE');
    expect(codeOf(() => parseOrderAmount('99999999999999999999999', TOKENS.SOL))).toBe('AMOUNT_TOO_LARGE');
    expect(codeOf(() => parseAmount('18446744073709551616', 0, 10n ** 30n))).toBe('AMOUNT_TOO_LARGE');
    for (const t of TOKEN_LIST) expect(maxOrderAtoms(t)! <= MAX_TOKEN_ATOMS, t.symbol).toBe(true);
  });
});

describe('hostile lengths', () => {
  const KIB64 = 64 * 1024;
  it.each([
    ['a zero run before a last digit', `1.${'0'.repeat(KIB64)}1`, 'AMOUNT_TOO_PRECISE'],
    ['a long zero fraction then garbage', `1.${'0'.repeat(KIB64)}x`, 'AMOUNT_MALFORMED'],
    ['a long integer', '9'.repeat(KIB64), 'AMOUNT_TOO_LARGE'],
    ['a long integer then an exponent', `${'1'.repeat(KIB64)}e5`, 'AMOUNT_EXPONENT'],
    ['a long integer then garbage', `${'1'.repeat(KIB64)}e`, 'AMOUNT_MALFORMED'],
    ['leading zeros', `${'0'.repeat(KIB64)}1`, undefined],
  ])('%s gets its code in one pass, and the error does not echo the text', (_name, text, code) => {
    if (code === undefined) {
      expect(parseAmount(text, 9)).toBe(10n ** 9n);
      return;
    }
    try {
      parseAmount(text, 9);
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e, code as never), String(e)).toBe(true);
      expect(JSON.stringify((e as { details: unknown }).details).length).toBeLessThan(200);
    }
  });

  it('trailing zeros past the precision are still accepted, however many', () => {
    expect(parseAmount(`1.5${'0'.repeat(KIB64)}`, 1)).toBe(15n);
  });
});
