import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { AuthError } from '../services/errors.js';
import type { GraphQLContext } from './context.js';

/**
 * The one Pothos builder. It defines no types: each file under ./types adds its own noun, and
 * ./schema.ts imports them all and builds the schema.
 *
 * Authorization is declared on each field (`authScopes`): market data is public; everything about
 * orders needs a key with the read or trade scope; key management needs admin. A field refused
 * for want of a key answers UNAUTHENTICATED, for want of a scope FORBIDDEN. Which orders a key may
 * see is the service's business (every order belongs to an account).
 */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  // Outputs are non-null unless a field says otherwise: absence is the exception (e.g. txHash).
  DefaultFieldNullability: false;
  Scalars: {
    /** Milliseconds since the epoch inside; an ISO-8601 string on the wire. */
    DateTime: { Input: number; Output: number };
    /** Any JSON value (backtest scenarios, reports, time series). */
    JSON: { Input: unknown; Output: unknown };
  };
  AuthScopes: {
    read: boolean;
    trade: boolean;
    admin: boolean;
  };
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin],
  scopeAuth: {
    // A subscription with no right to its stream is refused when it starts, not at its first event.
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      read: ctx.principal?.scopes.has('read') ?? false,
      trade: ctx.principal?.scopes.has('trade') ?? false,
      admin: ctx.principal?.scopes.has('admin') ?? false,
    }),
    unauthorizedError: (_parent, ctx) =>
      ctx.principal
        ? new AuthError('FORBIDDEN', 'this API key lacks the scope this field needs')
        : new AuthError('UNAUTHENTICATED', 'this needs an API key: send Authorization: Bearer <key>'),
  },
});
