import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/domain/duration.js';
import { isValidMint, requireMint } from '../../src/domain/mint.js';
import { atomRatio, atomsAtPrice, parsePrice } from '../../src/domain/price.js';
import { TOKEN_LIST } from '../../src/domain/tokens.js';

describe('isValidMint', () => {
  it.each(TOKEN_LIST.map((t) => [t.symbol, t.mint]))('accepts %s mint', (_s, mint) => {
    expect(isValidMint(mint)).toBe(true);
  });

  it.each([
    ['the all-zero key (32 ones)', '11111111111111111111111111111111', true],
    ['31 ones: 31 bytes', '1111111111111111111111111111111', false],
    ['a 0, not in the alphabet', 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt10', false],
    ['an O, not in the alphabet', 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDtO', false],
    ['an l, not in the alphabet', 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDtl', false],
    ['44 characters worth 33 bytes', 'z'.repeat(44), false],
    ['45 characters', '2' + 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', false],
    ['a trailing space', 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v ', false],
    ['non-ASCII', 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1é', false],
    ['empty', '', false],
  ])('%s → %s', (_name, text, ok) => {
    expect(isValidMint(text)).toBe(ok);
  });

  it('decides a megabyte of input without decoding it (length is checked first)', () => {
    expect(isValidMint('2'.repeat(1_000_000))).toBe(false);
  });

  it('requireMint names the field', () => {
    expect(() => requireMint(42, 'input.tokenOut')).toThrow(expect.objectContaining({ code: 'INVALID_MINT', details: expect.objectContaining({ field: 'input.tokenOut' }) }));
  });
});

describe('parsePrice', () => {
  it.each([
    ['150.25', 15025n, 100n],
    ['0.000000000000000001', 1n, 10n ** 18n],
    ['007.50', 75n, 10n],
    ['1', 1n, 1n],
  ])('%s is %s/%s', (text, num, den) => {
    const r = parsePrice(text, 'p');
    expect(r.num * den).toBe(num * r.den);
  });

  it.each([
    ['', 'PRICE_MALFORMED'],
    ['1e3', 'PRICE_MALFORMED'],
    ['-1', 'PRICE_MALFORMED'],
    [' 1', 'PRICE_MALFORMED'],
    ['.5', 'PRICE_MALFORMED'],
    ['0', 'PRICE_OUT_OF_RANGE'],
    ['0.000', 'PRICE_OUT_OF_RANGE'],
    ['0.0000000000000000001', 'PRICE_TOO_PRECISE'],
    ['123456789012345678901', 'PRICE_TOO_PRECISE'],
  ])('rejects %j with %s', (text, code) => {
    expect(() => parsePrice(text, 'input.limitPrice')).toThrow(expect.objectContaining({ code, details: expect.objectContaining({ field: 'input.limitPrice' }) }));
  });

  it('rejects a non-string', () => {
    expect(() => parsePrice(150, 'p')).toThrow(expect.objectContaining({ code: 'PRICE_MALFORMED' }));
  });
});

describe('atomsAtPrice', () => {
  // 1.5 SOL (9 decimals) at 150.123457 USDC (6 decimals) = 225.1851855 USDC: 225185185.5 atoms.
  const price = parsePrice('150.123457', 'p');
  it('rounds a limit minimum up and a stop level down', () => {
    expect(atomsAtPrice(1_500_000_000n, price, 9, 6, 'up')).toBe(225_185_186n);
    expect(atomsAtPrice(1_500_000_000n, price, 9, 6, 'down')).toBe(225_185_185n);
  });

  it('is exact when the product is whole', () => {
    expect(atomsAtPrice(2_000_000_000n, parsePrice('150', 'p'), 9, 6, 'up')).toBe(300_000_000n);
  });

  it('atomRatio scales by the decimals', () => {
    expect(atomRatio(parsePrice('150', 'p'), 9, 6)).toEqual({ num: 150n * 10n ** 6n, den: 10n ** 9n });
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['60s', 60_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    [1234, 1234],
  ])('%s → %i ms', (text, ms) => {
    expect(parseDuration(text, 'after')).toBe(ms);
  });

  it.each(['1.5s', '60', '5 m', '-1s', '1w', '', -5, 1.5])('rejects %j', (text) => {
    expect(() => parseDuration(text, 'launches[0].after')).toThrow(expect.objectContaining({ code: 'DURATION_MALFORMED', details: expect.objectContaining({ field: 'launches[0].after' }) }));
  });
});
