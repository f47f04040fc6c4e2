/**
 * Entry point: one connection, one order store, four panels. Orders and pool prices arrive only by
 * subscription; the `orders` query runs once per (re)connection to fill in what happened while the
 * page was away, and the store's sequence numbers make the two sources agree. (A resubscribed
 * poolUpdates starts with the current pools, so it needs no catch-up query.)
 */
import './styles.css';
import { createBackend } from './api/backend.js';
import { connect, graphqlUrl, type ConnectionState } from './api/connection.js';
import { byId, setText } from './dom.js';
import { OrdersStore } from './orders-store.js';
import { mountBlotter } from './panels/blotter.js';
import { mountPools } from './panels/pools.js';
import { mountQuality } from './panels/quality.js';
import { mountTicket } from './panels/ticket.js';

const LATEST_ORDERS = 100; // the API's largest page

const STATE_LABEL: Record<ConnectionState, string> = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' };

const badge = byId('connection');
const announcer = byId('announcer');
function announce(message: string): void {
  announcer.textContent = message;
}

const api = connect(graphqlUrl(location), (state) => {
  if (badge.dataset['state'] === state) return;
  badge.dataset['state'] = state;
  setText(badge.querySelector('.label') ?? badge, STATE_LABEL[state]);
  if (state !== 'connecting') announce(`Connection ${STATE_LABEL[state].replace('…', '')}`);
});
const backend = createBackend(api);
const store = new OrdersStore();
const mine = new Set<string>(); // orders submitted from this page: their outcome is announced

mountBlotter(store, byId<HTMLSelectElement>('blotter-filter'));
mountQuality(store);
mountPools(backend, (err) => announce(`Pool updates interrupted: ${err instanceof Error ? err.message : 'connection error'}`));
const ticket = mountTicket(
  backend,
  (order) => {
    mine.add(order.id);
    store.applySnapshot(order);
  },
  announce,
);

backend.orderUpdates(
  (update) => {
    store.applyUpdate(update);
    if (update.status === 'CONFIRMED') ticket.refreshQuote(); // fills move pools
    if (mine.has(update.order.id) && (update.status === 'CONFIRMED' || update.status === 'FAILED')) {
      const o = update.order;
      announce(`Order ${o.amountIn} ${o.tokenIn} to ${o.tokenOut} ${update.status === 'CONFIRMED' ? 'confirmed' : `failed: ${o.failureCode ?? ''}`}`);
    }
  },
  // graphql-ws already retries the socket; an error here is a server-side refusal worth surfacing.
  (err) => announce(`Order updates interrupted: ${err instanceof Error ? err.message : 'connection error'}`),
);

api.onConnected(() => {
  // Catch up on what happened while disconnected, then let the subscription carry on.
  backend
    .latestOrders(LATEST_ORDERS)
    .then((orders) => orders.forEach((o) => store.applySnapshot(o)))
    .catch(() => undefined);
  backend
    .tokens()
    .then((tokens) => ticket.setTokens(tokens))
    .catch(() => undefined);
});
