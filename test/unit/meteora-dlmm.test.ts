import { describe, expect, it } from 'vitest';
import { ONE_Q64, powQ64, U128_MAX } from '../../src/domain/bigmath.js';
import { isDomainError } from '../../src/domain/errors.js';
import {
  startReferences,
  totalFeeRate,
  variableFeeRate,
  volatilityAt,
} from '../../src/domain/venues/meteora-dlmm-fees.js';
import { binIdFromAtomRatio, binIdFromPrice, binPrice, createDlmmPool, swapDlmm } from '../../src/domain/venues/meteora-dlmm.js';
import type { DlmmBin, DlmmPool } from '../../src/domain/venues/pool.js';
import { poolReserves, swapExactIn } from '../../src/domain/venues/venue.js';

const X = 'MintX111111111111111111111111111111111111111';
const Y = 'MintY111111111111111111111111111111111111111';

// binStep 10: base = ONE + floor(10·2^64/1e4); price_math.rs get_price_from_id / u64x64_math.rs pow.
const BASE10 = ONE_Q64 + (10n << 64n) / 10_000n;
// pow inverts a base ≥ 1 first (U128_MAX / base), then inverts the result back for exp > 0.
const P_MINUS1 = U128_MAX / BASE10; //                 exp −1: one inversion, no invert back
const P_PLUS1 = U128_MAX / (U128_MAX / BASE10); //     exp +1: inverted twice
const P_PLUS2 = U128_MAX / (((U128_MAX / BASE10) * (U128_MAX / BASE10)) >> 64n);

/** A pool at binStep 10 with hand-placed bins; fee defaults from docs/venue-math.md §3.3. */
function handPool(bins: DlmmBin[], over: Partial<DlmmPool> = {}): DlmmPool {
  const p = createDlmmPool({ id: 'd', mintX: X, mintY: Y, binStep: 10, activeId: 0, amountX: 1n, amountY: 1n, binsPerSide: 0, nowSec: 1000 });
  return { ...p, bins, ...over };
}

describe('bin prices (Q64.64, price_math.rs)', () => {
  it('matches the program pow bit for bit on worked exponents', () => {
    expect(binPrice(0, 10)).toBe(ONE_Q64);
    expect(binPrice(-1, 10)).toBe(P_MINUS1);
    expect(binPrice(1, 10)).toBe(P_PLUS1);
    expect(binPrice(2, 10)).toBe(P_PLUS2);
    expect(P_MINUS1).toBe(18_428_315_757_951_600_016n);
  });

  it('is monotonic in id and defined across the range', () => {
    expect(binPrice(100, 25) > binPrice(99, 25)).toBe(true);
    expect(binPrice(-443_636, 1) > 0n).toBe(true);
    expect(powQ64(BASE10, 0x80000)).toBeUndefined();
  });

  it('binIdFromPrice: SOL/USDC at $150, binStep 4 → −4744 (docs/venue-math.md §3.1)', () => {
    expect(binIdFromPrice('150', 9, 6, 4)).toBe(-4744);
    expect(binIdFromPrice({ num: 150n, den: 1n }, 9, 6, 4)).toBe(-4744);
  });

  it('binIdFromAtomRatio recovers the id of an exact bin price and rounds to the nearest bin', () => {
    for (const [id, step] of [[0, 10], [-4744, 4], [1234, 25], [-77, 100]] as const) {
      expect(binIdFromAtomRatio({ num: binPrice(id, step), den: ONE_Q64 }, step)).toBe(id);
    }
    // 1.0004 is between bins 0 (1.0) and 1 (1.001), nearer to 0; 1.0006 nearer to 1.
    expect(binIdFromAtomRatio({ num: 10_004n, den: 10_000n }, 10)).toBe(0);
    expect(binIdFromAtomRatio({ num: 10_006n, den: 10_000n }, 10)).toBe(1);
  });
});

describe('fees (lb_pair.rs)', () => {
  const pool = handPool([]);
  it.each([
    // variable = ceil(40000·(va·10)²/1e11); base = 10000·10·10·10^0 = 1_000_000 (0.1% = binStep bps)
    [0, 0n, 1_000_000n],
    [10_000, 4000n, 1_004_000n], //     40000·(1e5)² = 4e14 → /1e11 = 4000
    [15_000, 9000n, 1_009_000n], //     40000·(1.5e5)² = 9e14 → 9000
    [12_345, 6096n, 1_006_096n], //     40000·123450² = 6.09596…e14 → ceil(6095.961) = 6096
    [350_000, 4_900_000n, 5_900_000n], // maxVA: 40000·(3.5e6)² = 4.9e17 → 4.9e6
  ])('va %i → variable %s, total %s', (va, variable, total) => {
    expect(variableFeeRate(pool, va)).toBe(variable);
    expect(totalFeeRate(pool, va)).toBe(total);
  });

  it('caps the total at 10% (1e8 of 1e9)', () => {
    const wild = handPool([], { variableFeeControl: 10_000_000 });
    expect(totalFeeRate(wild, 350_000)).toBe(100_000_000n);
  });
});

