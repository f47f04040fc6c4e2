import { describe, expect, it } from 'vitest';
import { quoteAndExecute } from '../../src/domain/execute.js';
import { launchPool } from '../../src/domain/market/launch.js';
import { parseLaunchSpec } from '../../src/domain/market/launch-spec.js';
import { launchesDue } from '../../src/domain/market/launch-schedule.js';
import { DEFAULT_MARKET_SPEC, referenceRatio } from '../../src/domain/market/market.js';
import { parseMarketSpec } from '../../src/domain/market/market-spec.js';
import { findMarketToken, marketTokenList, requireMarketToken } from '../../src/domain/market/market-tokens.js';
import { stepMarket } from '../../src/domain/market/motion.js';
import { createRng } from '../../src/domain/rng.js';
import { findBestRoute } from '../../src/domain/router.js';
import { TOKEN_LIST, TOKENS } from '../../src/domain/tokens.js';
import { poolReserves, spotPrice } from '../../src/domain/venues/venue.js';
import { KITE_MINT, launchedMarket } from '../helpers/conditional-fixtures.js';
import { defaultMarket, NOW, rawSpec } from '../helpers/market-fixtures.js';

const KITE = { mint: KITE_MINT, symbol: 'KITE', decimals: 6, name: 'Kite Protocol' };
const raw = (edit: Record<string, unknown> = {}): Record<string, unknown> => ({
  venue: 'RAYDIUM',
  baseToken: { ...KITE },
  quoteToken: 'USDC',
  price: '0.05',
  baseAmount: '4000000',
  feeBps: 25,
  ...edit,
});

describe('the default market schedules KITE on both venues a minute in', () => {
  it('parses the schedule', () => {
    expect(DEFAULT_MARKET_SPEC.launches.map((l) => [l.afterMs, l.pool.venue, l.pool.baseToken.symbol])).toEqual([
      [60_000, 'RAYDIUM', 'KITE'],
      [60_000, 'METEORA', 'KITE'],
    ]);
  });

  it('launchesDue yields each launch once over consecutive windows', () => {
    const l = DEFAULT_MARKET_SPEC.launches;
    expect(launchesDue(l, -1, 59_999)).toEqual([]);
    expect(launchesDue(l, 59_999, 60_000)).toEqual([...l]);
    expect(launchesDue(l, 60_000, 120_000)).toEqual([]);
  });

  it('launching both adds two pools, one token, its reference price and volatility', () => {
    const before = defaultMarket();
    const m = launchedMarket();
    expect(m.pools.size).toBe(before.pools.size + 2);
    const kite = findMarketToken(m, 'kite')!;
    expect(kite).toMatchObject({ ...KITE, native: false });
    expect(findMarketToken(m, KITE_MINT)).toBe(kite);
    expect(marketTokenList(m)).toEqual([...TOKEN_LIST, kite]);
    // $0.05 a KITE: 0.05 µUSD per atom.
    expect(m.referencePrices.get(KITE_MINT)).toEqual({ num: 1n, den: 20n });
    expect(m.volatility.get(KITE_MINT)).toBe(0.0003);
    // Raydium opens at exactly the launch price, with the same value on both sides.
    const r = m.pools.get('raydium-cpmm-kite-usdc')!;
    expect(poolReserves(r)).toEqual({ x: 4_000_000n * 10n ** 6n, y: 200_000n * 10n ** 6n });
    expect(spotPrice(r)).toEqual({ num: 200_000n * 10n ** 6n, den: 4_000_000n * 10n ** 6n });
    const d = m.pools.get('meteora-dlmm-kite-usdc')!;
    expect(d.kind === 'DLMM' && [d.binStep, d.baseFactor * d.binStep]).toEqual([25, 250_000]);
    expect(poolReserves(d)).toEqual({ x: 2_000_000n * 10n ** 6n, y: 100_400n * 10n ** 6n });
  });

  it('routes into the new token (direct split, and two-hop through USDC) and moves it with the market', () => {
    let m = launchedMarket();
    const kite = findMarketToken(m, 'KITE')!;
    expect(findBestRoute(m, TOKENS.USDC, kite, 50_000n * 10n ** 6n, NOW).kind).toBe('SPLIT');
    const viaUsdc = findBestRoute(m, TOKENS.SOL, kite, 10n ** 9n, NOW);
    expect(viaUsdc.kind).toBe('TWO_HOP');
    m = quoteAndExecute(m, kite, TOKENS.USDC, 10n ** 12n, 0n, NOW).market;
    const stepped = stepMarket(m, createRng(3), 5, NOW + 5);
    expect(stepped.referencePrices.get(KITE_MINT)).not.toEqual(m.referencePrices.get(KITE_MINT));
    expect(stepped.tokens).toBe(m.tokens);
    // Arbitrage pulls the pool back toward the reference ratio after the sell moved it.
    const target = referenceRatio(stepped, KITE_MINT, TOKENS.USDC.mint);
    const gap = (pool: ReturnType<typeof stepped.pools.get>) => {
      const s = spotPrice(pool!);
      return Math.abs(Number(s.num * target.den) / Number(s.den * target.num) - 1);
    };
    expect(gap(stepped.pools.get('raydium-cpmm-kite-usdc'))).toBeLessThan(gap(m.pools.get('raydium-cpmm-kite-usdc')));
  });

  it('keeps every existing caller working: a market without launches has no tokens field', () => {
    expect(defaultMarket().tokens).toBeUndefined();
    expect(requireMarketToken(defaultMarket(), 'USDC', 'f')).toBe(TOKENS.USDC);
    expect(() => requireMarketToken(defaultMarket(), 'KITE', 'input.tokenOut')).toThrow(expect.objectContaining({ code: 'UNKNOWN_TOKEN', details: expect.objectContaining({ field: 'input.tokenOut' }) }));
  });
});

