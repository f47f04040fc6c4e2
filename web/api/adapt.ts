/**
 * Maps the generated client's result types (src/client, from schema/operations) onto the page's
 * model. The schema leaves most fields nullable, so defaults are decided here, once.
 */
import type {
  OrderBookFieldsFragment,
  ExecutionReportQuery,
  OrderFieldsFragment,
  OrderUpdatesSubscription,
  PoolFieldsFragment,
  QuoteQuery,
  RouteFieldsFragment,
  RouteLegFieldsFragment,
  TokensQuery,
  ViewerQuery,
} from '../../src/client/graphql.js';
import type { QualityReport } from '../backend-contract.js';
import { parseInstant } from '../format.js';
import type { BookLevelInfo, FeeInfo, KeyScope, Leg, OrderBookInfo, OrderInfo, OrderType, OrderUpdateInfo, PoolInfo, QuoteInfo, RouteInfo, Status, TokenInfo, ViewerInfo } from '../model.js';

type Fees = readonly ({ amount: string | null; token: { symbol: string | null } | null } | null)[] | null | undefined;

function leg(l: RouteLegFieldsFragment): Leg {
  return {
    venue: l.venue ?? '?',
    poolId: l.poolId ?? '',
    path: l.path ?? 0,
    hop: l.hop ?? 0,
    tokenIn: l.tokenIn?.symbol ?? '?',
    tokenOut: l.tokenOut?.symbol ?? '?',
    amountIn: l.amountIn ?? '0',
    amountOut: l.amountOut ?? '0',
    shareBps: l.shareBps ?? 10_000,
  };
}

function fees(list: Fees): FeeInfo[] {
  return (list ?? []).flatMap((f) => (f === null || f.amount === null ? [] : [{ token: f.token?.symbol ?? '?', amount: f.amount }]));
}

function route(r: RouteFieldsFragment | null | undefined): RouteInfo | null {
  if (r === null || r === undefined) return null;
  return { kind: r.kind ?? 'DIRECT', legs: (r.legs ?? []).map(leg), steps: r.steps ?? [] };
}

/** The route an order actually took: its executed legs once filled (a retry may re-route). */
function executedRoute(legs: readonly RouteLegFieldsFragment[], steps: readonly string[]): RouteInfo {
  const paths = new Set(legs.map((l) => l.path ?? 0)).size;
  const hops = new Set(legs.map((l) => l.hop ?? 0)).size;
  const kind = paths > 1 ? 'MULTI_PATH' : hops > 2 ? 'THREE_HOP' : hops > 1 ? 'TWO_HOP' : legs.length > 1 ? 'SPLIT' : 'DIRECT';
  return { kind, legs: legs.map(leg), steps };
}

export function toToken(t: NonNullable<TokensQuery['tokens']>[number]): TokenInfo {
  return { symbol: t.symbol ?? '?', name: t.name ?? t.symbol ?? '?', decimals: t.decimals ?? 0, mint: t.mint ?? '', native: t.native ?? false };
}

export function toOrder(o: OrderFieldsFragment): OrderInfo {
  const quoted = route(o.quotedRoute);
  const executed = o.executedLegs !== null && o.executedLegs.length > 0 ? executedRoute(o.executedLegs, quoted?.steps ?? []) : null;
  const createdAt = parseInstant(o.createdAt) ?? Date.now();
  return {
    id: o.id ?? '',
    clientOrderId: o.clientOrderId ?? '',
    type: (o.type ?? 'MARKET') as OrderType,
    status: (o.status ?? 'PENDING') as Status,
    seq: o.seq ?? 0,
    tokenIn: o.tokenIn?.symbol ?? '?',
    tokenOut: o.tokenOut?.symbol ?? '?',
    amountIn: o.amountIn ?? '0',
    slippageBps: o.slippageBps ?? 0,
    quotedAmountOut: o.quotedAmountOut,
    minAmountOut: o.minAmountOut,
    route: executed ?? quoted,
    priceImpactBps: o.executedPriceImpactBps ?? o.quotedRoute?.priceImpactBps ?? null,
    savingsBps: o.quotedRoute?.savingsBps ?? null,
    txHash: o.txHash,
    executedAmountOut: o.executedAmountOut,
    executedPrice: o.executedPrice,
    executedSlippageBps: o.executedSlippageBps,
    failureCode: o.failureCode,
    failureMessage: o.failureMessage,
    attempts: o.attempts ?? 0,
    createdAt,
    updatedAt: parseInstant(o.updatedAt) ?? createdAt,
    limitPrice: o.limitPrice ?? null,
    stopPrice: o.stopPrice ?? null,
    minLiquidity: o.minLiquidity ?? null,
    maxPriceImpactBps: o.maxPriceImpactBps ?? null,
    expiresAt: parseInstant(o.expiresAt) ?? null,
  };
}

