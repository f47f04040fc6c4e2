/**
 * The dashboard's pure pieces for resting orders: how a ticket's fields become a limit, stop or
 * sniper request (web/order-kinds.ts), where an order's price lands on a pair's depth chart
 * (web/depth-geometry.ts), and when a launched pool makes the token list be fetched again
 * (web/token-refresh.ts). The browser test (test/e2e/dashboard-orders.test.ts) covers them end to end.
 */
import { describe, expect, it } from 'vitest';
import { bookPrice, depthShapes } from '../../web/depth-geometry.js';
import type { OrderBookInfo, OrderInfo, PoolInfo, TokenInfo } from '../../web/model.js';
import { buildConditional, expiryIso } from '../../web/order-kinds.js';
import { formInput } from '../../web/ticket-input.js';
import { tokenRefresh } from '../../web/token-refresh.js';

const form = formInput('SOL', 'USDC', '2', '75');
const conditions = { limitPrice: ' 190.5 ', stopPrice: '140', minLiquidity: '1000', maxPriceImpactBps: '300', expiresAt: '', tokenOutMint: '' };

describe('buildConditional', () => {
  it('sends each type exactly its own fields, prices as typed (trimmed)', () => {
    expect(buildConditional('LIMIT', form, conditions, 'c1')).toEqual({ ok: true, request: { type: 'LIMIT', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '2', clientOrderId: 'c1', limitPrice: '190.5' } });
    expect(buildConditional('STOP', form, conditions, 'c2')).toEqual({ ok: true, request: { type: 'STOP', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '2', clientOrderId: 'c2', stopPrice: '140', slippageBps: 75 } });
    expect(buildConditional('SNIPER', form, conditions, 'c3')).toEqual({
      ok: true,
      request: { type: 'SNIPER', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '2', clientOrderId: 'c3', minLiquidity: '1000', maxPriceImpactBps: 300, slippageBps: 75 },
    });
  });

  it("sends a sniper's typed mint as its tokenOut instead of the selected token", () => {
    const r = buildConditional('SNIPER', form, { ...conditions, tokenOutMint: ' Moth1111 ' }, 'c');
    expect(r.ok && r.request.tokenOut).toBe('Moth1111');
    const limit = buildConditional('LIMIT', form, { ...conditions, tokenOutMint: 'Moth1111' }, 'c');
    expect(limit.ok && limit.request.tokenOut).toBe('USDC'); // a field the limit tab does not show
  });

  it('leaves bad prices to the server but refuses what GraphQL could not carry, naming the field', () => {
    expect(buildConditional('LIMIT', form, { ...conditions, limitPrice: 'abc' }, 'c').ok).toBe(true);
    const impact = buildConditional('SNIPER', form, { ...conditions, maxPriceImpactBps: '2.5' }, 'c');
    expect(impact.ok === false && [...impact.errors.keys()]).toEqual(['maxPriceImpactBps']);
    const slip = buildConditional('STOP', formInput('SOL', 'USDC', '2', 'x'), conditions, 'c');
    expect(slip.ok === false && [...slip.errors.keys()]).toEqual(['slippageBps']);
    // A limit order takes no slippage, so a bad one there stops nothing.
    expect(buildConditional('LIMIT', formInput('SOL', 'USDC', '2', 'x'), conditions, 'c').ok).toBe(true);
  });

  it('sends an expiry as an ISO instant, and none when empty', () => {
    expect(expiryIso('')).toBeUndefined();
    expect(expiryIso('nonsense')).toBeNull();
    expect(expiryIso('2026-12-24T18:00')).toBe(new Date('2026-12-24T18:00').toISOString());
    const r = buildConditional('LIMIT', form, { ...conditions, expiresAt: '2026-12-24T18:00' }, 'c');
    expect(r.ok && r.request.expiresAt).toBe(new Date('2026-12-24T18:00').toISOString());
  });
});