describe('parseLaunchSpec rejects, naming the field', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['bad venue', { venue: 'ORCA' }, 'VENUE_INVALID', 'p.venue'],
    ['bad mint', { baseToken: { ...KITE, mint: 'KITE0' } }, 'INVALID_MINT', 'p.baseToken.mint'],
    ['bad symbol', { baseToken: { ...KITE, symbol: 'KI TE' } }, 'SYMBOL_INVALID', 'p.baseToken.symbol'],
    ['a static symbol on another mint', { baseToken: { ...KITE, symbol: 'usdc' } }, 'SYMBOL_CLASH', 'p.baseToken.symbol'],
    ['a static mint with other decimals', { baseToken: { ...KITE, mint: TOKENS.RAY.mint, symbol: 'RAY', decimals: 9 } }, 'MINT_CLASH', 'p.baseToken.mint'],
    ['decimals out of range', { baseToken: { ...KITE, decimals: 19 } }, 'DECIMALS_OUT_OF_RANGE', 'p.baseToken.decimals'],
    ['no name', { baseToken: { ...KITE, name: ' ' } }, 'TOKEN_NAME_INVALID', 'p.baseToken.name'],
    ['zero liquidity', { baseAmount: '0' }, 'AMOUNT_ZERO', 'p.baseAmount'],
    ['negative liquidity', { baseAmount: '-5' }, 'AMOUNT_NEGATIVE', 'p.baseAmount'],
    ['too precise liquidity', { baseAmount: '1.0000001' }, 'AMOUNT_TOO_PRECISE', 'p.baseAmount'],
    ['a malformed price', { price: '5e-2' }, 'PRICE_MALFORMED', 'p.price'],
    ['fee out of range', { feeBps: 0 }, 'FEE_OUT_OF_RANGE', 'p.feeBps'],
    ['binStep on Raydium', { binStep: 10 }, 'BIN_STEP_OUT_OF_RANGE', 'p.binStep'],
    ['no binStep on Meteora', { venue: 'METEORA' }, 'BIN_STEP_OUT_OF_RANGE', 'p.binStep'],
    ['binStep out of range', { venue: 'METEORA', binStep: 401 }, 'BIN_STEP_OUT_OF_RANGE', 'p.binStep'],
    ['a fee the bin step cannot express', { venue: 'METEORA', binStep: 7, feeBps: 10 }, 'FEE_OUT_OF_RANGE', 'p.feeBps'],
    ['volatility out of range', { volatilityPerSqrtSecond: 1 }, 'MOTION_OUT_OF_RANGE', 'p.volatilityPerSqrtSecond'],
  ];
  it.each(cases)('%s', (_name, edit, code, field) => {
    expect(() => parseLaunchSpec(raw(edit), 'p')).toThrow(expect.objectContaining({ code, details: expect.objectContaining({ field }) }));
  });

  it('expresses a Meteora fee through the power factor when the base factor would overflow a u16', () => {
    const m = launchPool(defaultMarket(), parseLaunchSpec(raw({ venue: 'METEORA', binStep: 1, feeBps: 25 }), 'p'), NOW);
    const pool = m.pools.get('meteora-dlmm-kite-usdc')!;
    expect(pool.kind === 'DLMM' && [pool.baseFactor, pool.basePowerFactor]).toEqual([25_000, 1]);
  });
});