export function toUpdate(u: NonNullable<OrderUpdatesSubscription['orderUpdates']>): OrderUpdateInfo | undefined {
  if (u.order === null || u.seq === null || u.status === null) return undefined;
  const order = toOrder(u.order);
  return { seq: u.seq, status: u.status as Status, at: parseInstant(u.at) ?? order.updatedAt, detail: u.detail, order };
}

export function toQuote(q: NonNullable<QuoteQuery['quote']>): QuoteInfo {
  const r = route(q.route) ?? { kind: 'DIRECT', legs: [], steps: [] };
  return {
    tokenIn: q.tokenIn?.symbol ?? '?',
    tokenOut: q.tokenOut?.symbol ?? '?',
    amountIn: q.amountIn ?? '0',
    amountOut: q.amountOut ?? '0',
    minAmountOut: q.minAmountOut ?? '0',
    priceImpactBps: q.priceImpactBps ?? q.route?.priceImpactBps ?? 0,
    savingsBps: q.savingsBps ?? q.route?.savingsBps ?? 0,
    fees: fees(q.fees ?? q.route?.fees),
    route: r,
    // The router lists every venue: one without a pool for the pair has an empty poolId, one whose
    // pool cannot fill this amount has a poolId and available = false. The page tells them apart.
    alternatives: (q.route?.alternatives ?? []).map((a) => ({
      venue: a.venue ?? '?',
      poolId: a.poolId === null || a.poolId === '' ? null : a.poolId,
      amountOut: a.available === false ? null : (a.amountOut ?? null),
    })),
  };
}

export function toPool(p: PoolFieldsFragment): PoolInfo {
  return {
    id: p.id ?? '',
    venue: p.venue ?? '?',
    kind: p.kind ?? '',
    tokenX: p.tokenX?.symbol ?? '?',
    tokenY: p.tokenY?.symbol ?? '?',
    price: p.price ?? '0',
    feeBps: p.feeBps ?? 0,
  };
}

export function toViewer(v: NonNullable<ViewerQuery['viewer']>): ViewerInfo {
  return {
    accountId: v.account.id,
    accountName: v.account.name,
    keyName: v.key.name,
    keyPrefix: v.key.prefix,
    scopes: v.key.scopes.map((s) => s.toLowerCase() as KeyScope),
  };
}

function levels(list: readonly { price: string; cumulativeBase: string }[]): BookLevelInfo[] {
  return list.map((l) => ({ price: l.price, cumulativeBase: l.cumulativeBase }));
}

export function toOrderBook(b: OrderBookFieldsFragment): OrderBookInfo {
  return {
    base: b.base.symbol,
    quote: b.quote.symbol,
    baseMint: b.base.mint,
    quoteMint: b.quote.mint,
    version: b.version,
    venues: b.venues.map((v) => ({ venue: v.venue, kind: v.kind, poolId: v.poolId, mid: v.mid, asks: levels(v.asks), bids: levels(v.bids) })),
  };
}

/** The report's groups as the quality panel reads them (the rest of the report is left out). */
interface ReportGroup {
  readonly filled: number;
  readonly priceImpactBps: { readonly mean: number | null };
  readonly failuresByCode: Readonly<Record<string, number>>;
}

/** The executionReport answer as the quality panel's figures. */
export function toQuality(r: ExecutionReportQuery['executionReport']): QualityReport {
  const report = r.report as { all: ReportGroup; byVenue: Readonly<Record<string, ReportGroup>> };
  const fillsByVenue = new Map<string, number>();
  for (const [mix, g] of Object.entries(report.byVenue)) for (const v of mix.split('+')) fillsByVenue.set(v, (fillsByVenue.get(v) ?? 0) + g.filled);
  const finished = r.filled + r.failed;
  return {
    orders: r.orders,
    filled: r.filled,
    failed: r.failed,
    fillRate: finished === 0 ? undefined : r.fillRate,
    meanSlippageBps: r.meanSlippageBps ?? undefined,
    meanPriceImpactBps: report.all.priceImpactBps.mean ?? undefined,
    meanSavingsBps: r.filled === 0 ? undefined : r.meanSavingsBps,
    fillsByVenue,
    failuresByCode: new Map(Object.entries(report.all.failuresByCode)),
  };
}
