/**
 * The dashboard's order bookkeeping (web/orders-store.ts, web/catch-up.ts) without a browser: its
 * limits (5,000 orders, pages of 100) are too slow to reach through the real page in one run, and
 * these modules touch no DOM. The browser test (test/e2e/dashboard.test.ts) covers them end to end.
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../web/backend-contract.js';
import { catchUp } from '../../web/catch-up.js';
import type { OrderInfo, OrdersPage, Status } from '../../web/model.js';
import { OrdersStore } from '../../web/orders-store.js';

function order(n: number, status: Status = 'CONFIRMED', seq = 5): OrderInfo {
  return {
    id: `O${String(n).padStart(25, '0')}`,
    clientOrderId: `c${n}`,
    type: 'MARKET',
    status,
    seq,
    tokenIn: 'SOL',
    tokenOut: 'USDC',
    amountIn: '1',
    slippageBps: 50,
    quotedAmountOut: '150',
    minAmountOut: '149',
    route: null,
    priceImpactBps: 1,
    savingsBps: 0,
    txHash: null,
    executedAmountOut: null,
    executedPrice: null,
    executedSlippageBps: null,
    failureCode: null,
    failureMessage: null,
    attempts: 1,
    createdAt: 1_000_000 + n,
    updatedAt: 1_000_000 + n,
    limitPrice: null,
    stopPrice: null,
    minLiquidity: null,
    maxPriceImpactBps: null,
    expiresAt: null,
  };
}

const ids = (store: OrdersStore) => store.list().map((e) => e.order.id);

describe('OrdersStore', () => {
  it('keeps orders newest first whatever order they arrive in', () => {
    const store = new OrdersStore(100);
    for (const n of [5, 1, 9, 3, 7, 2, 8]) store.applySnapshot(order(n));
    expect(ids(store)).toEqual([9, 8, 7, 5, 3, 2, 1].map((n) => order(n).id));
  });

  it('evicts the oldest settled orders first, and the oldest open ones when all are open', () => {
    const store = new OrdersStore(3);
    store.applySnapshot(order(1, 'SUBMITTED', 4)); // oldest, but open
    store.applySnapshot(order(2));
    store.applySnapshot(order(3));
    store.applySnapshot(order(4));
    expect(ids(store)).toEqual([4, 3, 1].map((n) => order(n).id));

    const open = new OrdersStore(2);
    for (const n of [1, 2, 3]) open.applySnapshot(order(n, 'ROUTING', 2));
    expect(ids(open)).toEqual([3, 2].map((n) => order(n).id));
  });

  it('ignores a snapshot older than what it has', () => {
    const store = new OrdersStore();
    store.applySnapshot(order(1, 'CONFIRMED', 5));
    store.applySnapshot(order(1, 'ROUTING', 2));
    expect(store.get(order(1).id)?.order.status).toBe('CONFIRMED');
  });
});

/** A backend holding `orders` (newest first) behind the orders connection and order(id). */
function fakeBackend(orders: OrderInfo[]): { backend: Backend; pages: (string | null)[]; fetched: string[] } {
  const pages: (string | null)[] = [];
  const fetched: string[] = [];
  const backend = {
    async ordersPage(first: number, after: string | null): Promise<OrdersPage> {
      pages.push(after);
      const start = after === null ? 0 : Number(after);
      const slice = orders.slice(start, start + first);
      return { orders: slice, endCursor: String(start + slice.length), hasNextPage: start + first < orders.length };
    },
    async order(id: string) {
      fetched.push(id);
      return orders.find((o) => o.id === id) ?? null;
    },
  } as Partial<Backend> as Backend;
  return { backend, pages, fetched };
}

describe('catchUp', () => {
  const history = (count: number) => Array.from({ length: count }, (_, i) => order(count - i)); // newest first

  it('reads every page up to the store capacity on a first load', async () => {
    const { backend, pages } = fakeBackend(history(450));
    const store = new OrdersStore(300);
    await catchUp(backend, store);
    expect(store.size).toBe(300);
    expect(pages).toEqual([null, '100', '200']);
  });

  it('stops at the first page that reaches orders it knew as settled, and re-fetches the open ones beyond it', async () => {
    const all = history(400);
    const stuck = all[350]!; // far beyond the first page: only a re-fetch by id can settle it
    const store = new OrdersStore();
    // Known before the outage: all but the 30 newest, one of them still shown open.
    for (const o of all.slice(30)) store.applySnapshot(o.id === stuck.id ? { ...o, status: 'SUBMITTED', seq: 4 } : o);
    const { backend, pages, fetched } = fakeBackend(all);
    await catchUp(backend, store);
    expect(pages).toEqual([null]); // the 30 new orders, then known settled ones on the same page
    expect(fetched).toEqual([stuck.id]);
    expect(store.get(stuck.id)?.order.status).toBe('CONFIRMED');
    expect(store.size).toBe(400);
  });
});
