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
  | 'INVALID_MARKET';

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
