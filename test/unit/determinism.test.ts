import { describe, expect, it } from 'vitest';
import { quoteAndExecute } from '../../src/domain/execute.js';
import { stepMarket } from '../../src/domain/market/motion.js';
import { createRng } from '../../src/domain/rng.js';
import { findBestRoute } from '../../src/domain/router.js';
import { TOKENS, TOKEN_LIST } from '../../src/domain/tokens.js';
import { defaultMarket, NOW } from './market-fixtures.js';

/** A seeded session: market ticks interleaved with random orders; returns everything observable. */
function session(seed: number): unknown[] {
  const rng = createRng(seed);
  const traded = TOKEN_LIST.filter((t) => t.symbol !== 'WSOL');
  let market = defaultMarket();
  const log: unknown[] = [];
  for (let i = 0; i < 40; i++) {
    const now = NOW + i * 5;
    market = stepMarket(market, rng, 5, now);
    const a = traded[rng.int(traded.length)]!;
    const b = traded[rng.int(traded.length)]!;
    if (a.mint === b.mint) continue;
    const amount = BigInt(1 + rng.int(1_000_000)) * 10n ** BigInt(Math.max(0, a.decimals - 3));
    try {
      const quoted = findBestRoute(market, a, b, amount, now);
      const r = quoteAndExecute(market, a, b, amount, (quoted.amountOut * 99n) / 100n, now);
      market = r.market;
      log.push(quoted, r.fill);
    } catch (e) {
      log.push(String(e));
    }
  }
  log.push([...market.referencePrices], [...market.pools]);
  return log;
}

describe('determinism', () => {
  it('same seed and same operations give identical results, bigints included', () => {
    expect(session(2024)).toEqual(session(2024));
  });

  it('a different seed gives a different history', () => {
    expect(session(1)).not.toEqual(session(2));
  });

  it('routing the same market twice gives deep-equal routes', () => {
    const m = defaultMarket();
    const a = findBestRoute(m, TOKENS.SOL, TOKENS.USDC, 777n * 10n ** 9n, NOW);
    const b = findBestRoute(defaultMarket(), TOKENS.SOL, TOKENS.USDC, 777n * 10n ** 9n, NOW);
    expect(a).toEqual(b);
  });
});
