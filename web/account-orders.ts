/**
 * The signed-in key's orders. Each connection that presents a key first asks who the key is
 * (`viewer`), then, when it may read orders, follows their updates (one subscription, which
 * graphql-ws carries across reconnects) and catches up on what happened while the page was away
 * (web/catch-up.ts). Without a key, or without the read scope, nothing about orders is requested.
 *
 * The server decides which orders a key sees (its account's); the page shows exactly those, and
 * forgets them all when the key changes.
 */
import { catchUp } from './catch-up.js';
import type { Backend } from './backend-contract.js';
import type { OrderUpdateInfo } from './model.js';
import type { OrdersStore } from './orders-store.js';
import type { Session } from './session/session.js';

export interface AccountOrders {
  /**
   * A connection is up: identify the key, follow its orders, catch up. Resolves when done, or
   * when a newer connection or key made it moot; rejects when a request fails (the socket dropped).
   */
  sync(): Promise<void>;
  /** The key changed: stop following the old key's orders and forget them. */
  reset(): void;
}

export interface AccountOrdersDeps {
  readonly backend: Backend;
  readonly store: OrdersStore;
  readonly session: Session;
  readonly onUpdate: (update: OrderUpdateInfo) => void;
  readonly onUpdatesError: (err: unknown) => void;
}

export function accountOrders({ backend, store, session, onUpdate, onUpdatesError }: AccountOrdersDeps): AccountOrders {
  let stopUpdates: (() => void) | undefined;
  /** Bumped by every connection and key change: older work stops at its next step. */
  let generation = 0;

  return {
    async sync() {
      const mine = ++generation;
      const moot = (): boolean => mine !== generation;
      const key = session.key;
      if (key === undefined) return;
      const viewer = await backend.viewer();
      if (moot()) return;
      if (viewer === null) {
        // A socket presenting a key is never anonymous: the server did not take it as one.
        session.refused(key);
        return;
      }
      session.identified(key, viewer);
      if (!viewer.scopes.includes('read')) return;
      stopUpdates ??= backend.orderUpdates(onUpdate, onUpdatesError);
      await catchUp(backend, store, moot);
    },
    reset() {
      generation++;
      stopUpdates?.();
      stopUpdates = undefined;
      store.clear();
    },
  };
}
