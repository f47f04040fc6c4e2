import { ceilDiv, isqrt, mulShr, SCALE_OFFSET, shlDiv } from '../bigmath.js';
import { MAX_TOKEN_ATOMS } from '../amount.js';
import { baseFeeRate, FEE_PRECISION, feeOnTop, startReferences, totalFeeRate, volatilityAt } from './meteora-dlmm-fees.js';
import { binPrice } from './meteora-dlmm-price.js';
import { startIndex } from './meteora-dlmm.js';
import { CPMM_FEE_DENOMINATOR, cpmmMaxIn } from './raydium-cpmm.js';
import type { CpmmPool, DlmmPool, Ratio } from './pool.js';

/**
 * How much an arbitrageur would trade to bring a pool to an external price. These only size the
 * trade; venue.ts performs it with the ordinary swap so conservation is the swap's own. An
 * arbitrageur stops where the next atom stops paying, i.e. where the marginal price net of the fee
 * meets the target, so a pool ends within one fee (CPMM) or one bin plus fee (DLMM) of the target.
 */
export interface ArbPlan {
  /** true: sell X for Y (pool price above target); false: buy X with Y. */
  readonly sellX: boolean;
  readonly amountIn: bigint;
}

/** A CPMM trade is bounded by the input vault's u64 room (raydium-cpmm.ts cpmmMaxIn). */
function capped(pool: CpmmPool, sellX: boolean, amount: bigint): ArbPlan | undefined {
  const max = cpmmMaxIn(pool, sellX);
  const amountIn = amount > max ? max : amount;
  return amountIn > 0n ? { sellX, amountIn } : undefined;
}

/**
 * CPMM closed form. With k = Rx·Ry, g = 1 − fee and target t (Y per X):
 *  buying X until the fee-inclusive marginal cost Ry'²/(k·g) reaches t: Ry' = √(k·t·g);
 *  selling X until the fee-net marginal proceeds g·k/Rx'² fall to t:  Rx' = √(k·g/t).
 * The net-of-fee input is grossed up by 1/g, rounding up, so the fee taken leaves ≈ that net.
 */
export function planCpmmArb(pool: CpmmPool, target: Ratio): ArbPlan | undefined {
  const { reserveX: rx, reserveY: ry } = pool;
  const g = CPMM_FEE_DENOMINATOR - pool.tradeFeeRate;
  const d = CPMM_FEE_DENOMINATOR;
  // Compare p = ry/rx with t·g and t/g without division.
  if (ry * target.den * d < target.num * rx * g) {
    const ryTarget = isqrt((rx * ry * target.num * g) / (target.den * d));
    const net = ryTarget - ry;
    if (net <= 0n) return undefined;
    return capped(pool, false, ceilDiv(net * d, g));
  }
  if (ry * target.den * g > target.num * rx * d) {
    const rxTarget = isqrt((rx * ry * target.den * g) / (target.num * d));
    const net = rxTarget - rx;
    if (net <= 0n) return undefined;
    return capped(pool, true, ceilDiv(net * d, g));
  }
  return undefined;
}

/**
 * DLMM: walk bins from the active one in the direction of the target, taking each whole bin while
 * its price net of that bin's fee still beats the target (constant sum: a bin is all-or-nothing
 * profitable). The walk stops at the bin that straddles the target, or where liquidity ends, so
 * the planned input never exceeds what the bins can absorb.
 */
export function planDlmmArb(pool: DlmmPool, target: Ratio, nowSec: number): ArbPlan | undefined {
  const active = binPrice(pool.activeId, pool.binStep);
  // t vs P/2^64: compare num·2^64 with P·den.
  const t = target.num << SCALE_OFFSET;
  const sellX = t < active * target.den;
  if (!sellX && t === active * target.den) return undefined;

  const refs = startReferences(pool, nowSec);
  const base = baseFeeRate(pool);
  const step = sellX ? -1 : 1;
  let total = 0n;
  for (let i = startIndex(pool, sellX); ; i += step) {
    const bin = pool.bins[i];
    if (bin === undefined) break;
    const maxOut = sellX ? bin.amountY : bin.amountX;
    if (maxOut === 0n) continue;
    const price = binPrice(bin.id, pool.binStep);
    const rate = totalFeeRate(pool, volatilityAt(pool, refs, bin.id), base);
    const keep = FEE_PRECISION - rate;
    // Selling X earns P·(1 − f); buying X costs P/(1 − f). Stop once that no longer beats t.
    const profitable = sellX
      ? price * keep * target.den > t * FEE_PRECISION
      : price * FEE_PRECISION * target.den < t * keep;
    if (!profitable) break;
    const maxInNoFee = sellX ? shlDiv(maxOut, price, SCALE_OFFSET, 'up') : mulShr(maxOut, price, SCALE_OFFSET, 'up');
    const maxIn = maxInNoFee + feeOnTop(maxInNoFee, rate);
    if (total + maxIn > MAX_TOKEN_ATOMS) break;
    total += maxIn;
  }
  return total > 0n ? { sellX, amountIn: total } : undefined;
}
