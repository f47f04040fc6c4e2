/**
 * The one error table. Every domain error code says here, once:
 * - whether a client's input can cause it, and which input field it is about (the API then answers
 *   with that code in `extensions.code` and the field in `extensions.field`);
 * - which failure an order records when execution meets it (a permanent failure: no retry).
 * A code with neither is internal: masked at the API and retried (then INTERNAL_ERROR) in a worker.
 * `Record<DomainErrorCode, …>` makes the compiler refuse a new domain code until it has its row.
 */
import { isDomainError, type DomainError, type DomainErrorCode } from '../domain/errors.js';
import type { FailureCode } from '../domain/order-status.js';
import { StorageUnavailableError } from '../db/port.js';

interface ErrorRow {
  /** The input field a client's request caused it through; absent: never the client's doing. */
  readonly field?: string;
  /** The failure an order records when execution meets it; absent: not a permanent order failure. */
  readonly failure?: FailureCode;
}

const DOMAIN_ERRORS: Readonly<Record<DomainErrorCode, ErrorRow>> = {
  AMOUNT_EMPTY: { field: 'input.amountIn' },
  AMOUNT_MALFORMED: { field: 'input.amountIn' },
  AMOUNT_NEGATIVE: { field: 'input.amountIn' },
  AMOUNT_ZERO: { field: 'input.amountIn' },
  AMOUNT_EXPONENT: { field: 'input.amountIn' },
  AMOUNT_TOO_PRECISE: { field: 'input.amountIn' },
  // At execution an amount the pools can no longer take (it returns nothing, or would overflow a
  // vault) is a liquidity failure, whatever the router called it.
  AMOUNT_TOO_LARGE: { field: 'input.amountIn', failure: 'INSUFFICIENT_LIQUIDITY' },
  AMOUNT_TOO_SMALL: { field: 'input.amountIn', failure: 'INSUFFICIENT_LIQUIDITY' },
  UNKNOWN_TOKEN: { field: 'input.tokenIn' },
  SAME_TOKEN: { field: 'input.tokenOut' },
  NO_ROUTE: { field: 'input.tokenOut', failure: 'NO_ROUTE' },
  INSUFFICIENT_LIQUIDITY: { field: 'input.amountIn', failure: 'INSUFFICIENT_LIQUIDITY' },
  SLIPPAGE_EXCEEDED: { failure: 'SLIPPAGE_EXCEEDED' },
  INVALID_TRANSITION: {},
  INVALID_MARKET: {},
  // Conditional orders (the domain names the exact field in details.field where it differs).
  PRICE_MALFORMED: { field: 'input.limitPrice' },
  PRICE_TOO_PRECISE: { field: 'input.limitPrice' },
  PRICE_OUT_OF_RANGE: { field: 'input.limitPrice' },
  EXPIRY_MALFORMED: { field: 'input.expiresAt' },
  EXPIRY_IN_PAST: { field: 'input.expiresAt' },
  EXPIRY_TOO_FAR: { field: 'input.expiresAt' },
  MIN_LIQUIDITY_OUT_OF_RANGE: { field: 'input.minLiquidity' },
  PRICE_IMPACT_OUT_OF_RANGE: { field: 'input.maxPriceImpactBps' },
  SLIPPAGE_OUT_OF_RANGE: { field: 'input.slippageBps' },
  ORDER_TYPE_INVALID: { field: 'input.type' },
  CLIENT_ORDER_ID_INVALID: { field: 'input.clientOrderId' },
  DUPLICATE_CLIENT_ORDER_ID: { field: 'input.clientOrderId' },
  ORDER_NOT_FOUND: { field: 'id' },
  INVALID_MINT: { field: 'input.tokenOut' },
  // Pool launches.
  SYMBOL_INVALID: { field: 'input.baseToken.symbol' },
  SYMBOL_CLASH: { field: 'input.baseToken.symbol' },
  MINT_CLASH: { field: 'input.baseToken.mint' },
  TOKEN_NAME_INVALID: { field: 'input.baseToken.name' },
  DECIMALS_OUT_OF_RANGE: { field: 'input.baseToken.decimals' },
  VENUE_INVALID: { field: 'input.venue' },
  BIN_STEP_OUT_OF_RANGE: { field: 'input.binStep' },
  FEE_OUT_OF_RANGE: { field: 'input.feeBps' },
  POOL_EXISTS: { field: 'input.venue' },
  // Backtests and strategies.
  SCENARIO_INVALID: { field: 'input.scenario' },
  SEED_INVALID: { field: 'input.scenario.seed' },
  DURATION_MALFORMED: { field: 'input.scenario.duration' },
  DURATION_OUT_OF_RANGE: { field: 'input.scenario.duration' },
  MOTION_OUT_OF_RANGE: { field: 'input.scenario.motion' },
  LATENCY_OUT_OF_RANGE: { field: 'input.scenario.latency' },
  ROUTER_MODE_INVALID: { field: 'input.routerMode' },
  ORDER_TIME_OUT_OF_RANGE: { field: 'input.orders' },
  STRATEGY_UNKNOWN: { field: 'input.strategy.name' },
  STRATEGY_PARAM_INVALID: { field: 'input.strategy.params' },
  STRATEGY_PARAM_OUT_OF_RANGE: { field: 'input.strategy.params' },
};

