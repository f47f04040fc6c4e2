/**
 * Entry point: one connection, one API key at a time, one order store, the panels. Orders, pool
 * prices and order books arrive only by subscription; queries for orders run only once per
 * (re)connection, to fill in what happened while the page was away (web/account-orders.ts), never on
 * a timer. The store's sequence numbers make the two sources agree. (A resubscribed poolUpdates starts with the current
 * pools: no catch-up needed, and so does orderBookUpdates.) Pools, books and quotes are public;
 * everything about orders needs a key.
 */
import './styles.css';
import { takeKeyFromAddressBar, onKeyInAddressBar, type LinkKey } from './session/address-bar.js';
import { accountOrders } from './account-orders.js';
import { createBackend } from './api/graphql-backend.js';
import { connect, graphqlUrl, type ConnectionState } from './api/connection.js';
import { checkKey } from './api/key-check.js';
import { byId, setText } from './dom.js';
import { OrdersStore } from './orders-store.js';
import { createBacktestsBackend } from './backtests/backend.js';
import { mountBlotter } from './panels/blotter.js';
import { mountBacktests } from './panels/backtests.js';
import { mountDepthChart } from './panels/depth-chart.js';
import { mountOpenOrders } from './panels/open-orders.js';
import { mountPools } from './panels/pools.js';
import { mountQuality } from './panels/quality.js';
import { mountSessionPanel } from './panels/session-panel.js';
import { mountTicket } from './panels/ticket.js';
import { browserKeyStorage } from './session/key-storage.js';
import { Session, type SessionView } from './session/session.js';
import { tokenRefresh } from './token-refresh.js';

// First of all: a key in the link leaves the address bar (and so the history) before anything else.
const linkKey = takeKeyFromAddressBar();
const MALFORMED_LINK = 'The link held something that is not an API key, so it was ignored. Paste the key instead.';

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

const storage = browserKeyStorage();
if (linkKey !== undefined && 'key' in linkKey) storage.write(linkKey.key); // the link's key replaces a stored one
const initialKey = storage.read();

const api = connect({
  url: graphqlUrl(location),
  key: initialKey,
  onState: (state) => {
    connection = state;
    // Every connection with a key starts with identifying it and catching up (orders.sync).
    if (state === 'live') syncing = session.key !== undefined;
    showState();
  },
  onRefused: (key) => session.refused(key),
});
const session = new Session(storage, api, { key: initialKey });
const backend = createBackend(api);
const store = new OrdersStore();
const mine = new Set<string>(); // orders submitted from this page: their outcome is announced

const blotter = mountBlotter(store, byId<HTMLSelectElement>('blotter-filter'));
const backtests = mountBacktests(createBacktestsBackend(api), {
  csvHeaders: () => (session.key === undefined ? undefined : { authorization: `Bearer ${session.key}` }),
  announce,
});
mountQuality(store, () => backend.executionReport());
const pools = mountPools();
const sessionPanel = mountSessionPanel(session, checkKey, announce);
const ticket = mountTicket(
  backend,
  { hasKey: () => session.key !== undefined, askForKey: () => sessionPanel.askForKey() },
  (order) => {
    mine.add(order.id);
    store.applySnapshot(order);
  },
  announce,
);
mountOpenOrders(store, backend, announce);
const depth = mountDepthChart(backend, store, announce);
// The ticket's and the depth chart's token lists; a launched pool's new token joins them live.
const tokens = tokenRefresh(
  () => backend.tokens(),
  (list) => {
    ticket.setTokens(list);
    depth.setTokens(list);
    backtests.setTokens(list);
  },
);

const orders = accountOrders({
  backend,
  store,
  session,
  onUpdate: (update) => {
    store.applyUpdate(update);
    if (update.status === 'CONFIRMED') ticket.onFill(update.order); // a fill moved its pools
    if (mine.has(update.order.id) && (update.status === 'CONFIRMED' || update.status === 'FAILED')) {
      const o = update.order;
      announce(`Order ${o.amountIn} ${o.tokenIn} to ${o.tokenOut} ${update.status === 'CONFIRMED' ? 'confirmed' : `failed: ${o.failureCode ?? ''}`}`);
    }
  },
  // graphql-ws already retries the socket; an error here is a server-side refusal worth surfacing.
  onUpdatesError: (err) => announce(`Order updates interrupted: ${err instanceof Error ? err.message : 'connection error'}`),
});

/** Why the blotter is empty: no key, a key that may not read orders, or simply no orders yet. */
function blotterEmptyText(view: SessionView): string {
  if (view.kind === 'signed-out') return 'Orders need an API key: paste one in the order ticket.';
  if (view.viewer !== undefined && !view.viewer.scopes.includes('read')) return 'This key may not read orders (it lacks the read scope).';
  return 'No orders yet. Submit one from the ticket.';
}

session.onChange((view, keyChanged) => {
  if (keyChanged) {
    // Before the socket moves to the new key: nothing of the old key's is carried over.
    orders.reset();
    mine.clear();
    syncing = false;
    showState();
  }
  blotter.setEmptyText(blotterEmptyText(view));
  // The runs are read again on the new key's connection (api.onConnected), not on the old socket.
  if (keyChanged) backtests.reset(false);
});
blotter.setEmptyText(blotterEmptyText(session.current));

backend.poolUpdates(
  (list) => {
    pools.apply(list);
    ticket.onPools(list);
    tokens.onPools(list);
  },
  (err) => announce(`Pool updates interrupted: ${err instanceof Error ? err.message : 'connection error'}`),
);

function fromLink(link: LinkKey): void {
  if ('key' in link) sessionPanel.tryKey(link.key);
  else sessionPanel.notice(MALFORMED_LINK);
}
if (linkKey !== undefined && !('key' in linkKey)) sessionPanel.notice(MALFORMED_LINK);
onKeyInAddressBar(fromLink);

let connections = 0;
api.onConnected(() => {
  const mineNow = ++connections;
  orders
    .sync()
    .catch(() => undefined) // the socket dropped again: the next connection catches up
    .finally(() => {
      if (mineNow !== connections) return;
      syncing = false;
      showState();
    });
  tokens.refresh(); // also re-quotes: the market moved while the page was away
  backtests.reset(session.key !== undefined); // and the account's runs, which may have moved on
});
