import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import { clientErrorExtensions, inputErrorFrom, InputError, orderFailureFor } from '../../src/services/errors.js';

describe('the error table', () => {
  it.each([
    ['SLIPPAGE_EXCEEDED', 'SLIPPAGE_EXCEEDED'],
    ['INSUFFICIENT_LIQUIDITY', 'INSUFFICIENT_LIQUIDITY'],
    ['NO_ROUTE', 'NO_ROUTE'],
    // At execution, an amount the pools can no longer take is a liquidity failure.
    ['AMOUNT_TOO_SMALL', 'INSUFFICIENT_LIQUIDITY'],
    ['AMOUNT_TOO_LARGE', 'INSUFFICIENT_LIQUIDITY'],
  ] as const)('ends an order that meets %s as FAILED/%s, without retry', (code, failure) => {
    expect(orderFailureFor(new DomainError(code, 'x'))).toBe(failure);
  });

  it('retries what is not a permanent order failure (internal codes, chain errors, bugs)', () => {
    expect(orderFailureFor(new DomainError('INVALID_TRANSITION', 'x'))).toBeUndefined();
    expect(orderFailureFor(new DomainError('AMOUNT_MALFORMED', 'x'))).toBeUndefined();
    expect(orderFailureFor(new TypeError('x'))).toBeUndefined();
  });

  it('turns a client-caused domain error into an InputError on the table field, or on the one given', () => {
    const routed = inputErrorFrom(new DomainError('NO_ROUTE', 'no path'));
    expect(routed).toBeInstanceOf(InputError);
    expect([routed?.code, routed?.field, routed?.message]).toEqual(['NO_ROUTE', 'input.tokenOut', 'no path']);
    expect(inputErrorFrom(new DomainError('AMOUNT_TOO_PRECISE', 'x'), 'input.limitPrice')?.field).toBe('input.limitPrice');
  });

  it('never exposes an internal code to a client', () => {
    expect(inputErrorFrom(new DomainError('INVALID_MARKET', 'x'))).toBeUndefined();
    expect(clientErrorExtensions(new DomainError('SLIPPAGE_EXCEEDED', 'x'))).toBeUndefined();
  });
});
