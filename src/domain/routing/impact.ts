/**
 * Whole-route price impact, parts per million, fee excluded (docs/venue-math.md §4). Each leg reports
 * its exec-vs-spot impact (SwapResult.priceImpactPpm: (spot − exec)/spot with exec = out/(in − fee)),
 * i.e. out = (1 − impact)·(spot value of its net input). So:
 *  - the legs of one hop combine into 1 − Σout / Σ(out / (1 − impact_i)): what the hop paid against
 *    the spot value of its net input;
 *  - the hops of one path compose multiplicatively: keep_path = Π(1 − hopImpact);
 *  - the paths of a route combine like the legs of a hop, each path's output valued at its spot
 *    value out_p / keep_path: 1 − Σout_p / Σ(out_p / keep_path).
 * A single leg reports exactly its own impact; a single path exactly 1 − keep_path. Quotes and fills
 * share this one definition.
 */
export function composeImpactPpm(legs: readonly { readonly path?: number; readonly hop: number; readonly amountOut: bigint; readonly impactPpm: number }[]): number {
  const acc = new ImpactAccumulator();
  for (const leg of legs) acc.add(leg.path ?? 0, leg.hop, leg.amountOut, leg.impactPpm);
  return acc.result();
}

/** composeImpactPpm, one leg at a time (legs of a path, and of a hop, consecutive). */
export class ImpactAccumulator {
  private path = -1;
  private hop = -1;
  private hopOut = 0;
  private hopSpot = 0;
  private pathKeep = 1;
  private paths = 0;
  private routeOut = 0;
  private routeSpot = 0;

  private closeHop(): void {
    if (this.hop >= 0 && this.hopSpot > 0) this.pathKeep *= this.hopOut / this.hopSpot;
    this.hop = -1;
  }

  private closePath(): void {
    if (this.path < 0) return;
    // The last hop's output is the path's.
    const out = this.hopOut;
    this.closeHop();
    this.paths++;
    this.routeOut += out;
    this.routeSpot += this.pathKeep > 0 ? out / this.pathKeep : 0;
    this.path = -1;
  }

  add(path: number, hop: number, amountOut: bigint, impactPpm: number): void {
    if (path !== this.path) {
      this.closePath();
      this.path = path;
      this.pathKeep = 1;
    }
    if (hop !== this.hop) {
      this.closeHop();
      this.hop = hop;
      this.hopOut = 0;
      this.hopSpot = 0;
    }
    const o = Number(amountOut);
    const kept = 1 - impactPpm / 1e6;
    this.hopOut += o;
    this.hopSpot += kept > 0 ? o / kept : 0;
  }

  result(): number {
    // No path closed yet: the route is (at most) the current path, and its keep is exact.
    const onePath = this.paths === 0;
    this.closePath();
    const keep = onePath ? this.pathKeep : this.routeSpot > 0 ? this.routeOut / this.routeSpot : 1;
    this.paths = 0;
    this.pathKeep = 1;
    this.routeOut = 0;
    this.routeSpot = 0;
    return Math.max(0, Math.round((1 - keep) * 1e6));
  }
}
