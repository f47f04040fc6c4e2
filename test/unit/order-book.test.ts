import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulShr, ONE_Q64, SCALE_OFFSET, shlDiv } from '../../src/domain/bigmath.js';
import { isDomainError } from '../../src/domain/errors.js';
import type { MarketState } from '../../src/domain/market/market.js';
import { bookPriceText, orderBook, type BookLevel, type PoolBook } from '../../src/domain/order-book.js';
import { TOKENS } from '../../src/domain/tokens.js';
import { binPrice, createDlmmPool, swapDlmm } from '../../src/domain/venues/meteora-dlmm.js';
import type { DlmmBin, DlmmPool, Pool, Ratio } from '../../src/domain/venues/pool.js';
import { createCpmmPool } from '../../src/domain/venues/raydium-cpmm.js';
import { spotPrice, swapExactIn } from '../../src/domain/venues/venue.js';
import { defaultMarket, NOW } from '../helpers/market-fixtures.js';

fc.configureGlobal({ ...fc.readConfigureGlobal(), interruptAfterTimeLimit: 20_000, markInterruptAsFailure: true });

const X = 'MintX111111111111111111111111111111111111111';
const Y = 'MintY111111111111111111111111111111111111111';

function marketOf(...pools: Pool[]): MarketState {
  return { pools: new Map(pools.map((p) => [p.id, p])), referencePrices: new Map(), volatility: new Map() };
}

/** The single pool's book for base/quote. */
function bookOf(pool: Pool, base: string, quote: string, levels = 20, nowSec = NOW, stepBps?: number): PoolBook {
  const b = orderBook(marketOf(pool), base, quote, nowSec, levels, stepBps);
  expect(b.pools).toHaveLength(1);
  return b.pools[0]!;
}

const cmp = (a: Ratio, b: Ratio): number => {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
};

/** Quote per base after a swap (spotPrice is Y per X). */
function quotePerBase(pool: Pool, base: string): Ratio {
  const s = spotPrice(pool);
  return pool.mintX === base ? s : { num: s.den, den: s.num };
}

/**
 * What every level promises a taker: sending the cumulative amount plus the cumulative fee pays
 * out exactly the cumulative other side. The fee the swap reports is the level's to the atom on a
 * CPMM; on a DLMM the last bin's fee, taken from an amount that includes it, may be one atom less
 * (docs/venue-math.md §9).
 */
function expectSweepsMatchSwaps(pool: Pool, base: string, quote: string, book: PoolBook, nowSec = NOW): void {
  const sweep = (l: BookLevel, mintIn: string, out: bigint): void => {
    const s = swapExactIn(pool, mintIn, (mintIn === quote ? l.cumulativeQuote : l.cumulativeBase) + l.cumulativeFee, nowSec);
    expect(s.amountOut).toBe(out);
    if (pool.kind === 'CPMM') expect(s.fee).toBe(l.cumulativeFee);
    else expect(l.cumulativeFee - s.fee >= 0n && l.cumulativeFee - s.fee <= 1n, `fee ${s.fee} vs ${l.cumulativeFee}`).toBe(true);
  };
  for (const l of book.asks) sweep(l, quote, l.cumulativeBase);
  for (const l of book.bids) sweep(l, base, l.cumulativeQuote);
}

/**
 * A CPMM level's input moves the pool's own spot to the level price (fee included, the pool ends at
 * least that far: the LP fee only adds to the input reserve); without a fee, one atom less does not.
 */
function expectLeastReaching(pool: Pool & { kind: 'CPMM' }, base: string, quote: string, book: PoolBook): void {
  const after = (mintIn: string, amount: bigint): Ratio => quotePerBase(swapExactIn(pool, mintIn, amount, NOW).pool, base);
  for (const l of book.asks) {
    expect(cmp(after(quote, l.cumulativeQuote + l.cumulativeFee), l.price)).toBeGreaterThanOrEqual(0);
    if (pool.tradeFeeRate === 0n && l.cumulativeQuote > 1n) expect(cmp(after(quote, l.cumulativeQuote - 1n), l.price)).toBeLessThan(0);
  }
  for (const l of book.bids) {
    expect(cmp(after(base, l.cumulativeBase + l.cumulativeFee), l.price)).toBeLessThanOrEqual(0);
    if (pool.tradeFeeRate === 0n && l.cumulativeBase > 1n) expect(cmp(after(base, l.cumulativeBase - 1n), l.price)).toBeGreaterThan(0);
  }
}

