import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors.js';
import { createCpmmPool, swapCpmm } from '../../src/domain/venues/raydium-cpmm.js';
import { priceImpactPpm, spotPrice, swapExactIn } from '../../src/domain/venues/venue.js';

const X = 'MintX111111111111111111111111111111111111111';
const Y = 'MintY111111111111111111111111111111111111111';
const pool = createCpmmPool({ id: 'cp', mintX: X, mintY: Y, reserveX: 1_000_000_000n, reserveY: 2_000_000_000n });

describe('createCpmmPool', () => {
  it('defaults to the 0.25% tier with a 12% / 4% protocol / fund split (docs/venue-math.md §2)', () => {
    expect(pool).toMatchObject({ tradeFeeRate: 2500n, protocolFeeRate: 120_000n, fundFeeRate: 40_000n, venue: 'RAYDIUM', kind: 'CPMM' });
  });
  it.each([
    [{ reserveX: 0n }, 'INVALID_MARKET'],
    [{ tradeFeeRate: 1_000_000 }, 'INVALID_MARKET'],
    [{ protocolFeeRate: 900_000, fundFeeRate: 200_000 }, 'INVALID_MARKET'],
    [{ mintY: X }, 'SAME_TOKEN'],
  ] as const)('rejects %o with %s', (override, code) => {
    let caught: unknown;
    try {
      createCpmmPool({ id: 'bad', mintX: X, mintY: Y, reserveX: 1n, reserveY: 1n, ...override });
    } catch (e) {
      caught = e;
    }
    expect(isDomainError(caught, code)).toBe(true);
  });
});

describe('CPMM exact-in, worked by hand (docs/venue-math.md §2)', () => {
  // Ri = 1e9 X, Ro = 2e9 Y, r = 2500 (1e6 units)
  it.each([
    {
      amountIn: 1_000_000n,
      fee: 2500n, //              ceil(1_000_000·2500/1e6) = 2500 (exact)
      out: 1_993_011n, //         floor(997_500·2e9 / (1e9 + 997_500)) = floor(1_993_011.5…)
      protocol: 300n, //          floor(2500·120_000/1e6)
      fund: 100n, //              floor(2500·40_000/1e6)
    },
    {
      amountIn: 1_000_001n,
      fee: 2501n, //              ceil(1_000_001·2500/1e6) = ceil(2500.0025): the fee rounds UP
      out: 1_993_011n, //         net is 997_500 again, so the same out
      protocol: 300n, //          floor(2501·0.12) = floor(300.12)
      fund: 100n, //              floor(2501·0.04) = floor(100.04)
    },
    {
      amountIn: 1n,
      fee: 1n, //                 ceil(1·2500/1e6) = 1: dust is all fee
      out: 0n,
      protocol: 0n,
      fund: 0n,
    },
  ])('$amountIn X in → $out Y out, fee $fee', ({ amountIn, fee, out, protocol, fund }) => {
    expect((amountIn - fee) * 2_000_000_000n / (1_000_000_000n + amountIn - fee)).toBe(out);
    const o = swapCpmm(pool, true, amountIn);
    expect(o).toMatchObject({ amountOut: out, fee, protocolFee: protocol, fundFee: fund });
    // Protocol and fund leave the pricing reserve; the LP part (fee − protocol − fund) compounds.
    expect(o.pool.reserveX).toBe(1_000_000_000n + amountIn - protocol - fund);
    expect(o.pool.reserveY).toBe(2_000_000_000n - out);
    expect(o.pool.protocolFeesX).toBe(protocol);
    expect(o.pool.fundFeesX).toBe(fund);
    expect(o.pool.protocolFeesY).toBe(0n);
  });

  it('Y→X uses the mirrored reserves', () => {
    // 2_000_000 Y: fee = ceil(2e6·2500/1e6) = 5000; net 1_995_000;
    // out = floor(1_995_000·1e9 / (2e9 + 1_995_000)) = floor(996_505.4…) = 996_505
    const r = swapExactIn(pool, Y, 2_000_000n, 0);
    expect(r).toMatchObject({ mintIn: Y, mintOut: X, amountOut: 996_505n, fee: 5000n, protocolFee: 600n + 200n });
    const p = r.pool;
    if (p.kind !== 'CPMM') throw new Error('kind');
    expect(p.reserveY).toBe(2_000_000_000n + 2_000_000n - 800n);
    expect(p.protocolFeesY).toBe(600n);
    expect(p.fundFeesY).toBe(200n);
  });

  it('leaves the input pool untouched (immutability)', () => {
    swapExactIn(pool, X, 5_000_000n, 0);
    expect(pool.reserveX).toBe(1_000_000_000n);
  });

  it('reports price impact without the fee (pool.ts definition)', () => {
    const r = swapExactIn(pool, X, 1_000_000n, 0);
    // spot 2 Y/X; exec = 1_993_011 / 997_500 = 1.99801…; impact = 1 − exec/2 = 996.99 ppm → 996
    expect(r.priceImpactPpm).toBe(Number((((997_500n * 2n - 1_993_011n) * 1_000_000n) / (997_500n * 2n))));
    expect(r.priceImpactPpm).toBe(996);
    expect(priceImpactPpm(spotPrice(pool), true, 100n, 0n, 200n)).toBe(0);
  });
});

describe('no swap pushes the input vault (reserve + protocol and fund fees owed) past u64::MAX: AMOUNT_TOO_LARGE names the room left', () => {
  const U64 = 2n ** 64n - 1n;
  // Vault = pricing reserve + protocol and fund fees owed (all held in the same token account).
  const big = { ...createCpmmPool({ id: 'v', mintX: X, mintY: Y, reserveX: U64 - 10_000n, reserveY: 10n ** 12n }), protocolFeesX: 1_000n, fundFeesX: 500n };
  const room = U64 - (U64 - 10_000n + 1_500n); // 8,500 atoms

  it.each([
    [1n, true],
    [room, true],
    [room + 1n, false],
    [10n ** 15n, false],
  ])('%s atoms in: accepted %s', (amount, ok) => {
    if (ok) {
      const s = swapExactIn(big, X, amount, 0);
      const p = s.pool as typeof big;
      expect(p.reserveX + p.protocolFeesX + p.fundFeesX <= U64).toBe(true);
      return;
    }
    try {
      swapExactIn(big, X, amount, 0);
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e, 'AMOUNT_TOO_LARGE'), String(e)).toBe(true);
      expect((e as { details: Record<string, unknown> }).details).toMatchObject({ poolId: 'v', maxAmountIn: room.toString() });
    }
  });

  it('the other direction is unaffected (its input vault is small)', () => {
    expect(swapExactIn(big, Y, 10n ** 12n, 0).amountOut).toBeGreaterThan(0n);
  });
});
