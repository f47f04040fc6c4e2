/** Routing for the service: the best route for validated input, with the client's errors coded. */
import type { StoredMarket } from '../db/port.js';
import { isDomainError } from '../domain/errors.js';
import type { Route } from '../domain/route.js';
import { findBestRoute } from '../domain/router.js';
import { InputError, inputErrorFrom } from './errors.js';
import type { ParsedQuoteInput } from './order-input.js';

/**
 * The best route on `stored` at `now` (ms).
 * @throws InputError NO_ROUTE | INSUFFICIENT_LIQUIDITY | AMOUNT_TOO_SMALL | AMOUNT_TOO_LARGE on the field the error table names
 */
export function routeFor(p: ParsedQuoteInput, now: number, stored: StoredMarket): Route {
  let r: Route;
  try {
    r = findBestRoute(stored.market, p.tokenIn, p.tokenOut, p.amountIn, Math.floor(now / 1000));
  } catch (e) {
    // What the client's input made unroutable (no path, beyond depth, too small, too large), on
    // the field the error table names; anything else is ours.
    throw (isDomainError(e) && inputErrorFrom(e)) || e;
  }
  if (r.amountOut <= 0n) {
    throw new InputError('AMOUNT_TOO_SMALL', 'input.amountIn', 'amount too small: the best route returns nothing');
  }
  return r;
}