/** Levels add up, prices run away from the mid on each side, cumulative columns are running sums. */
function expectWellFormed(book: PoolBook): void {
  for (const [side, levels] of [['asks', book.asks], ['bids', book.bids]] as const) {
    let base = 0n;
    let quote = 0n;
    let fee = 0n;
    let last: Ratio = book.mid;
    for (const l of levels) {
      base += l.base;
      quote += l.quote;
      fee += l.fee;
      expect([l.cumulativeBase, l.cumulativeQuote, l.cumulativeFee]).toEqual([base, quote, fee]);
      expect(l.base >= 0n && l.quote >= 0n && l.fee >= 0n).toBe(true);
      // The DLMM active bin sits in both sides at the mid; every other step moves away from it.
      const c = cmp(l.price, last);
      if (side === 'asks') expect(c >= 0 && (c > 0 || l === levels[0])).toBe(true);
      else expect(c <= 0 && (c < 0 || l === levels[0])).toBe(true);
      last = l.price;
    }
  }
}

describe('a Raydium CPMM sampled at fixed bps steps', () => {
  const pool = createCpmmPool({ id: 'c', mintX: X, mintY: Y, reserveX: 40_000n * 10n ** 9n, reserveY: 6_000_000n * 10n ** 6n });
  const noFee = createCpmmPool({ id: 'c0', mintX: X, mintY: Y, reserveX: 40_000n * 10n ** 9n, reserveY: 6_000_000n * 10n ** 6n, tradeFeeRate: 0 });

  it('levels sit at mid·(1 ± k·10 bps), and the fee rate is the trade fee', () => {
    const book = bookOf(pool, X, Y);
    expect(book.mid).toEqual({ num: 6_000_000n * 10n ** 6n, den: 40_000n * 10n ** 9n });
    expect(book.feeRate).toEqual({ num: 2500n, den: 1_000_000n });
    expect(book.asks).toHaveLength(20);
    expect(book.bids).toHaveLength(20);
    book.asks.forEach((l, i) => expect(cmp(l.price, { num: book.mid.num * BigInt(10_000 + 10 * (i + 1)), den: book.mid.den * 10_000n })).toBe(0));
    book.bids.forEach((l, i) => expect(cmp(l.price, { num: book.mid.num * BigInt(10_000 - 10 * (i + 1)), den: book.mid.den * 10_000n })).toBe(0));
    expect(bookPriceText(book.mid, 9, 6)).toBe('150');
    expect(bookPriceText(book.asks[0]!.price, 9, 6)).toBe('150.15');
    expect(bookPriceText(book.bids[19]!.price, 9, 6)).toBe('147');
    expectWellFormed(book);
  });

  it('each cumulative level is exactly what swapExactIn pays for that input plus fee', () => {
    expectSweepsMatchSwaps(pool, X, Y, bookOf(pool, X, Y));
    expectSweepsMatchSwaps(noFee, X, Y, bookOf(noFee, X, Y));
  });

  it('a level is the least input that moves the pool to its price (no fee, so the curve is the pool)', () => {
    expectLeastReaching(noFee, X, Y, bookOf(noFee, X, Y, 10));
  });

  it('reads the same whichever way round the pool stores the pair', () => {
    const flipped = createCpmmPool({ id: 'c', mintX: Y, mintY: X, reserveX: pool.reserveY, reserveY: pool.reserveX });
    expect(bookOf(flipped, X, Y)).toEqual(bookOf(pool, X, Y));
    expectSweepsMatchSwaps(flipped, X, Y, bookOf(flipped, X, Y));
    // And the other pair direction: Y priced in X.
    const inverse = bookOf(pool, Y, X);
    expect(inverse.mid).toEqual({ num: pool.reserveX, den: pool.reserveY });
    expectWellFormed(inverse);
    expectSweepsMatchSwaps(pool, Y, X, inverse);
  });

  it('a side ends where the input vault would pass u64::MAX', () => {
    const U64 = 2n ** 64n - 1n;
    const full = createCpmmPool({ id: 'v', mintX: X, mintY: Y, reserveX: U64 - 10_000n, reserveY: 10n ** 12n });
    const book = bookOf(full, X, Y);
    // Bids pay X in: moving the price 10 bps takes ~5·10^15 X, far beyond the 10,000 atoms of room.
    expect(book.bids).toEqual([]);
    expect(book.asks).toHaveLength(20);
  });

  it('a custom step spaces the levels', () => {
    const book = bookOf(pool, X, Y, 3, NOW, 50);
    expect(book.asks.map((l) => bookPriceText(l.price, 9, 6))).toEqual(['150.75', '151.5', '152.25']);
  });
});