describe('launchPool rejects against the market', () => {
  const launched = launchedMarket();
  it.each([
    ['the pair already on the venue', launched, raw(), 'POOL_EXISTS', 'pool.venue'],
    ['an unknown quote token', defaultMarket(), raw({ quoteToken: 'DOGE' }), 'UNKNOWN_TOKEN', 'pool.quoteToken'],
    ['base and quote the same', defaultMarket(), raw({ baseToken: { mint: TOKENS.USDC.mint, symbol: 'USDC', decimals: 6, name: 'USD Coin' } }), 'SAME_TOKEN', 'pool.quoteToken'],
    ['a launched symbol on another mint', launched, raw({ baseToken: { ...KITE, mint: '11111111111111111111111111111112' }, quoteToken: 'SOL' }), 'SYMBOL_CLASH', 'pool.baseToken.symbol'],
    ['a price worth less than an atom', defaultMarket(), raw({ price: '0.000000000001', baseAmount: '1' }), 'PRICE_OUT_OF_RANGE', 'pool.price'],
  ])('%s', (_name, market, spec, code, field) => {
    expect(() => launchPool(market, parseLaunchSpec(spec, 'pool'), NOW)).toThrow(expect.objectContaining({ code, details: expect.objectContaining({ field }) }));
  });

  it('launches an existing static token on a new pair and keeps its reference price', () => {
    const spec = parseLaunchSpec(raw({ venue: 'METEORA', binStep: 10, baseToken: { mint: TOKENS.RAY.mint, symbol: 'RAY', decimals: 6, name: 'Raydium' }, price: '2.6' }), 'pool');
    const before = defaultMarket();
    const m = launchPool(before, spec, NOW);
    expect(m.pools.has('meteora-dlmm-ray-usdc')).toBe(true);
    expect(m.referencePrices.get(TOKENS.RAY.mint)).toBe(before.referencePrices.get(TOKENS.RAY.mint));
    expect(m.tokens).toBeUndefined();
  });
});

describe('parseMarketSpec launches', () => {
  const withLaunches = (launches: unknown) => ({ ...rawSpec(), launches });
  const kiteLaunch = (edit: Record<string, unknown> = {}) => ({ after: '60s', pool: raw(edit) });

  it.each([
    ['not an array', {}, 'SCENARIO_INVALID', 'launches'],
    ['a malformed delay', [{ ...kiteLaunch(), after: '1 min' }], 'DURATION_MALFORMED', 'launches[0].after'],
    ['a delay over 30 days', [{ ...kiteLaunch(), after: '31d' }], 'DURATION_OUT_OF_RANGE', 'launches[0].after'],
    ['a quote token the spec does not price', [kiteLaunch({ quoteToken: 'WIDE' })], 'UNKNOWN_TOKEN', 'launches[0].pool.quoteToken'],
    ['a pair the venue already lists', [kiteLaunch({ baseToken: { mint: TOKENS.JUP.mint, symbol: 'JUP', decimals: 6, name: 'Jupiter' } })], 'POOL_EXISTS', 'launches[0].pool.venue'],
    ['the same launch twice', [kiteLaunch(), kiteLaunch()], 'POOL_EXISTS', 'launches[1].pool.venue'],
    ['a bad field inside', [kiteLaunch({ feeBps: 5000 })], 'FEE_OUT_OF_RANGE', 'launches[0].pool.feeBps'],
  ])('rejects %s', (_name, launches, code, field) => {
    expect(() => parseMarketSpec(withLaunches(launches))).toThrow(expect.objectContaining({ code, details: expect.objectContaining({ field }) }));
  });

  const moth = { mint: '11111111111111111111111111111112', symbol: 'MOTH', decimals: 6, name: 'Moth' };
  it('accepts a quote token launched earlier, and sorts by delay keeping ties in order', () => {
    const spec = parseMarketSpec(withLaunches([{ after: '90s', pool: raw({ baseToken: moth, quoteToken: 'KITE' }) }, kiteLaunch(), { after: '60s', pool: raw({ venue: 'METEORA', binStep: 25 }) }]));
    expect(spec.launches.map((l) => `${l.afterMs}:${l.pool.venue}:${l.pool.baseToken.symbol}`)).toEqual(['60000:RAYDIUM:KITE', '60000:METEORA:KITE', '90000:RAYDIUM:MOTH']);
  });

  it('rejects a quote token that launches only later', () => {
    expect(() => parseMarketSpec(withLaunches([kiteLaunch(), { after: '30s', pool: raw({ baseToken: moth, quoteToken: 'KITE' }) }]))).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_TOKEN', details: expect.objectContaining({ field: 'launches[1].pool.quoteToken' }) }),
    );
  });
});
