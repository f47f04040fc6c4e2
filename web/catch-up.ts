/**
 * Catch-up after a (re)connection: what the subscription could not deliver while the page was away.
 * Runs once per connection, never on a timer: the subscription carries everything after it.
 *
 * 1. Page through `orders` (newest first) until a page reaches an order the page already knew as
 *    settled (everything older was seen before the outage), the end of the list, or the store's
 *    capacity. A first load has nothing settled yet, so it reads up to the capacity: the quality
 *    figures then cover every order the store can hold, not just the newest 100.
 * 2. Re-fetch, by `order(id)`, every order the store still shows as open and step 1 did not reach:
 *    it may have finished during the outage, and no update for it will come again.
 */
import type { Backend } from './backend-contract.js';
import { isTerminal } from './model.js';
import type { OrdersStore } from './orders-store.js';

/** The API's largest page. */
const PAGE_SIZE = 100;
/** Open orders re-fetched in parallel: enough to be quick, few enough not to flood the socket. */
const REFETCH_PARALLEL = 4;

/** Resolves when done; rejects when a request fails (the next connection tries again). */
export async function catchUp(backend: Backend, store: OrdersStore, cancelled: () => boolean = () => false): Promise<void> {
  const seen = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const page = await backend.ordersPage(PAGE_SIZE, after);
    if (cancelled()) return;
    let reachedSettled = false;
    for (const o of page.orders) {
      // Checked before the snapshot is applied: "known" means known before this page arrived.
      const known = store.get(o.id);
      if (known !== undefined && isTerminal(known.order.status) && isTerminal(o.status)) reachedSettled = true;
      store.applySnapshot(o);
      seen.add(o.id);
    }
    if (reachedSettled || !page.hasNextPage || page.endCursor === null || seen.size >= store.capacity) break;
    after = page.endCursor;
  }

  const stale = store.openIds().filter((id) => !seen.has(id));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < stale.length && !cancelled()) {
      const id = stale[next++]!;
      const order = await backend.order(id);
      if (order !== null && !cancelled()) store.applySnapshot(order);
    }
  };
  await Promise.all(Array.from({ length: Math.min(REFETCH_PARALLEL, stale.length) }, worker));
}
