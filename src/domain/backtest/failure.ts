import { DomainError, type DomainErrorCode } from '../errors.js';

/**
 * Why a backtest stopped, in two parts: a public reason (a stable code, a message fit for a client,
 * the field when an input was at fault) and the cause (the error itself, for logs only: an
 * unexpected error's message may name internals).
 */
export interface PublicReason {
  readonly code: DomainErrorCode | 'INTERNAL_ERROR';
  readonly message: string;
  readonly field: string | undefined;
}

export class BacktestError extends Error {
  override readonly name = 'BacktestError';

  constructor(
    readonly reason: PublicReason,
    override readonly cause: unknown,
    /** Simulated ms since the epoch when it stopped. */
    readonly atMs: number,
  ) {
    super(`backtest stopped: ${reason.code}: ${reason.message}`);
  }
}

/** The public reason for `e`: a domain error's own code and message, anything else masked. */
export function publicReason(e: unknown): PublicReason {
  if (e instanceof BacktestError) return e.reason;
  if (e instanceof DomainError) {
    const field = e.details['field'];
    return { code: e.code, message: e.message, field: typeof field === 'string' ? field : undefined };
  }
  return { code: 'INTERNAL_ERROR', message: 'the backtest failed unexpectedly', field: undefined };
}
