import { createRng, type Rng } from '../rng.js';
import type { LatencyModel } from './scenario.js';

/**
 * Simulated quote-to-fill delays: the model's base plus a uniform jitter in [0, jitterMs], drawn
 * from a stream of its own (seeded from the scenario's seed) so latency draws never shift the
 * market's random walk. Without jitter nothing is drawn.
 */
export class LatencySampler {
  private readonly rng: Rng;

  constructor(
    private readonly model: LatencyModel,
    seed: number,
  ) {
    this.rng = createRng((seed ^ 0x5f3759df) >>> 0);
  }

  draw(): number {
    const { quoteToFillMs, jitterMs } = this.model;
    return jitterMs > 0 ? quoteToFillMs + this.rng.int(jitterMs + 1) : quoteToFillMs;
  }
}
