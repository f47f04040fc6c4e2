import type { Token } from '../domain/tokens.js';
import type { Auth, Principal } from '../services/auth.js';
import { AuthError } from '../services/errors.js';
import type { AccountBacktests, BacktestService } from '../services/backtests.js';
import type { AccountReports, ReportService } from '../services/execution-report.js';
import type { AccountOrders, OrderService } from '../services/types.js';

/**
 * Looks tokens up by the names the domain uses. Built once per app, not per request: resolvers
 * format every amount through it, and it follows the tokens pool launches add.
 */
export interface TokenIndex {
  /** By symbol (e.g. 'SOL', 'WSOL'). */
  bySymbol(symbol: string): Token | undefined;
  /**
   * By mint. SOL and WSOL share a mint; pools and legs only ever hold WSOL, so the wrapped (SPL)
   * token wins. Both have the same decimals, which is all amount formatting needs.
   */
  byMint(mint: string): Token | undefined;
}

/** What every resolver sees, on HTTP and WebSocket alike. */
export interface GraphQLContext {
  readonly service: OrderService;
  /** Key management (admin mutations). */
  readonly auth: Auth;
  /** Backtests (absent on a server built without them: their fields answer UNAVAILABLE). */
  readonly backtests?: BacktestService | undefined;
  /** Execution reports (absent on a server built without them: executionReport answers UNAVAILABLE). */
  readonly reports?: ReportService | undefined;
  readonly tokens: TokenIndex;
  /** Who is calling (the key presented on the request or at graphql-ws connection_init), if anyone. */
  readonly principal: Principal | undefined;
  /** Aborts when the HTTP request ends; absent over graphql-ws (the socket has its own lifecycle). */
  readonly request?: { readonly signal?: AbortSignal };
}

/**
 * The caller's account's orders. Fields that call it declare an authScope, so a principal is there;
 * the check here is the net under that.
 */
export function ordersOf(ctx: GraphQLContext): AccountOrders {
  if (!ctx.principal) throw new AuthError('UNAUTHENTICATED', 'this needs an API key: send Authorization: Bearer <key>');
  return ctx.service.forAccount(ctx.principal);
}

/** The caller's account's backtests (the net under each field's authScope, like ordersOf). */
export function backtestsOf(ctx: GraphQLContext): AccountBacktests {
  if (!ctx.principal) throw new AuthError('UNAUTHENTICATED', 'this needs an API key: send Authorization: Bearer <key>');
  if (!ctx.backtests) throw new Error('this server runs no backtests');
  return ctx.backtests.forAccount(ctx.principal);
}

/** The caller's account's execution reports (the net under the field's authScope). */
export function reportsOf(ctx: GraphQLContext): AccountReports {
  if (!ctx.principal) throw new AuthError('UNAUTHENTICATED', 'this needs an API key: send Authorization: Bearer <key>');
  if (!ctx.reports) throw new Error('this server runs no execution reports');
  return ctx.reports.forAccount(ctx.principal);
}

/**
 * The index of `tokens()`'s list, rebuilt when the list changes (a pool launch brought a token):
 * the service hands out one array per set of tokens, so this is an identity check per lookup.
 */
export function createTokenIndex(tokens: () => readonly Token[]): TokenIndex {
  let indexed: readonly Token[] | undefined;
  const bySymbol = new Map<string, Token>();
  const byMint = new Map<string, Token>();
  const current = (): void => {
    const list = tokens();
    if (list === indexed) return;
    indexed = list;
    bySymbol.clear();
    byMint.clear();
    for (const token of list) {
      bySymbol.set(token.symbol, token);
      const seen = byMint.get(token.mint);
      if (seen === undefined || (seen.native && !token.native)) byMint.set(token.mint, token);
    }
  };
  return {
    bySymbol: (s) => {
      current();
      return bySymbol.get(s);
    },
    byMint: (m) => {
      current();
      return byMint.get(m);
    },
  };
}
