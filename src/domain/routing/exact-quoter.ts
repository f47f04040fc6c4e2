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

/** What both venues' quoters share: the direction's mints, the spot, and a leg from an exact swap. */
abstract class ExactSide<P extends Pool> {
  readonly mintIn: string;
  readonly mintOut: string;
  private readonly spot: Ratio;
  private readonly spotInverse: number;

  constructor(
    readonly pool: P,
    protected readonly sellX: boolean,
  ) {
    this.mintIn = sellX ? pool.mintX : pool.mintY;
    this.mintOut = sellX ? pool.mintY : pool.mintX;
    this.spot = spotPrice(pool);
    this.spotInverse = inverseSpot(this.spot, sellX);
  }

  /** The leg the venue's swap reports for `amountIn` paying `fee` and giving `amountOut`. */
  protected legOf(amountIn: bigint, fee: bigint, amountOut: bigint): LegQuote {
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

export class CpmmExact extends ExactSide<CpmmPool> implements ExactQuoter {
  private readonly cap: bigint;

  constructor(pool: CpmmPool, sellX: boolean) {
    super(pool, sellX);
    this.cap = cpmmMaxIn(pool, sellX);
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
    return this.legOf(amountIn, fee, amountOut);
  }
}

export class DlmmExact extends ExactSide<DlmmPool> implements ExactQuoter {
  constructor(
    pool: DlmmPool,
    sellX: boolean,
    private readonly walk: DlmmWalk,
  ) {
    super(pool, sellX);
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
    return q === undefined ? undefined : this.legOf(amountIn, q.fee, q.amountOut);
  }
}
