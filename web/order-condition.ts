/** How a resting order's condition reads to a trader, for the open-orders list and the blotter. */
import { formatAmount, formatBps } from './format.js';
import type { OrderInfo } from './model.js';

/** "limit ≥ 190 USDC/SOL", "stop ≤ 150 USDC/SOL", "snipe: depth ≥ 1,000 SOL, impact ≤ 300 bps"; '' for a market order. */
export function describeCondition(o: OrderInfo): string {
  const unit = `${o.tokenOut}/${o.tokenIn}`;
  if (o.type === 'LIMIT' && o.limitPrice !== null) return `limit ≥ ${formatAmount(o.limitPrice, 8, 12)} ${unit}`;
  if (o.type === 'STOP' && o.stopPrice !== null) return `stop ≤ ${formatAmount(o.stopPrice, 8, 12)} ${unit}`;
  if (o.type === 'SNIPER') return `snipe: depth ≥ ${formatAmount(o.minLiquidity)} ${o.tokenIn}, impact ≤ ${formatBps(o.maxPriceImpactBps)}`;
  return '';
}

/** "until 18:00:00" style expiry, or "good until cancelled". */
export function describeExpiry(o: OrderInfo): string {
  if (o.expiresAt === null) return o.type === 'MARKET' ? '' : 'good until cancelled';
  return `expires ${new Date(o.expiresAt).toLocaleString('en-GB', { hour12: false })}`;
}
