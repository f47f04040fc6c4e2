/**
 * Domain errors carry a closed union of codes so every layer above (GraphQL, worker, logs) can map
 * them to stable client-facing codes without parsing messages.
 */
export type DomainErrorCode =
  // amount parsing (the API edge)
  | 'AMOUNT_EMPTY'
  | 'AMOUNT_MALFORMED'
  | 'AMOUNT_NEGATIVE'
  | 'AMOUNT_ZERO'
  | 'AMOUNT_EXPONENT'
  | 'AMOUNT_TOO_PRECISE'
  | 'AMOUNT_TOO_LARGE'
  // an order so small that every route returns 0 atoms for it (routing)
  | 'AMOUNT_TOO_SMALL'
  // tokens and pairs
  | 'UNKNOWN_TOKEN'
  | 'SAME_TOKEN'
  // routing and execution
  | 'NO_ROUTE'
  | 'INSUFFICIENT_LIQUIDITY'
  | 'SLIPPAGE_EXCEEDED'
  // order lifecycle
  | 'INVALID_TRANSITION'
  // market data
  | 'INVALID_MARKET'
  // prices given as text (limit and stop prices, launch prices)
  | 'PRICE_MALFORMED'
  | 'PRICE_TOO_PRECISE'
  | 'PRICE_OUT_OF_RANGE'
  // conditional orders
  | 'EXPIRY_MALFORMED'
  | 'EXPIRY_IN_PAST'
  | 'EXPIRY_TOO_FAR'
  | 'MIN_LIQUIDITY_OUT_OF_RANGE'
  | 'PRICE_IMPACT_OUT_OF_RANGE'
  | 'SLIPPAGE_OUT_OF_RANGE'
  | 'ORDER_TYPE_INVALID'
  | 'CLIENT_ORDER_ID_INVALID'
  | 'DUPLICATE_CLIENT_ORDER_ID'
  | 'ORDER_NOT_FOUND'
  // runtime tokens and pool launches
  | 'INVALID_MINT'
  | 'SYMBOL_INVALID'
  | 'SYMBOL_CLASH'
  | 'MINT_CLASH'
  | 'TOKEN_NAME_INVALID'
  | 'DECIMALS_OUT_OF_RANGE'
  | 'VENUE_INVALID'
  | 'BIN_STEP_OUT_OF_RANGE'
  | 'FEE_OUT_OF_RANGE'
  | 'POOL_EXISTS'
  // backtest scenarios
  | 'SCENARIO_INVALID'
  | 'SEED_INVALID'
  | 'DURATION_MALFORMED'
  | 'DURATION_OUT_OF_RANGE'
  | 'MOTION_OUT_OF_RANGE'
  | 'LATENCY_OUT_OF_RANGE'
  | 'ROUTER_MODE_INVALID'
  | 'ORDER_TIME_OUT_OF_RANGE'
  // strategies
  | 'STRATEGY_UNKNOWN'
  | 'STRATEGY_PARAM_INVALID'
  | 'STRATEGY_PARAM_OUT_OF_RANGE';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function isDomainError(e: unknown, code?: DomainErrorCode): e is DomainError {
  return e instanceof DomainError && (code === undefined || e.code === code);
}

/**
 * A DomainError about one input field: `details.field` names it as the caller spelled its input
 * (e.g. `input.limitPrice`, `scenario.orders[3].amountIn`), so the layers above map the code to a
 * client error without parsing the message.
 */
export function fieldError(code: DomainErrorCode, field: string, message: string, details: Readonly<Record<string, unknown>> = {}): DomainError {
  return new DomainError(code, `${field}: ${message}`, { ...details, field });
}

/**
 * Runs `parse`; a DomainError it throws without a field is rethrown with `field` attached (same
 * code), so parsers that know nothing of the caller's input shape (parseAmount) still name it.
 */
export function withField<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof DomainError && e.details['field'] === undefined) throw fieldError(e.code, field, e.message, e.details);
    throw e;
  }
}