describe('swap walk, worked by hand', () => {
  // Two bins of Y below and at the active bin 0; sell X for Y.
  const pool = handPool([
    { id: -1, amountX: 0n, amountY: 1_000_000n },
    { id: 0, amountX: 0n, amountY: 1_000_000n },
  ]);

  it('drains bin 0, then fills part of bin −1 at a higher (variable) fee', () => {
    const r = swapDlmm(pool, true, 1_500_000n, 1000);
    // Bin 0: P = 1, va = 0, f = 1_000_000.
    //   max_in = ceil(1e6·2^64/2^64) = 1_000_000; max_fee = ceil(1e6·1e6/(1e9 − 1e6)) = ceil(1001.001) = 1002
    //   1_500_000 > 1_001_002 → take all: out 1_000_000, fee 1002, protocol floor(1002·1000/1e4) = 100
    //   left = 1_500_000 − 1_001_002 = 498_998
    // Bin −1: va = |0 − (−1)|·1e4 = 10_000 → f = 1_004_000 (the fee grew crossing one bin)
    //   max_in = ceil(1e6·2^64/P₋₁) = 1_001_000 (+ fee) > 498_998 → partial:
    //   fee = ceil(498_998·1_004_000/1e9) = ceil(500.99) = 501; net = 498_497
    //   out = floor(P₋₁·498_497/2^64) = 497_999; protocol = floor(501·0.1) = 50
    const binOut = (P_MINUS1 * 498_497n) >> 64n;
    expect(binOut).toBe(497_999n);
    expect(r.amountOut).toBe(1_000_000n + 497_999n);
    expect(r.fee).toBe(1002n + 501n);
    expect(r.protocolFee).toBe(100n + 50n);
    // Variable fee of the later bin is larger per atom than the first bin's.
    expect(501n * 1_001_002n > 1002n * 498_998n).toBe(true);

    const after = r.pool as DlmmPool;
    expect(after.activeId).toBe(-1);
    expect(after.volatilityAccumulator).toBe(10_000);
    expect(after.lastUpdateTimestamp).toBe(1000);
    expect(after.protocolFeeX).toBe(150n);
    // Each bin receives its input less the protocol share (LP fee compounds in the bin).
    expect(after.bins).toEqual([
      { id: -1, amountX: 498_998n - 50n, amountY: 1_000_000n - 497_999n },
      { id: 0, amountX: 1_001_002n - 100n, amountY: 0n },
    ]);
    // The input pool is untouched and untouched bins are shared, not copied.
    expect(pool.bins[1]?.amountY).toBe(1_000_000n);
  });

  it('buys X walking up: Y→X out = floor(in/P)', () => {
    const up = handPool([
      { id: 0, amountX: 1_000_000n, amountY: 0n },
      { id: 2, amountX: 1_000_000n, amountY: 0n }, // bin 1 is an empty gap
    ]);
    // Bin 0: fee = ceil(1000·1e6/1e9) = 1; out = floor(999·2^64/2^64) = 999
    expect(swapDlmm(up, false, 1000n, 1000)).toMatchObject({ amountOut: 999n, fee: 1n, protocolFee: 0n });
    // Cross to bin 2 (skipping the gap): bin 0 absorbs 1_000_000 + ceil(1e12/999e6) = 1_001_002.
    // Bin 2: va = 2·1e4 → variable = 40000·(2e5)²/1e11 = 16_000 → f = 1_016_000.
    //   left 1_000_000: fee = ceil(1e6·1_016_000/1e9) = 1016; net 998_984; out = floor(net·2^64/P₂)
    const r = swapDlmm(up, false, 1_001_002n + 1_000_000n, 1000);
    const out2 = (998_984n << 64n) / P_PLUS2;
    expect(r.amountOut).toBe(1_000_000n + out2);
    expect(r.fee).toBe(1002n + 1016n);
    expect((r.pool as DlmmPool).activeId).toBe(2);
    expect((r.pool as DlmmPool).volatilityAccumulator).toBe(20_000);
  });

  it('throws INSUFFICIENT_LIQUIDITY (program error 6012) when the bins run out', () => {
    let caught: unknown;
    try {
      swapExactIn(pool, X, 10_000_000n, 1000);
    } catch (e) {
      caught = e;
    }
    expect(isDomainError(caught, 'INSUFFICIENT_LIQUIDITY')).toBe(true);
    expect((caught as { details: Record<string, unknown> }).details.programError).toBe(6012);
  });
});

