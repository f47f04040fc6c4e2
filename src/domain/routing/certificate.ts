import type { ConcaveModel } from './concave-model.js';
import { padded } from './tolerance.js';

/**
 * Step 2 of a split: the certificate. By Lagrangian duality on the concave models, for any rate λ
 * no split of `amount` between the two sides can give more than
 *   λ·amount + max_x (M0(x) − λx) + max_x (M1(x) − λx),
 * each max taken at the input where that model's marginal falls to λ (capped at its capacity). The
 * models bound the exact outputs from above, so this bounds every split's exact output; it is tight
 * when λ is the rate the candidate equalised. Padded against float rounding.
 */
export function dualBound(m0: ConcaveModel, m1: ConcaveModel, amount: number, lambda: number): number {
  const x0 = m0.inputAtRate(lambda);
  const x1 = m1.inputAtRate(lambda);
  return padded(lambda * amount + (m0.value(x0) - lambda * x0) + (m1.value(x1) - lambda * x1));
}
