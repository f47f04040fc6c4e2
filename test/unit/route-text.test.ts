import { describe, expect, it } from 'vitest';
import { describeRoute } from '../../src/domain/route-text.js';
import { findBestRoute } from '../../src/domain/router.js';
import { TOKENS, type TokenSymbol } from '../../src/domain/tokens.js';
import { defaultMarket, NOW } from '../helpers/market-fixtures.js';

const market = defaultMarket();
const text = (a: TokenSymbol, b: TokenSymbol, whole: number): string =>
  describeRoute(findBestRoute(market, TOKENS[a], TOKENS[b], BigInt(Math.round(whole * 10 ** TOKENS[a].decimals)), NOW));

describe('describeRoute', () => {
  it.each([
    ['SOL', 'USDC', 10, 'METEORA'],
    ['SOL', 'USDC', 300, 'RAYDIUM 2% + METEORA 98%'],
    ['BONK', 'USDC', 1e8, 'METEORA → METEORA'],
    ['RAY', 'JUP', 300_000, 'RAYDIUM → RAYDIUM 11% + METEORA 89% → RAYDIUM 6% + METEORA 94%'],
    // Two paths: each with its share of the order and the tokens it goes through.
    ['SOL', 'USDC', 2000, '96% direct: RAYDIUM 10% + METEORA 90%; 4% via USDT: RAYDIUM → METEORA'],
    ['USDC', 'USDT', 2_040_000, '98% direct: METEORA; 2% via SOL: METEORA → RAYDIUM'],
  ] as const)('%s → %s (%s): %s', (a, b, whole, expected) => {
    expect(text(a, b, whole)).toBe(expected);
  });

  it('reads a stored route without path indexes as one path', () => {
    const r = findBestRoute(market, TOKENS.SOL, TOKENS.USDT, 10n ** 10n, NOW);
    expect(describeRoute({ ...r, legs: r.legs.map(({ path: _path, ...leg }) => leg) })).toBe(describeRoute(r));
  });
});