describe('a Meteora DLMM: its bins as they are', () => {
  // binStep 10 around id 0, a gap at ±2, the active bin holding both sides.
  const bins: DlmmBin[] = [
    { id: -3, amountX: 0n, amountY: 7_000_000n },
    { id: -1, amountX: 0n, amountY: 5_000_000n },
    { id: 0, amountX: 2_000_000n, amountY: 3_000_000n },
    { id: 1, amountX: 4_000_000n, amountY: 0n },
    { id: 3, amountX: 6_000_000n, amountY: 0n },
  ];
  const base = createDlmmPool({ id: 'd', mintX: X, mintY: Y, binStep: 10, activeId: 0, amountX: 1n, amountY: 1n, binsPerSide: 0, nowSec: NOW - 10_000 });
  const pool: DlmmPool = { ...base, bins };
  const price = (id: number): bigint => binPrice(id, 10);

  it('asks are the bins holding base above the active one, bids those holding quote below it', () => {
    const book = bookOf(pool, X, Y);
    expect(book.mid).toEqual({ num: ONE_Q64, den: ONE_Q64 });
    expect(book.feeRate).toEqual({ num: 1_000_000n, den: 1_000_000_000n }); // base fee = binStep bps = 0.1%
    expect(book.asks.map((l) => [l.price, l.base, l.quote])).toEqual(
      [0, 1, 3].map((id) => {
        const x = bins.find((b) => b.id === id)!.amountX;
        return [{ num: price(id), den: ONE_Q64 }, x, mulShr(x, price(id), SCALE_OFFSET, 'up')];
      }),
    );
    expect(book.bids.map((l) => [l.price, l.base, l.quote])).toEqual(
      [0, -1, -3].map((id) => {
        const y = bins.find((b) => b.id === id)!.amountY;
        return [{ num: price(id), den: ONE_Q64 }, shlDiv(y, price(id), SCALE_OFFSET, 'up'), y];
      }),
    );
    expectWellFormed(book);
    expectSweepsMatchSwaps(pool, X, Y, book);
  });

  it('the fee grows bin by bin as the walk leaves the volatility reference', () => {
    const fees = bookOf(pool, X, Y).asks.map((l) => Number(l.fee) / Number(l.quote));
    // Base 0.1% at the active bin (fee on top: f/(1 − f)); bin 1 adds ceil(40000·(10^4·10)²/10^11)
    // = 4000 (0.0004%), bin 3 nine times that.
    expect(fees[0]).toBeCloseTo(0.001 / 0.999, 6);
    expect(fees[1]!).toBeGreaterThan(fees[0]!);
    expect(fees[2]!).toBeGreaterThan(fees[1]!);
  });

  it('the other orientation: base is the pool’s Y, priced as 2^64 / P', () => {
    const book = bookOf(pool, Y, X);
    expect(book.asks.map((l) => [l.price, l.base])).toEqual(
      [0, -1, -3].map((id) => [{ num: ONE_Q64, den: price(id) }, bins.find((b) => b.id === id)!.amountY]),
    );
    expect(book.bids.map((l) => [l.price, l.quote])).toEqual(
      [0, 1, 3].map((id) => [{ num: ONE_Q64, den: price(id) }, bins.find((b) => b.id === id)!.amountX]),
    );
    expectWellFormed(book);
    expectSweepsMatchSwaps(pool, Y, X, book);
  });

  it('stops at `levels` bins', () => {
    const book = bookOf(pool, X, Y, 2);
    expect(book.asks.map((l) => l.price.num)).toEqual([price(0), price(1)]);
    expect(book.bids.map((l) => l.price.num)).toEqual([price(0), price(-1)]);
  });

  it('a side with no liquidity is empty', () => {
    const onlyY: DlmmPool = { ...pool, bins: bins.filter((b) => b.id < 0) };
    expect(bookOf(onlyY, X, Y).asks).toEqual([]);
    expect(bookOf(onlyY, X, Y).bids).toHaveLength(2);
    expect(bookOf(onlyY, Y, X).bids).toEqual([]);
  });

  it('levels follow the pool after a swap, fees included, within the filter period', () => {
    const moved = swapDlmm(pool, false, 5_000_000n, NOW).pool; // buys X through bins 0 and 1
    const book = bookOf(moved, X, Y, 20, NOW + 5);
    expect(book.mid).toEqual({ num: price(1), den: ONE_Q64 });
    expect(book.asks[0]!.base).toBe(moved.bins.find((b) => b.id === 1)!.amountX);
    expectSweepsMatchSwaps(moved, X, Y, book, NOW + 5);
  });
});