describe('volatility filter and decay (update_references)', () => {
  // State after the two-bin swap above: active −1, va 10_000, indexRef 0, last update 1000.
  const pool = handPool(
    [
      { id: -2, amountX: 0n, amountY: 1_000_000n },
      { id: -1, amountX: 0n, amountY: 1_000_000n },
    ],
    { activeId: -1, volatilityAccumulator: 10_000, volatilityReference: 0, indexReference: 0, lastUpdateTimestamp: 1000 },
  );

  it.each([
    // t < filterPeriod (30): references kept, so bin −1 still counts one bin of movement
    [1010, { indexReference: 0, volatilityReference: 0 }, 10_000],
    // filter ≤ t < decay (600): indexRef = active, vr = 10_000·5000/1e4 = 5000
    [1100, { indexReference: -1, volatilityReference: 5000 }, 5000],
    // t ≥ decay: vr = 0
    [1700, { indexReference: -1, volatilityReference: 0 }, 0],
  ])('at now=%i references become %o and va at the active bin is %i', (now, refs, va) => {
    expect(startReferences(pool, now)).toEqual(refs);
    expect(volatilityAt(pool, refs, -1)).toBe(va);
    // A small swap confirms it through the fee: f = 1e6 + ceil(40000·(va·10)²/1e11)
    const f = totalFeeRate(pool, va);
    const r = swapDlmm(pool, true, 1_000_000n, now);
    expect(r.fee).toBe((1_000_000n * f + 999_999_999n) / 1_000_000_000n);
    expect((r.pool as DlmmPool).lastUpdateTimestamp).toBe(now);
  });

  it('clamps va at maxVolatilityAccumulator', () => {
    expect(volatilityAt(pool, { indexReference: 100, volatilityReference: 0 }, -1)).toBe(350_000);
  });
});

describe('createDlmmPool', () => {
  it.each(['spot', 'curve'] as const)('%s: preserves totals, X at/above active, Y at/below', (shape) => {
    const p = createDlmmPool({ id: 'p', mintX: X, mintY: Y, binStep: 4, activeId: -4744, amountX: 1_000_000_007n, amountY: 150_000_000_003n, binsPerSide: 10, shape });
    expect(poolReserves(p)).toEqual({ x: 1_000_000_007n, y: 150_000_000_003n });
    expect(p.bins).toHaveLength(21);
    for (const b of p.bins) {
      if (b.id > -4744) expect(b.amountY).toBe(0n);
      if (b.id < -4744) expect(b.amountX).toBe(0n);
    }
    const active = p.bins.find((b) => b.id === -4744);
    expect(active?.amountX).toBeGreaterThan(0n);
    expect(active?.amountY).toBeGreaterThan(0n);
    expect(p).toMatchObject({ baseFactor: 10_000, filterPeriod: 30, decayPeriod: 600, reductionFactor: 5000, variableFeeControl: 40_000, maxVolatilityAccumulator: 350_000, protocolShare: 1000, indexReference: -4744 });
  });

  it('spot is uniform away from the active bin; curve concentrates near it', () => {
    const mk = (shape: 'spot' | 'curve') =>
      createDlmmPool({ id: 'p', mintX: X, mintY: Y, binStep: 10, activeId: 0, amountX: 0n, amountY: 1_000_000n, binsPerSide: 4, shape });
    // spot weights for offsets 0..4: 1,2,2,2,2 (active bin gets half: it also holds X) → 1e6/9 each
    expect(mk('spot').bins.map((b) => b.amountY)).toEqual([222_222n, 222_222n, 222_222n, 222_222n, 111_112n]);
    const curve = mk('curve').bins.map((b) => b.amountY);
    expect(curve[3]! > curve[0]!).toBe(true);
  });

  it('rejects impossible parameters', () => {
    expect(() => createDlmmPool({ id: 'p', mintX: X, mintY: Y, binStep: 0, activeId: 0, amountX: 1n, amountY: 1n, binsPerSide: 1 })).toThrow();
    expect(() => createDlmmPool({ id: 'p', mintX: X, mintY: Y, binStep: 10, activeId: 0, amountX: 0n, amountY: 0n, binsPerSide: 1 })).toThrow();
  });
});