const MINTS: Record<string, string> = { SOL: 'So11', WSOL: 'So11', USDC: 'EPj', BONK: 'DezX' };
const book: OrderBookInfo = {
  base: 'WSOL',
  quote: 'USDC',
  baseMint: 'So11',
  quoteMint: 'EPj',
  version: 3,
  venues: [
    {
      venue: 'RAYDIUM',
      kind: 'CPMM',
      poolId: 'r',
      mid: '150',
      asks: [
        { price: '150.15', cumulativeBase: '10' },
        { price: '150.3', cumulativeBase: '20' },
      ],
      bids: [
        { price: '149.85', cumulativeBase: '10' },
        { price: '149.7', cumulativeBase: '20' },
      ],
    },
    { venue: 'METEORA', kind: 'DLMM', poolId: 'm', mid: '150.1', asks: [{ price: '150.2', cumulativeBase: '5' }], bids: [] },
  ],
};

function resting(type: 'LIMIT' | 'STOP', tokenIn: string, tokenOut: string, price: string): OrderInfo {
  return { id: `${type}-${tokenIn}`, type, tokenIn, tokenOut, status: 'OPEN', limitPrice: type === 'LIMIT' ? price : null, stopPrice: type === 'STOP' ? price : null } as OrderInfo;
}

describe('depth chart geometry', () => {
  it("puts an order's price on the book's axis: as is when it sells base, inverted when it buys it, nowhere for another pair", () => {
    const mintOf = (s: string) => MINTS[s];
    expect(bookPrice(resting('LIMIT', 'SOL', 'USDC', '151'), mintOf, book)).toBe(151);
    expect(bookPrice(resting('STOP', 'USDC', 'SOL', '0.008'), mintOf, book)).toBeCloseTo(125);
    expect(bookPrice(resting('LIMIT', 'BONK', 'USDC', '0.00002'), mintOf, book)).toBeUndefined();
  });

  it('draws one outline per venue and side with levels, and each line inside the plot', () => {
    const order = resting('LIMIT', 'SOL', 'USDC', '151');
    const shapes = depthShapes(book, [{ order, price: 151 }], { width: 400, height: 200 });
    expect(shapes.paths.map((p) => [p.venue, p.side, p.levels])).toEqual([
      ['RAYDIUM', 'bids', 2],
      ['RAYDIUM', 'asks', 2],
      ['METEORA', 'asks', 1],
    ]);
    expect(shapes.maxDepth).toBe(20);
    expect(shapes.minPrice).toBeLessThan(149.7);
    expect(shapes.maxPrice).toBeGreaterThan(151);
    const [line] = shapes.lines;
    expect(line).toMatchObject({ orderId: order.id, kind: 'limit', label: '151' });
    expect(line!.x).toBeGreaterThan(shapes.ticks[0]!.x);
    expect(line!.x).toBeLessThan(400);
  });
});

describe('tokenRefresh', () => {
  it('fetches again when a pool names an unknown token, once per such token', async () => {
    const lists: TokenInfo[][] = [[{ symbol: 'SOL' }, { symbol: 'USDC' }] as TokenInfo[], [{ symbol: 'SOL' }, { symbol: 'USDC' }, { symbol: 'MOTH' }] as TokenInfo[]];
    let fetches = 0;
    const applied: string[][] = [];
    const r = tokenRefresh(
      async () => lists[Math.min(fetches++, 1)]!,
      (t) => applied.push(t.map((x) => x.symbol)),
    );
    const pool = (x: string, y: string) => ({ tokenX: x, tokenY: y }) as PoolInfo;
    r.onPools([pool('SOL', 'USDC')]); // no list yet: the connection's fetch is on its way
    r.refresh();
    await new Promise((resolve) => setTimeout(resolve, 0));
    r.onPools([pool('SOL', 'USDC')]);
    expect(fetches).toBe(1);
    r.onPools([pool('SOL', 'USDC'), pool('MOTH', 'USDC'), pool('GHOST', 'USDC')]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(applied.at(-1)).toEqual(['SOL', 'USDC', 'MOTH']);
    r.onPools([pool('GHOST', 'USDC')]); // asked once already: never a fetch per emission
    expect(fetches).toBe(2);
  });
});
