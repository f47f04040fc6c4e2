/**
 * Entry point: one connection, one order store, four panels. Orders and pool prices arrive only by
 * subscription; queries for orders run only once per (re)connection, to fill in what happened while
 * the page was away (web/catch-up.ts), never on a timer. The store's sequence numbers make the two
 * sources agree. (A resubscribed poolUpdates starts with the current pools: no catch-up needed.)
 */
import './styles.css';
import { createBackend } from './api/graphql-backend.js';
import { connect, graphqlUrl, type ConnectionState } from './api/connection.js';
import { catchUp } from './catch-up.js';
import { byId, setText } from './dom.js';
import { OrdersStore } from './orders-store.js';
import { mountBlotter } from './panels/blotter.js';
import { mountPools } from './panels/pools.js';
import { mountQuality } from './panels/quality.js';
import { mountTicket } from './panels/ticket.js';

/** What the badge shows: the socket's state, and "syncing" while the catch-up after connecting runs. */
type BadgeState = ConnectionState | 'syncing';
const STATE_LABEL: Record<BadgeState, string> = { connecting: 'Connecting…', syncing: 'Syncing orders…', live: 'Live', reconnecting: 'Reconnecting…' };

const badge = byId('connection');
const announcer = byId('announcer');
function announce(message: string): void {
  announcer.textContent = message;
}

let connection: ConnectionState = 'connecting';
let syncing = false;
function showState(): void {
  const state: BadgeState = connection === 'live' && syncing ? 'syncing' : connection;
  if (badge.dataset['state'] === state) return;
  badge.dataset['state'] = state;
  setText(badge.querySelector('.label') ?? badge, STATE_LABEL[state]);
  if (state === 'live' || state === 'reconnecting') announce(`Connection ${STATE_LABEL[state].replace('…', '')}`);
}

const api = connect(graphqlUrl(location), (state) => {
  connection = state;
  if (state === 'live') syncing = true; // every connection starts with a catch-up (onConnected)
  showState();
});
const backend = createBackend(api);
const store = new OrdersStore();
const mine = new Set<string>(); // orders submitted from this page: their outcome is announced

mountBlotter(store, byId<HTMLSelectElement>('blotter-filter'));
mountQuality(store);
const pools = mountPools();
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
    if (update.status === 'CONFIRMED') ticket.onFill(update.order); // a fill moved its pools
    if (mine.has(update.order.id) && (update.status === 'CONFIRMED' || update.status === 'FAILED')) {
      const o = update.order;
      announce(`Order ${o.amountIn} ${o.tokenIn} to ${o.tokenOut} ${update.status === 'CONFIRMED' ? 'confirmed' : `failed: ${o.failureCode ?? ''}`}`);
    }
  },
  // graphql-ws already retries the socket; an error here is a server-side refusal worth surfacing.
  (err) => announce(`Order updates interrupted: ${err instanceof Error ? err.message : 'connection error'}`),
);

backend.poolUpdates(
  (list) => {
    pools.apply(list);
    ticket.onPools(list);
  },
  (err) => announce(`Pool updates interrupted: ${err instanceof Error ? err.message : 'connection error'}`),
);

let connectionGen = 0;
api.onConnected(() => {
  // Catch up on what happened while disconnected, then let the subscription carry on. A newer
  // connection abandons an older catch-up (its requests die with the old socket anyway).
  const gen = ++connectionGen;
  catchUp(backend, store, () => gen !== connectionGen)
    .catch(() => undefined) // the socket dropped again: the next connection catches up
    .finally(() => {
      if (gen !== connectionGen) return;
      syncing = false;
      showState();
    });
  // Also re-quotes: the market moved while the page was away.
  backend
    .tokens()
    .then((tokens) => ticket.setTokens(tokens))
    .catch(() => undefined);
});
