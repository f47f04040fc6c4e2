import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors.js';
import { parseMarketSpec } from '../../src/domain/market/market-spec.js';
import { DEFAULT_MARKET_SPEC, poolsForPair, referenceRatio, usdPriceToRatio, withPools } from '../../src/domain/market/market.js';
import { TOKENS } from '../../src/domain/tokens.js';
import { spotPrice, swapExactIn } from '../../src/domain/venues/venue.js';
import type { Ratio } from '../../src/domain/venues/pool.js';
import { defaultMarket, NOW, rawSpec } from '../helpers/market-fixtures.js';

type Edit = (raw: Record<string, unknown>) => void;
const pools = (raw: Record<string, unknown>) => raw['pools'] as Record<string, unknown>[];
const tokens = (raw: Record<string, unknown>) => raw['tokens'] as Record<string, Record<string, unknown>>;

describe('parseMarketSpec', () => {
  it('accepts the default market', () => {
    expect(() => parseMarketSpec(rawSpec())).not.toThrow();
    expect(DEFAULT_MARKET_SPEC.pools.length).toBeGreaterThanOrEqual(6);
  });

  const cases: [string, Edit, RegExp][] = [
    ['root not an object', (r) => Object.keys(r).forEach((k) => delete r[k]), /tokens/],
    ['unknown token symbol', (r) => (tokens(r)['DOGE'] = { priceUsd: '1', volatilityPerSqrtSecond: 0 }), /unknown token/],
    ['SOL and WSOL both priced', (r) => (tokens(r)['WSOL'] = { priceUsd: '150', volatilityPerSqrtSecond: 0 }), /already prices/],
    ['price not a decimal', (r) => (tokens(r)['SOL']!['priceUsd'] = '1e2'), /priceUsd/],
    ['price zero', (r) => (tokens(r)['SOL']!['priceUsd'] = '0'), /priceUsd/],
    ['negative volatility', (r) => (tokens(r)['SOL']!['volatilityPerSqrtSecond'] = -1), /volatility/],
    ['no pools', (r) => (r['pools'] = []), /pools/],
    ['duplicate pool id', (r) => pools(r).push({ ...pools(r)[0]! }), /duplicate pool id/],
    ['unknown kind', (r) => (pools(r)[0]!['kind'] = 'CLMM'), /kind/],
    ['same base and quote', (r) => (pools(r)[0]!['quote'] = 'SOL'), /same mint/],
    ['token without a price', (r) => delete tokens(r)['RAY'], /RAY has no reference price/],
    ['binStep out of range', (r) => (pools(r)[1]!['binStep'] = 401), /binStep/],
    ['bad shape', (r) => (pools(r)[1]!['shape'] = 'wave'), /shape/],
    ['depth too precise', (r) => (pools(r)[0]!['depthBase'] = '1.0000000001'), /depthBase/],
    ['fee rate not an integer', (r) => (pools(r)[0]!['tradeFeeRate'] = 2.5), /tradeFeeRate/],
  ];
  it.each(cases)('rejects: %s', (_name, edit, message) => {
    const raw = rawSpec();
    edit(raw);
    try {
      parseMarketSpec(raw);
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e, 'INVALID_MARKET')).toBe(true);
      expect((e as Error).message).toMatch(message);
    }
  });

  it.each([null, 42, 'x', []])('rejects a non-object root %s', (raw) => {
    expect(() => parseMarketSpec(raw)).toThrow(/root must be an object/);
  });
});

/** (a − b)/b in bps, as a float (test-side only). */
function bpsApart(a: Ratio, b: Ratio): number {
  return (Number((a.num * b.den - b.num * a.den) * 1_000_000n / (b.num * a.den)) / 1_000_000) * 10_000;
}

describe('default market', () => {
  const market = defaultMarket();

  it.each([
    ['SOL', 'USDC', ['RAYDIUM', 'METEORA']],
    ['SOL', 'USDT', ['RAYDIUM']],
    ['BONK', 'SOL', ['RAYDIUM', 'METEORA']],
    ['JUP', 'USDC', ['RAYDIUM', 'METEORA']],
    ['RAY', 'SOL', ['RAYDIUM']],
    ['USDC', 'USDT', ['METEORA']],
  ] as const)('lists %s/%s on %j', (a, b, venues) => {
    const found = poolsForPair(market, TOKENS[a].mint, TOKENS[b].mint).map((p) => p.venue);
    expect([...found].sort()).toEqual([...venues].sort());
    // Unordered pair: same pools either way round.
    expect(poolsForPair(market, TOKENS[b].mint, TOKENS[a].mint)).toBe(poolsForPair(market, TOKENS[a].mint, TOKENS[b].mint));
  });

  it('has no pool for pairs that must route in two hops', () => {
    expect(poolsForPair(market, TOKENS.BONK.mint, TOKENS.USDC.mint)).toEqual([]);
    expect(poolsForPair(market, TOKENS.JUP.mint, TOKENS.SOL.mint)).toEqual([]);
  });

  it('prices SOL/USDC on the two venues a few bps apart, around the reference', () => {
    const [a, b] = poolsForPair(market, TOKENS.SOL.mint, TOKENS.USDC.mint);
    const apart = Math.abs(bpsApart(spotPrice(a!), spotPrice(b!)));
    expect(apart).toBeGreaterThanOrEqual(1);
    expect(apart).toBeLessThanOrEqual(20);
    const ref = referenceRatio(market, TOKENS.SOL.mint, TOKENS.USDC.mint);
    for (const p of [a!, b!]) expect(Math.abs(bpsApart(spotPrice(p), ref))).toBeLessThan(10);
  });

  it('starts every pool within its offset (plus one DLMM bin) of the reference', () => {
    for (const spec of DEFAULT_MARKET_SPEC.pools) {
      const pool = market.pools.get(spec.id)!;
      const ref = referenceRatio(market, pool.mintX, pool.mintY);
      const tolerance = Math.abs(spec.priceOffsetBps) + (spec.kind === 'DLMM' ? spec.binStep : 0) + 1;
      expect(Math.abs(bpsApart(spotPrice(pool), ref)), spec.id).toBeLessThanOrEqual(tolerance);
    }
  });

  it('stores reference prices as exact micro-USD per atom', () => {
    // $150 per SOL = 150e6 µUSD per 1e9 lamports.
    const sol = market.referencePrices.get(TOKENS.SOL.mint)!;
    expect(sol.num * 1_000_000_000n).toBe(150_000_000n * sol.den);
    expect(usdPriceToRatio('0.00002', 5)).toEqual({ num: 20_000_000n, den: 10n ** 11n });
  });

  it('withPools replaces pools by id and rebuilds the pair index for the new state', () => {
    const pool = market.pools.get('raydium-cpmm-sol-usdc')!;
    const moved = swapExactIn(pool, TOKENS.SOL.mint, 10n ** 12n, NOW).pool;
    const next = withPools(market, [moved]);
    expect(next.pools.get(pool.id)).toBe(moved);
    expect(market.pools.get(pool.id)).toBe(pool);
    expect(poolsForPair(next, TOKENS.SOL.mint, TOKENS.USDC.mint)).toContain(moved);
    expect(poolsForPair(market, TOKENS.SOL.mint, TOKENS.USDC.mint)).toContain(pool);
    expect(() => withPools(market, [{ ...moved, id: 'nope' }])).toThrow(/unknown pool/);
  });
});
