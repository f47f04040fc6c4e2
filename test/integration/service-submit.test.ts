/**
 * The service edge without a worker: bad input is rejected with a code and a field and leaves no
 * trace (no row, no job, no message); idempotent resubmission, including two at once; listing,
 * quotes, pools and readiness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { InputError } from '../../src/services/errors.js';
import type { OrderInput } from '../../src/services/types.js';
import { recordPublished, testEnv, ordersFor } from '../helpers/runtime.js';

const env = testEnv('submit');
let rt: Runtime;

beforeAll(async () => {
  rt = await env.start({ roles: { worker: false } });
});
afterAll(() => env.cleanup());

const valid: OrderInput = { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', slippageBps: 50, clientOrderId: 'ok-1' };
const countOrders = async () =>
  Number((await rt.storage.kysely.selectFrom('orders').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('bad input persists, enqueues and publishes nothing', () => {
  const cases: [string, Partial<OrderInput>, string, string][] = [
    ['unknown tokenIn', { tokenIn: 'DOGE' }, 'UNKNOWN_TOKEN', 'input.tokenIn'],
    ['unknown tokenOut mint', { tokenOut: 'So1111111111111111111111111111111111111111X' }, 'UNKNOWN_TOKEN', 'input.tokenOut'],
    ['same token', { tokenOut: 'sol' }, 'SAME_TOKEN', 'input.tokenOut'],
    ['SOL vs WSOL (same mint)', { tokenOut: 'WSOL' }, 'SAME_TOKEN', 'input.tokenOut'],
    ['zero amount', { amountIn: '0' }, 'AMOUNT_ZERO', 'input.amountIn'],
    ['negative amount', { amountIn: '-1' }, 'AMOUNT_NEGATIVE', 'input.amountIn'],
    ['malformed amount', { amountIn: '1.2.3' }, 'AMOUNT_MALFORMED', 'input.amountIn'],
    ['empty amount', { amountIn: '' }, 'AMOUNT_EMPTY', 'input.amountIn'],
    ['exponent amount', { amountIn: '1e3' }, 'AMOUNT_EXPONENT', 'input.amountIn'],
    ['too many decimals', { tokenIn: 'USDC', tokenOut: 'SOL', amountIn: '1.0000001' }, 'AMOUNT_TOO_PRECISE', 'input.amountIn'],
    ['too large for u64', { amountIn: '99999999999999999999999' }, 'AMOUNT_TOO_LARGE', 'input.amountIn'],
    ['larger than the token\'s sane cap (above SOL\'s supply)', { amountIn: '10000000000' }, 'AMOUNT_TOO_LARGE', 'input.amountIn'],
    ['slippage below 0', { slippageBps: -1 }, 'SLIPPAGE_OUT_OF_RANGE', 'input.slippageBps'],
    ['slippage above 5000', { slippageBps: 5001 }, 'SLIPPAGE_OUT_OF_RANGE', 'input.slippageBps'],
    ['fractional slippage', { slippageBps: 1.5 }, 'SLIPPAGE_OUT_OF_RANGE', 'input.slippageBps'],
    ['empty clientOrderId', { clientOrderId: '' }, 'CLIENT_ORDER_ID_INVALID', 'input.clientOrderId'],
    ['oversized clientOrderId', { clientOrderId: 'x'.repeat(65) }, 'CLIENT_ORDER_ID_INVALID', 'input.clientOrderId'],
    ['malformed clientOrderId', { clientOrderId: 'has space' }, 'CLIENT_ORDER_ID_INVALID', 'input.clientOrderId'],
    ['too small to return anything', { tokenIn: 'BONK', tokenOut: 'USDT', amountIn: '0.00001' }, 'AMOUNT_TOO_SMALL', 'input.amountIn'],
  ];

  it.each(cases)('%s → %s on %s', async (_name, patch, code, field) => {
    const err = await ordersFor(rt).submitMarketOrder({ ...valid, clientOrderId: `bad-${code}`, ...patch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ code, field });
  });

  it('left no row, no job and no message behind', async () => {
    const published = await recordPublished(rt);
    for (const [, patch] of cases) await ordersFor(rt).submitMarketOrder({ ...valid, clientOrderId: 'bad-again', ...patch }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
    published.stop();
    expect(published.updates).toEqual([]);
    expect(await countOrders()).toBe(0);
    expect(await rt.storage.kysely.selectFrom('order_events').selectAll().execute()).toEqual([]);
    const counts = await rt.queue.getJobCounts();
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
  });

  it('quote rejects the same way', async () => {
    await expect(rt.service.quote({ tokenIn: 'SOL', tokenOut: 'WSOL', amountIn: '1' })).rejects.toMatchObject({ code: 'SAME_TOKEN' });
  });
});

describe('idempotency', () => {
  it('the same clientOrderId returns the same order', async () => {
    const a = await ordersFor(rt).submitMarketOrder({ ...valid, clientOrderId: 'idem-1' });
    const b = await ordersFor(rt).submitMarketOrder({ ...valid, clientOrderId: 'idem-1', tokenIn: 'So11111111111111111111111111111111111111112' });
    expect(b.id).toBe(a.id);
  });

  it('two at once: one order, one job, one PENDING message', async () => {
    const published = await recordPublished(rt);
    const [a, b] = await Promise.all([
      ordersFor(rt).submitMarketOrder({ ...valid, clientOrderId: 'idem-2' }),
      ordersFor(rt).submitMarketOrder({ ...valid, clientOrderId: 'idem-2' }),
    ]);
    expect(b).toEqual(a);
    const rows = await rt.storage.kysely.selectFrom('orders').select('id').where('client_order_id', '=', 'idem-2').execute();
    expect(rows).toHaveLength(1);
    expect(await rt.queue.getJob(a.id)).toBeDefined();
    await expect.poll(() => published.updates.filter((u) => u.orderId === a.id).length).toBe(1);
    published.stop();
  });

  it('different parameters under the same clientOrderId → IDEMPOTENCY_CONFLICT', async () => {
    await ordersFor(rt).submitMarketOrder({ ...valid, clientOrderId: 'idem-3' });
    for (const patch of [{ amountIn: '2' }, { tokenOut: 'USDT' }, { slippageBps: 51 }, { tokenIn: 'WSOL' }]) {
      await expect(ordersFor(rt).submitMarketOrder({ ...valid, clientOrderId: 'idem-3', ...patch })).rejects.toMatchObject({
        code: 'IDEMPOTENCY_CONFLICT',
        field: 'input.clientOrderId',
      });
    }
  });
});

describe('reads', () => {
  it('lists newest first with opaque cursors, filters by status, rejects bad cursors', async () => {
    for (let i = 0; i < 5; i++) await ordersFor(rt).submitMarketOrder({ ...valid, clientOrderId: `page-${i}` });
    const all: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await ordersFor(rt).listOrders({ first: 3, after });
      all.push(...page.orders.map((o) => o.clientOrderId));
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
    expect(all.slice(0, 5)).toEqual(['page-4', 'page-3', 'page-2', 'page-1', 'page-0']);
    expect(new Set(all).size).toBe(all.length);
    const pending = await ordersFor(rt).listOrders({ first: 100, status: 'PENDING' });
    expect(pending.orders.length).toBe(all.length);
    expect((await ordersFor(rt).listOrders({ first: 100, status: 'CONFIRMED' })).orders).toEqual([]);
    await expect(ordersFor(rt).listOrders({ first: 3, after: 'nope' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    await expect(ordersFor(rt).listOrders({ first: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('quotes with a route, alternatives and minAmountOut from the slippage', async () => {
    const q = await rt.service.quote({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '10', slippageBps: 100 });
    expect(q.route.amountOut).toBeGreaterThan(0n);
    expect(q.minAmountOut).toBe((q.route.amountOut * 9_900n) / 10_000n);
    expect(q.route.alternatives.length).toBeGreaterThan(0);
  });

  it('shows pools and readiness', async () => {
    const pools = await rt.service.pools();
    expect(pools.length).toBeGreaterThan(0);
    for (const p of pools) expect(p.price).toMatch(/^\d+(\.\d+)?$/);
    expect(await rt.service.readiness()).toEqual({ redis: true, database: true });
    expect(rt.service.tokens().map((t) => t.symbol)).toContain('USDC');
  });
});
