import type { DlmmWalk } from '../venues/meteora-dlmm-walk.js';
import type { CpmmPool, DlmmPool, Pool, Ratio, SwapResult } from '../venues/pool.js';
import { cpmmAmountOut, cpmmMaxIn } from '../venues/raydium-cpmm.js';
import { priceImpactPpmWith, spotPrice } from '../venues/venue.js';

/** One leg as the venue's swap would report it (without the next pool state). */
export type LegQuote = Omit<SwapResult, 'protocolFee' | 'pool'>;

/**
 * The exact side of one pool in one direction: bigint only, and it decides everything the router
 * returns. Whether an amount fits (exact capacity: a DLMM's bins, a CPMM's u64 vault room), its
 * amountOut, and a whole leg (out, fee, price impact) equal to what `swapExactIn` reports for the
 * same pool and amount. The CPMM formula and the DLMM walk table are the very code the venues swap
 * with (raydium-cpmm.ts cpmmAmountOut, meteora-dlmm-walk.ts), so a quote and a swap cannot disagree;
 * no new pool is built for a quote.
 */
export interface ExactQuoter {
  readonly pool: Pool;
  readonly mintIn: string;
  readonly mintOut: string;
  /** Does the pool accept `amountIn` atoms in this direction? */
  fits(amountIn: bigint): boolean;
  /** Largest accepted input. */
  capacity(): bigint;
  /** amountOut of `amountIn` (0 for 0); undefined when it does not fit. */
  amountOut(amountIn: bigint): bigint | undefined;
  /** The leg for `amountIn` (≥ 1); undefined when it does not fit. */
  leg(amountIn: bigint): LegQuote | undefined;
}

/** The spot's inverse in the trade's direction, as venue.ts priceImpactPpmWith takes it. */
function inverseSpot(spot: Ratio, sellX: boolean): number {
  return sellX ? Number(spot.den) / Number(spot.num) : Number(spot.num) / Number(spot.den);
}

export class CpmmExact implements ExactQuoter {
  readonly mintIn: string;
  readonly mintOut: string;
  private readonly cap: bigint;
  private readonly spot: Ratio;
  private readonly spotInverse: number;

  constructor(
    readonly pool: CpmmPool,
    private readonly sellX: boolean,
  ) {
    this.mintIn = sellX ? pool.mintX : pool.mintY;
    this.mintOut = sellX ? pool.mintY : pool.mintX;
    this.cap = cpmmMaxIn(pool, sellX);
    this.spot = spotPrice(pool);
    this.spotInverse = inverseSpot(this.spot, sellX);
  }

  fits(amountIn: bigint): boolean {
    return amountIn <= this.cap;
  }

  capacity(): bigint {
    return this.cap;
  }

  amountOut(amountIn: bigint): bigint | undefined {
    if (amountIn > this.cap) return undefined;
    if (amountIn <= 0n) return 0n;
    return cpmmAmountOut(this.pool, this.sellX, amountIn).amountOut;
  }

  leg(amountIn: bigint): LegQuote | undefined {
    if (amountIn > this.cap || amountIn <= 0n) return undefined;
    const { fee, amountOut } = cpmmAmountOut(this.pool, this.sellX, amountIn);
    const pool = this.pool;
    return {
      poolId: pool.id,
      venue: pool.venue,
      mintIn: this.mintIn,
      mintOut: this.mintOut,
      amountIn,
      amountOut,
      fee,
      priceImpactPpm: priceImpactPpmWith(this.spot, this.spotInverse, this.sellX, amountIn, fee, amountOut),
    };
  }
}

export class DlmmExact implements ExactQuoter {
  readonly mintIn: string;
  readonly mintOut: string;
  private readonly spot: Ratio;
  private readonly spotInverse: number;

  constructor(
    readonly pool: DlmmPool,
    private readonly sellX: boolean,
    private readonly walk: DlmmWalk,
  ) {
    this.mintIn = sellX ? pool.mintX : pool.mintY;
    this.mintOut = sellX ? pool.mintY : pool.mintX;
    this.spot = spotPrice(pool);
    this.spotInverse = inverseSpot(this.spot, sellX);
  }

  fits(amountIn: bigint): boolean {
    return this.walk.covers(amountIn);
  }

  capacity(): bigint {
    return this.walk.capacity();
  }

  amountOut(amountIn: bigint): bigint | undefined {
    if (amountIn <= 0n) return 0n;
    return this.walk.amountOut(amountIn);
  }

  leg(amountIn: bigint): LegQuote | undefined {
    if (amountIn <= 0n) return undefined;
    const q = this.walk.quote(amountIn);
    if (q === undefined) return undefined;
    const pool = this.pool;
    return {
      poolId: pool.id,
      venue: pool.venue,
      mintIn: this.mintIn,
      mintOut: this.mintOut,
      amountIn,
      amountOut: q.amountOut,
      fee: q.fee,
      priceImpactPpm: priceImpactPpmWith(this.spot, this.spotInverse, this.sellX, amountIn, q.fee, q.amountOut),
    };
  }
}
