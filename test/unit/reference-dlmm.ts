/**
 * The DLMM exact-in walk exactly as it was written before the bin-table refactor (bin by bin, the
 * program's loop shape): kept as a test oracle, so the table-driven swapDlmm and the router's exact
 * quotes can be checked against an independent, obviously-faithful transcription of quote.rs.
 */
import { mulShr, SCALE_OFFSET, shlDiv } from '../../src/domain/bigmath.js';
import { DomainError } from '../../src/domain/errors.js';
import {
  baseFeeRate,
  feeIncluded,
  feeOnTop,
  protocolFeeOf,
  startReferences,
  totalFeeRate,
  volatilityAt,
} from '../../src/domain/venues/meteora-dlmm-fees.js';
import { binPrice } from '../../src/domain/venues/meteora-dlmm-price.js';
import { startIndex, type DlmmSwapOutcome } from '../../src/domain/venues/meteora-dlmm.js';
import type { DlmmBin, DlmmPool } from '../../src/domain/venues/pool.js';

export function referenceSwapDlmm(pool: DlmmPool, swapForY: boolean, amountIn: bigint, nowSec: number): DlmmSwapOutcome {
  const { bins, binStep } = pool;
  const refs = startReferences(pool, nowSec);
  const base = baseFeeRate(pool);
  const step = swapForY ? -1 : 1;
  const touched: number[] = [];
  const replaced: DlmmBin[] = [];

  let i = startIndex(pool, swapForY);
  let left = amountIn;
  let out = 0n;
  let fee = 0n;
  let protocolFee = 0n;
  let activeId = pool.activeId;
  let va = pool.volatilityAccumulator;

  while (left > 0n) {
    const bin = bins[i];
    if (bin === undefined) {
      throw new DomainError('INSUFFICIENT_LIQUIDITY', 'not enough liquidity in the DLMM bins', {
        poolId: pool.id,
        programError: 6012,
        programErrorName: 'PairInsufficientLiquidity',
        amountIn: amountIn.toString(),
        unfilled: left.toString(),
      });
    }
    const maxOut = swapForY ? bin.amountY : bin.amountX;
    if (maxOut > 0n) {
      // The program updates va before every bin; only bins with liquidity charge a fee.
      activeId = bin.id;
      va = volatilityAt(pool, refs, bin.id);
      const rate = totalFeeRate(pool, va, base);
      const price = binPrice(bin.id, binStep);
      // bin.rs swap: the most this bin can absorb, fee added on top (Rounding::Up).
      const maxInNoFee = swapForY ? shlDiv(maxOut, price, SCALE_OFFSET, 'up') : mulShr(maxOut, price, SCALE_OFFSET, 'up');
      const maxFee = feeOnTop(maxInNoFee, rate);
      const maxIn = maxInNoFee + maxFee;
      let used: bigint;
      let binOut: bigint;
      let binFee: bigint;
      if (left > maxIn) {
        used = maxIn;
        binOut = maxOut;
        binFee = maxFee;
      } else {
        used = left;
        binFee = feeIncluded(left, rate);
        const net = left - binFee;
        binOut = swapForY ? mulShr(price, net, SCALE_OFFSET, 'down') : shlDiv(net, price, SCALE_OFFSET, 'down');
        if (binOut > maxOut) binOut = maxOut;
      }
      const binProtocol = protocolFeeOf(binFee, pool.protocolShare);
      const intoBin = used - binProtocol; // LP fee compounds into the bin (see header)
      replaced.push(
        swapForY
          ? { id: bin.id, amountX: bin.amountX + intoBin, amountY: bin.amountY - binOut }
          : { id: bin.id, amountX: bin.amountX - binOut, amountY: bin.amountY + intoBin },
      );
      touched.push(i);
      left -= used;
      out += binOut;
      fee += binFee;
      protocolFee += binProtocol;
    }
    if (left > 0n) i += step;
  }

  // Copy-on-write: one shallow array copy, new objects only for touched bins.
  const nextBins = bins.slice();
  for (let k = 0; k < touched.length; k++) nextBins[touched[k] as number] = replaced[k] as DlmmBin;
  const next: DlmmPool = {
    ...pool,
    bins: nextBins,
    activeId,
    volatilityAccumulator: va,
    volatilityReference: refs.volatilityReference,
    indexReference: refs.indexReference,
    lastUpdateTimestamp: Math.max(pool.lastUpdateTimestamp, nowSec),
    protocolFeeX: swapForY ? pool.protocolFeeX + protocolFee : pool.protocolFeeX,
    protocolFeeY: swapForY ? pool.protocolFeeY : pool.protocolFeeY + protocolFee,
  };
  return { amountOut: out, fee, protocolFee, pool: next };
}
