import type { ConcaveModel } from './concave-model.js';
import { hopModelOf } from './hop-model.js';
import type { HopQuote } from './hop-quote.js';
import { evaluatePath, type PathQuote, type PricedPath } from './path-quote.js';
import { SeriesModel } from './series-model.js';
import type { SplitSide } from './split-side.js';

/** Exact evaluations a side remembers: a split asks for the same few inputs more than once. */
const MEMO = 8;

/** A path's hop models and their composition: they depend only on its quoters, priced once per clock second. */
const MODELS = new WeakMap<PricedPath, { readonly hops: readonly ConcaveModel[]; readonly series: ConcaveModel }>();

function modelsOf(path: PricedPath): { readonly hops: readonly ConcaveModel[]; readonly series: ConcaveModel } {
  let m = MODELS.get(path);
  if (m === undefined) {
    const hops: ConcaveModel[] = [];
    for (const qs of path.hops) hops.push(hopModelOf(qs));
    MODELS.set(path, (m = { hops, series: new SeriesModel(hops, Number(path.hopCap(0))) }));
  }
  return m;
}

type Evaluation = { readonly hops: readonly HopQuote[]; readonly amountOut: bigint } | undefined;

/**
 * A path as one side of a split across paths: its exact output (hop by hop, path-quote.ts) and its
 * composed concave model (series-model.ts). `capacity()` is the exact capacity capped at `amount`
 * (all a split of `amount` needs): when the model's bound on each hop's output fits the next hop the
 * path takes the whole amount, and only otherwise is it found by bisection over exact evaluations.
 */
export class PathSide implements SplitSide {
  readonly exact = this;
  readonly model: ConcaveModel;
  private readonly hopModels: readonly ConcaveModel[];
  private readonly memo = new Map<bigint, Evaluation>();
  private cap: bigint | undefined;

  constructor(
    private readonly path: PricedPath,
    private readonly amount: bigint,
  ) {
    const models = modelsOf(path);
    this.hopModels = models.hops;
    this.model = models.series;
  }

  private evaluate(x: bigint): Evaluation {
    if (this.memo.has(x)) return this.memo.get(x);
    const r = evaluatePath(this.path, x);
    if (this.memo.size >= MEMO) this.memo.delete(this.memo.keys().next().value!);
    this.memo.set(x, r);
    return r;
  }

  amountOut(x: bigint): bigint | undefined {
    return this.evaluate(x)?.amountOut;
  }

  capacity(): bigint {
    if (this.cap !== undefined) return this.cap;
    const p = this.path;
    let hi = p.hopCovers(0, this.amount) ? this.amount : p.hopCap(0);
    let y = Number(hi);
    let sure = true;
    for (let k = 1; k < p.hops.length && sure; k++) {
      y = this.hopModels[k - 1]!.value(y);
      sure = y < Number(p.hopCap(k));
    }
    if (!sure && this.evaluate(hi) === undefined) {
      // Fitting is monotone in the input: the largest x that fits.
      let lo = 0n;
      while (lo < hi) {
        const mid = (lo + hi + 1n) / 2n;
        if (evaluatePath(p, mid) !== undefined) lo = mid;
        else hi = mid - 1n;
      }
    }
    return (this.cap = hi);
  }

  /** The path's quote for `amountIn` (undefined when it does not fit or pays nothing). */
  quote(amountIn: bigint): PathQuote | undefined {
    const r = this.evaluate(amountIn);
    return r === undefined || r.amountOut <= 0n ? undefined : { index: this.path.index, hops: r.hops, amountIn, amountOut: r.amountOut };
  }
}