describe('orderBook on a market', () => {
  const SOL = TOKENS.SOL.mint;
  const USDC = TOKENS.USDC.mint;
  const LAUNCH = 'Launch1111111111111111111111111111111111111';

  it('SOL/USDC: one book per venue pool, 20 levels a side by default', () => {
    const book = orderBook(defaultMarket(), SOL, USDC, NOW);
    expect(book).toMatchObject({ baseMint: SOL, quoteMint: USDC, levels: 20, stepBps: 10 });
    expect(book.pools.map((p) => [p.poolId, p.venue, p.asks.length, p.bids.length])).toEqual([
      ['raydium-cpmm-sol-usdc', 'RAYDIUM', 20, 20],
      ['meteora-dlmm-sol-usdc', 'METEORA', 20, 20],
    ]);
    for (const p of book.pools) {
      expectWellFormed(p);
      expect(Number(bookPriceText(p.mid, 9, 6))).toBeCloseTo(150, -1);
    }
  });

  it('a pool of another pair is absent; a pair no pool trades has no books; a launched token’s pool is found by its mint', () => {
    const launched = createCpmmPool({ id: 'launch-sol', mintX: LAUNCH, mintY: SOL, reserveX: 10n ** 15n, reserveY: 10n ** 12n });
    const base = defaultMarket();
    const market: MarketState = { ...base, pools: new Map([...base.pools, [launched.id, launched]]) };
    expect(orderBook(market, SOL, USDC, NOW).pools.map((p) => p.poolId)).not.toContain('launch-sol');
    expect(orderBook(market, LAUNCH, USDC, NOW).pools).toEqual([]);
    expect(orderBook(market, 'Unknown111111111111111111111111111111111111', SOL, NOW).pools).toEqual([]);
    expect(orderBook(market, LAUNCH, SOL, NOW).pools.map((p) => p.poolId)).toEqual(['launch-sol']);
    expect(orderBook(market, SOL, LAUNCH, NOW).pools.map((p) => p.poolId)).toEqual(['launch-sol']);
  });

  it('rejects levels and steps out of range, and a pair of one mint', () => {
    const m = defaultMarket();
    for (const levels of [0, 101, 2.5, Number.NaN]) expect(() => orderBook(m, SOL, USDC, NOW, levels)).toThrow(/levels must be an integer in 1\.\.100/);
    for (const step of [0, 100, 1.5]) expect(() => orderBook(m, SOL, USDC, NOW, 20, step)).toThrow(/stepBps must be an integer in 1\.\.99/);
    for (const mint of [SOL, USDC]) {
      try {
        orderBook(m, mint, mint, NOW);
        expect.unreachable();
      } catch (e) {
        expect(isDomainError(e, 'SAME_TOKEN'), String(e)).toBe(true);
      }
    }
  });
});