/** Expected, client-caused errors: surfaced with a stable extensions.code and the offending field. */
export type InputErrorCode =
  // Domain codes a client's input can cause (those with a field in the table), passed through unchanged.
  | DomainErrorCode
  // Checks that belong to the API, not the domain.
  | 'SLIPPAGE_OUT_OF_RANGE'
  | 'CLIENT_ORDER_ID_INVALID'
  | 'IDEMPOTENCY_CONFLICT'
  | 'INVALID_CURSOR'
  | 'INVALID_ARGUMENT'
  | 'LEVELS_OUT_OF_RANGE'
  | 'NOT_FOUND'
  // cancelOrder on an order that already ended or that a worker already took.
  | 'NOT_CANCELLABLE'
  // Backtests: caps on one run's orders and on an account's runs at once; a comparison of two
  // backtests that are not of one scenario, or not both done.
  | 'TOO_MANY_ORDERS'
  | 'TOO_MANY_BACKTESTS'
  | 'NOT_COMPARABLE'
  // The execution report's filter: from after to, and names it does not know.
  | 'RANGE_INVERTED'
  | 'UNKNOWN_PAIR'
  | 'UNKNOWN_VENUE'
  | 'UNKNOWN_ORDER_TYPE'
  | 'UNKNOWN_STATUS';

export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly code: InputErrorCode,
    /** Path of the offending input field, e.g. "input.amountIn". */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A caller without a key (UNAUTHENTICATED) or without the scope a field needs (FORBIDDEN). */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The client-facing form of a domain error the client's input caused, naming `field` (default: the
 * table's); undefined when the code is not the client's doing.
 */
export function inputErrorFrom(error: DomainError, field?: string): InputError | undefined {
  const row = DOMAIN_ERRORS[error.code];
  if (row.field === undefined) return undefined;
  return new InputError(error.code as InputErrorCode, field ?? row.field, error.message);
}

/** The failure an order records for a domain error met during execution; undefined = retry it. */
export function orderFailureFor(error: unknown): FailureCode | undefined {
  return isDomainError(error) ? DOMAIN_ERRORS[error.code].failure : undefined;
}

/**
 * A caller over one of its limits, refused before anything ran (nothing persisted, enqueued or
 * published). RATE_LIMITED: too many operations per second, retry after `retryAfterMs`;
 * TOO_MANY_SUBSCRIPTIONS: a graphql-ws socket already runs its cap of operations (end one first).
 */
export class LimitError extends Error {
  override readonly name = 'LimitError';
  constructor(
    readonly code: 'RATE_LIMITED' | 'TOO_MANY_SUBSCRIPTIONS',
    message: string,
    /** Integer ms after which the same call can succeed (RATE_LIMITED only). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * Close codes of graphql-ws sockets the server ends for a limit (graphql-ws's own: 4400, 4401,
 * 4403, 4409, 4429 for a second connection_init, 4500). Clients must not reconnect in a loop:
 * graphql-ws's client treats 4429 as fatal; 4008 mirrors WebSocket's 1008 "policy violation".
 */
export const SOCKET_CLOSE = {
  /** The API key already holds its cap of open sockets (across API processes). */
  TOO_MANY_SOCKETS: 4429,
  /** The client stopped reading: the socket's unsent bytes passed the bound. */
  SLOW_CONSUMER: 4008,
} as const;

export interface ClientErrorExtensions {
  readonly code: string;
  readonly field?: string;
  readonly retryAfterMs?: number;
}

/** What a client reads when the database is away: retryable, and nothing of the cause. */
export const UNAVAILABLE_MESSAGE = 'The service is temporarily unavailable; nothing was recorded. Retry shortly.';

/** What a client may see of an expected error (code and field), or undefined for an unexpected one. */
export function clientErrorExtensions(error: unknown): ClientErrorExtensions | undefined {
  if (error instanceof InputError) return { code: error.code, field: error.field };
  if (error instanceof StorageUnavailableError) return { code: 'UNAVAILABLE' };
  if (error instanceof AuthError) return { code: error.code };
  if (error instanceof LimitError) return error.retryAfterMs === undefined ? { code: error.code } : { code: error.code, retryAfterMs: error.retryAfterMs };
  if (isDomainError(error)) {
    const row = DOMAIN_ERRORS[error.code];
    if (row.field === undefined) return undefined;
    // Raised by the domain without passing through a service (which would name the field): the
    // field only when the domain said which.
    const field = error.details['field'];
    return typeof field === 'string' ? { code: error.code, field } : { code: error.code };
  }
  return undefined;
}
