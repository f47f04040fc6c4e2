/**
 * Keeps the page's token list current. It is fetched on every connection; between connections a
 * pool can be launched with a token the page has never heard of, and poolUpdates is what tells:
 * a pool naming an unknown symbol makes the list be fetched again (once per such symbol, so a
 * token the list never holds cannot make every emission a fetch).
 */
import type { PoolInfo, TokenInfo } from './model.js';

export interface TokenRefresh {
  /** Fetches the list now (a connection is up). */
  refresh(): void;
  /** A poolUpdates emission: fetches the list when it names a token the list lacks. */
  onPools(pools: readonly PoolInfo[]): void;
}

export function tokenRefresh(fetchTokens: () => Promise<TokenInfo[]>, apply: (tokens: TokenInfo[]) => void): TokenRefresh {
  let known: ReadonlySet<string> | undefined; // undefined: no list yet (the connection's fetch is coming)
  const asked = new Set<string>();

  function refresh(): void {
    fetchTokens()
      .then((tokens) => {
        known = new Set(tokens.map((t) => t.symbol));
        apply(tokens);
      })
      .catch(() => undefined); // the socket dropped: the next connection fetches again
  }

  return {
    refresh,
    onPools(pools) {
      if (known === undefined) return;
      const have = known;
      const missing = pools.flatMap((p) => [p.tokenX, p.tokenY]).filter((s) => !have.has(s) && !asked.has(s));
      if (missing.length === 0) return;
      for (const s of missing) asked.add(s);
      refresh();
    },
  };
}
