/**
 * A depth chart's shapes, from a pair's book and the trader's resting orders: per venue and side a
 * step outline of cumulative base against price, and a vertical line per limit or stop price. Pure
 * (no DOM): the panel (web/panels/depth-chart.ts) turns these into SVG. Numbers here are pixels and
 * chart positions, never amounts anyone settles, so floats are fine.
 */
import type { OrderBookInfo, OrderInfo } from './model.js';

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** Space for the axes' labels, px. */
export const MARGIN = { left: 8, right: 8, top: 10, bottom: 22 } as const;

export interface SidePath {
  readonly venue: string;
  readonly side: 'bids' | 'asks';
  readonly levels: number;
  /** SVG path data: the outline closed down to the baseline (filled). */
  readonly d: string;
}

export interface PriceLine {
  readonly orderId: string;
  readonly kind: 'limit' | 'stop';
  /** In the book's terms: quote per base, as the order's own price or its inverse. */
  readonly price: number;
  /** The order's price as typed, in its own tokenOut per tokenIn. */
  readonly label: string;
  readonly x: number;
}

export interface DepthShapes {
  readonly paths: readonly SidePath[];
  readonly lines: readonly PriceLine[];
  readonly minPrice: number;
  readonly maxPrice: number;
  readonly maxDepth: number;
  /** Price ticks with their x. */
  readonly ticks: readonly { readonly price: number; readonly x: number }[];
}

/** An order's limit or stop price on the book's axis; undefined when it trades another pair. */
export function bookPrice(o: OrderInfo, mintOf: (symbol: string) => string | undefined, book: OrderBookInfo): PriceLine['price'] | undefined {
  const price = Number(o.type === 'LIMIT' ? o.limitPrice : o.type === 'STOP' ? o.stopPrice : NaN);
  if (!Number.isFinite(price) || price <= 0) return undefined;
  const [inMint, outMint] = [mintOf(o.tokenIn), mintOf(o.tokenOut)];
  if (inMint === book.baseMint && outMint === book.quoteMint) return price; // selling base: quote per base
  if (inMint === book.quoteMint && outMint === book.baseMint) return 1 / price; // buying base: base per quote, inverted
  return undefined;
}

export function depthShapes(book: OrderBookInfo, orders: readonly { readonly order: OrderInfo; readonly price: number }[], size: Size): DepthShapes {
  const prices: number[] = [];
  let maxDepth = 0;
  for (const v of book.venues) {
    prices.push(Number(v.mid));
    for (const l of [...v.asks, ...v.bids]) {
      prices.push(Number(l.price));
      maxDepth = Math.max(maxDepth, Number(l.cumulativeBase));
    }
  }
  for (const o of orders) prices.push(o.price);
  const finite = prices.filter((p) => Number.isFinite(p) && p > 0);
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  const pad = (hi - lo) * 0.03 || hi * 0.01 || 1;
  const [minPrice, maxPrice] = [lo - pad, hi + pad];
  if (maxDepth <= 0) maxDepth = 1;

  const plotW = Math.max(1, size.width - MARGIN.left - MARGIN.right);
  const plotH = Math.max(1, size.height - MARGIN.top - MARGIN.bottom);
  const x = (p: number): number => MARGIN.left + ((p - minPrice) / (maxPrice - minPrice)) * plotW;
  const y = (depth: number): number => MARGIN.top + plotH - (depth / maxDepth) * plotH * 0.95;
  const r = (n: number): string => n.toFixed(1);

  const paths: SidePath[] = [];
  for (const v of book.venues) {
    for (const side of ['bids', 'asks'] as const) {
      const levels = v[side];
      if (levels.length === 0) continue;
      // From the mid outwards: each level adds its base at its (worst) price.
      let d = `M${r(x(Number(v.mid)))},${r(y(0))}`;
      for (const l of levels) d += `H${r(x(Number(l.price)))}V${r(y(Number(l.cumulativeBase)))}`;
      d += `V${r(y(0))}Z`;
      paths.push({ venue: v.venue, side, levels: levels.length, d });
    }
  }

  const lines = orders.map(({ order, price }) => ({
    orderId: order.id,
    kind: order.type === 'STOP' ? ('stop' as const) : ('limit' as const),
    price,
    label: (order.type === 'STOP' ? order.stopPrice : order.limitPrice) ?? '',
    x: x(price),
  }));
  const ticks = Array.from({ length: 5 }, (_, i) => {
    const price = minPrice + ((maxPrice - minPrice) * (i + 0.5)) / 5;
    return { price, x: x(price) };
  });
  return { paths, lines, minPrice, maxPrice, maxDepth, ticks };
}
