/**
 * The rate limits (src/services/rate-limits.ts) applied to operations, before they run, on HTTP and
 * graphql-ws alike (both go through yoga's envelop). A refused operation runs nothing at all: no
 * resolver, so nothing persisted, enqueued or published. What is counted:
 * - with an API key: each order-placing field (`submitMarketOrder`, `submitLimitOrder`, …) against
 *   the key's orders per second, each `quote` field against its quotes per second (aliases count
 *   one each); other fields are free;
 * - without a key: every operation, subscriptions included, against the client IP's allowance.
 * The client IP is the TCP peer's: behind a proxy every client shares the proxy's allowance, and
 * X-Forwarded-For is not read (a client could otherwise pick its own allowance).
 */
import type { IncomingMessage } from 'node:http';
import { Kind, type DocumentNode, type SelectionSetNode } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { clientErrorExtensions, LimitError } from '../services/errors.js';
import type { RateLimits } from '../services/rate-limits.js';
import type { GraphQLContext } from './context.js';

interface Cost {
  readonly quotes: number;
  readonly orders: number;
}

const FREE: Cost = { quotes: 0, orders: 0 };

/** The mutations that place an order: each counts against the key's orders per second. */
const ORDER_FIELDS: ReadonlySet<string> = new Set(['submitMarketOrder', 'submitLimitOrder', 'submitStopOrder', 'submitSniperOrder']);

/** Per parsed document (yoga's parse cache hands out the same object for the same text) and operation name. */
const costs = new WeakMap<DocumentNode, Map<string, Cost>>();

/** The counted root fields of a selection, through fragments (a spread cannot hide a quote). */
function count(document: DocumentNode, set: SelectionSetNode, into: { quotes: number; orders: number }, seen: Set<string>): void {
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      if (s.name.value === 'quote') into.quotes++;
      else if (ORDER_FIELDS.has(s.name.value)) into.orders++;
    } else if (s.kind === Kind.INLINE_FRAGMENT) count(document, s.selectionSet, into, seen);
    else if (!seen.has(s.name.value)) {
      seen.add(s.name.value);
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === s.name.value);
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) count(document, fragment.selectionSet, into, seen);
    }
  }
}

function costOf(document: DocumentNode, operationName: string | null | undefined): Cost {
  let byName = costs.get(document);
  if (!byName) costs.set(document, (byName = new Map()));
  const name = operationName ?? '';
  let cost = byName.get(name);
  if (cost === undefined) {
    // Validation has passed: the named operation exists, or there is exactly one.
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && (name === '' || d.name?.value === name));
    const into = { quotes: 0, orders: 0 };
    if (operation?.kind === Kind.OPERATION_DEFINITION) count(document, operation.selectionSet, into, new Set());
    cost = into.quotes === 0 && into.orders === 0 ? FREE : into;
    byName.set(name, cost);
  }
  return cost;
}

type LimitedContext = GraphQLContext & { readonly req?: IncomingMessage };

/** The check an operation needs, or undefined when it costs nothing (the synchronous fast path). */
function check(limits: RateLimits, ctx: LimitedContext, document: DocumentNode, operationName: string | null | undefined): Promise<unknown> | undefined {
  const principal = ctx.principal;
  if (principal === undefined) {
    const ip = ctx.req?.socket.remoteAddress ?? 'unknown';
    return limits.consume('anonymous', ip, 1);
  }
  const cost = costOf(document, operationName);
  if (cost === FREE) return undefined;
  const who = { accountId: principal.accountId, keyId: principal.keyId };
  const orders = cost.orders > 0 ? limits.consume('orders', principal.keyId, cost.orders, who) : undefined;
  const quotes = cost.quotes > 0 ? limits.consume('quotes', principal.keyId, cost.quotes, who) : undefined;
  if (orders && quotes) return Promise.all([orders, quotes]);
  return orders ?? quotes;
}

/**
 * The refusal: RATE_LIMITED with retryAfterMs. Over HTTP also status 429 and Retry-After (whole
 * seconds, rounded up); yoga takes `http` out of the body, but graphql-ws would send it as it is,
 * so it is only added where there is an HTTP request.
 */
function refusal(error: LimitError, http: boolean) {
  const extensions = clientErrorExtensions(error) ?? { code: error.code };
  const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000));
  return {
    errors: [createGraphQLError(error.message, { extensions: http ? { ...extensions, http: { status: 429, headers: { 'Retry-After': String(seconds) } } } : extensions })],
  };
}

export function useRateLimits(limits: RateLimits): Plugin<GraphQLContext> {
  const guard = (ctx: LimitedContext, document: DocumentNode, operationName: string | null | undefined, stop: (result: ReturnType<typeof refusal>) => void): Promise<void> | void => {
    const pending = check(limits, ctx, document, operationName);
    if (pending === undefined) return;
    return pending.then(
      () => undefined,
      (err: unknown) => {
        if (!(err instanceof LimitError)) throw err;
        stop(refusal(err, 'request' in ctx && ctx.request !== undefined));
      },
    );
  };
  return {
    onExecute: ({ args, setResultAndStopExecution }) =>
      guard(args.contextValue as LimitedContext, args.document, args.operationName, setResultAndStopExecution as never),
    onSubscribe: ({ args, setResultAndStopExecution }) =>
      guard(args.contextValue as LimitedContext, args.document, args.operationName, setResultAndStopExecution as never),
  };
}
