/**
 * The API's own view of the orders, for checking the page against it: every order (paged through
 * the `orders` connection with the typed client) and the execution-quality figures they imply.
 */
import { OrderDocument, OrdersDocument, type OrderFieldsFragment } from '../../../src/client/graphql.js';
import { gql, ok } from '../../helpers/gql.js';

export async function apiOrder(url: string, id: string): Promise<OrderFieldsFragment> {
  const order = ok(await gql(url, OrderDocument, { id })).order;
  if (order === null) throw new Error(`order ${id} not found`);
  return order;
}

/** Every order, newest first. */
export async function apiOrders(url: string): Promise<OrderFieldsFragment[]> {
  const all: OrderFieldsFragment[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Awaited<ReturnType<typeof fetchPage>> = await fetchPage(url, after);
    all.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage || page.pageInfo.endCursor === null) return all;
    after = page.pageInfo.endCursor;
  }
}

async function fetchPage(url: string, after: string | null) {
  return ok(await gql(url, OrdersDocument, { first: 100, after })).orders;
}

export interface ApiQuality {
  readonly confirmed: number;
  readonly failed: number;
  readonly open: number;
  /** Means over confirmed orders, in bps (undefined when none). */
  readonly avgSlippageBps: number | undefined;
  readonly avgPriceImpactBps: number | undefined;
  readonly avgSavingsBps: number | undefined;
}

function mean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * The figures as the dashboard defines them: executed slippage vs quote, price impact as executed
 * (the quoted route's when the fill does not report one) and savings of the quoted route.
 */
export function apiQuality(orders: readonly OrderFieldsFragment[]): ApiQuality {
  const confirmed = orders.filter((o) => o.status === 'CONFIRMED');
  const failed = orders.filter((o) => o.status === 'FAILED').length;
  return {
    confirmed: confirmed.length,
    failed,
    open: orders.length - confirmed.length - failed,
    avgSlippageBps: mean(confirmed.flatMap((o) => (o.executedSlippageBps === null ? [] : [o.executedSlippageBps]))),
    avgPriceImpactBps: mean(confirmed.flatMap((o) => {
      const v = o.executedPriceImpactBps ?? o.quotedRoute?.priceImpactBps;
      return v === null || v === undefined ? [] : [v];
    })),
    avgSavingsBps: mean(confirmed.flatMap((o) => (o.quotedRoute?.savingsBps === undefined || o.quotedRoute?.savingsBps === null ? [] : [o.quotedRoute.savingsBps]))),
  };
}

/** A KPI as the page shows it ("+3.4 bps", "−0.2 bps", "0 bps") back to a number. */
export function parseBps(text: string | null): number {
  const m = /^([+−-]?)([\d,]+(?:\.\d+)?) bps$/.exec((text ?? '').trim());
  if (m === null) throw new Error(`not a bps figure: ${text}`);
  const n = Number((m[2] ?? '').replace(/,/g, ''));
  return m[1] === '−' || m[1] === '-' ? -n : n;
}
