/**
 * The bigint JSON codec: every pool of the default market (also after trades, so bins differ),
 * routes and fills round-trip exactly; the hand-built pool encoding decodes to the same value as
 * the generic one; decoding matches a JSON.parse reviver (the reference) on arbitrary values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJson, encodeJson, encodePool } from '../../src/domain/codec.js';
import { buildMarket, DEFAULT_MARKET_SPEC } from '../../src/domain/market/market.js';
import { quoteAndExecute } from '../../src/domain/execute.js';
import { findBestRoute } from '../../src/domain/router.js';
import { TOKENS } from '../../src/domain/tokens.js';

const NOW = 1_750_000_000;
const fresh = buildMarket(DEFAULT_MARKET_SPEC, NOW);
const traded = quoteAndExecute(fresh, TOKENS.SOL, TOKENS.USDC, 3_000n * 10n ** 9n, 1n, NOW).market;

describe('pools', () => {
  for (const [label, market] of [['fresh', fresh], ['after a large trade', traded]] as const) {
    it(`round-trip every pool of the default market (${label})`, () => {
      for (const pool of market.pools.values()) {
        expect(decodeJson(encodePool(pool))).toEqual(pool);
        expect(decodeJson(encodeJson(pool))).toEqual(pool);
        expect(decodeJson(encodePool(pool))).toEqual(decodeJson(encodeJson(pool)));
      }
    });
  }
});

describe('routes and fills', () => {
  it('round-trip a split route and a two-hop route', () => {
    const split = findBestRoute(fresh, TOKENS.SOL, TOKENS.USDC, 2_000n * 10n ** 9n, NOW);
    const hop = findBestRoute(fresh, TOKENS.BONK, TOKENS.USDC, 100_000_000n * 10n ** 5n, NOW);
    for (const r of [split, hop]) expect(decodeJson(encodeJson(r))).toEqual(r);
  });
});

describe('decodeJson', () => {
  const KEYS = ['amountIn', 'amountOut', 'fee', 'num', 'den', 'reserveX', 'other', 'id', 'note'];
  // The reviver the codec used to parse with: the reference semantics.
  const reference = (text: string) =>
    JSON.parse(text, (key, v: unknown) =>
      typeof v === 'string' && ['amountIn', 'amountOut', 'fee', 'num', 'den', 'reserveX'].includes(key) && /^-?\d+$/.test(v) ? BigInt(v) : v,
    ) as unknown;
  const value = fc.letrec((tie) => ({
    leaf: fc.oneof(fc.bigInt(), fc.integer(), fc.string(), fc.constantFrom('12', '-7', '1.5', 'x'), fc.boolean(), fc.constant(null)),
    node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.constantFrom(...KEYS), tie('node'), { maxKeys: 5 })),
  })).node;

  it('decodes what encodeJson wrote exactly as a reviver would', () => {
    fc.assert(
      fc.property(value, (v) => {
        const text = encodeJson(v);
        expect(decodeJson(text)).toEqual(reference(text));
      }),
      { numRuns: 500 },
    );
  });
});