describe('bookPriceText', () => {
  it.each([
    [15n, 100n, 9, 6, 12, '150'],
    [1n, 3n, 6, 6, 4, '0.3333'],
    [2n, 3n, 6, 6, 4, '0.6666'], // floored
    [1n, 750n, 5, 9, 12, '0.000000133333'], // BONK at $0.00002 in SOL at $150
  ] as const)('%s/%s atoms, decimals %i/%i, %i places → %s', (num, den, baseDec, quoteDec, digits, text) => {
    expect(bookPriceText({ num, den }, baseDec, quoteDec, digits)).toBe(text);
  });
});

describe('properties', () => {
  const cpmm = fc.record({
    reserveX: fc.bigInt(1_000n, 10n ** 15n),
    reserveY: fc.bigInt(1_000n, 10n ** 15n),
    tradeFeeRate: fc.constantFrom(0, 0, 100, 2500, 10_000, 40_000),
    flip: fc.boolean(),
    baseIsX: fc.boolean(),
    stepBps: fc.integer({ min: 1, max: 99 }),
    levels: fc.integer({ min: 1, max: 30 }),
  });

  it('CPMM: either orientation, any step, every cumulative level is exactly a swap', () => {
    fc.assert(
      fc.property(cpmm, ({ reserveX, reserveY, tradeFeeRate, flip, baseIsX, stepBps, levels }) => {
        const pool = flip
          ? createCpmmPool({ id: 'c', mintX: Y, mintY: X, reserveX: reserveY, reserveY: reserveX, tradeFeeRate })
          : createCpmmPool({ id: 'c', mintX: X, mintY: Y, reserveX, reserveY, tradeFeeRate });
        const [b, q] = baseIsX ? [X, Y] : [Y, X];
        const book = bookOf(pool, b, q, levels, NOW, stepBps);
        expect(book.asks).toHaveLength(levels);
        expect(book.bids).toHaveLength(levels);
        expectWellFormed(book);
        expectSweepsMatchSwaps(pool, b, q, book);
        expectLeastReaching(pool, b, q, book);
      }),
      { numRuns: 150 },
    );
  });

  const dlmm = fc.record({
    binStep: fc.integer({ min: 1, max: 100 }),
    activeId: fc.integer({ min: -50, max: 50 }),
    amountX: fc.bigInt(0n, 10n ** 12n),
    amountY: fc.bigInt(1n, 10n ** 12n),
    binsPerSide: fc.integer({ min: 0, max: 30 }),
    shape: fc.constantFrom('spot' as const, 'curve' as const),
    volatilityAccumulator: fc.integer({ min: 0, max: 350_000 }),
    sinceUpdate: fc.integer({ min: 0, max: 2000 }),
    baseIsX: fc.boolean(),
    levels: fc.integer({ min: 1, max: 40 }),
  });

  it('DLMM: either orientation, any fee regime, levels are the bins and every cumulative level is exactly a swap', () => {
    fc.assert(
      fc.property(dlmm, ({ volatilityAccumulator, sinceUpdate, baseIsX, levels, ...r }) => {
        const pool: DlmmPool = { ...createDlmmPool({ id: 'd', mintX: X, mintY: Y, nowSec: NOW - sinceUpdate, ...r }), volatilityAccumulator };
        const [b, q] = baseIsX ? [X, Y] : [Y, X];
        const book = bookOf(pool, b, q, levels);
        const withX = pool.bins.filter((bin) => bin.amountX > 0n && bin.id >= pool.activeId);
        const withY = pool.bins.filter((bin) => bin.amountY > 0n && bin.id <= pool.activeId).reverse();
        const sells = (baseIsX ? withX : withY).slice(0, levels);
        const buys = (baseIsX ? withY : withX).slice(0, levels);
        expect(book.asks.map((l) => l.base)).toEqual(sells.map((bin) => (baseIsX ? bin.amountX : bin.amountY)));
        expect(book.bids.map((l) => l.quote)).toEqual(buys.map((bin) => (baseIsX ? bin.amountY : bin.amountX)));
        expectWellFormed(book);
        expectSweepsMatchSwaps(pool, b, q, book);
      }),
      { numRuns: 150 },
    );
  });
});
