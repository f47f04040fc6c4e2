import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import { toClientError, UNEXPECTED_ERROR_MESSAGE } from '../../src/graphql/errors.js';
import { clientErrorExtensions, InputError } from '../../src/services/errors.js';

function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) }) };
}

/** What the executor hands over: the thrown error located at a field path. */
function located(cause: Error): GraphQLError {
  return new GraphQLError(cause.message, { path: ['submitMarketOrder'], originalError: cause });
}

describe('clientErrorExtensions', () => {
  it.each([
    [new InputError('AMOUNT_TOO_PRECISE', 'input.amountIn', 'too precise'), { code: 'AMOUNT_TOO_PRECISE', field: 'input.amountIn' }],
    [new InputError('INVALID_CURSOR', 'after', 'bad cursor'), { code: 'INVALID_CURSOR', field: 'after' }],
    [new DomainError('NO_ROUTE', 'no route', { field: 'input.tokenOut' }), { code: 'NO_ROUTE', field: 'input.tokenOut' }],
    [new DomainError('INSUFFICIENT_LIQUIDITY', 'too big'), { code: 'INSUFFICIENT_LIQUIDITY' }],
  ])('maps %s', (error, expected) => {
    expect(clientErrorExtensions(error)).toEqual(expected);
  });

  it.each([new DomainError('INVALID_TRANSITION', 'bug'), new DomainError('INVALID_MARKET', 'bad data'), new TypeError('x is undefined')])(
    'treats %s as unexpected',
    (error) => {
      expect(clientErrorExtensions(error)).toBeUndefined();
    },
  );
});

describe('toClientError', () => {
  it('turns an InputError into a coded error at the same path, logging nothing', () => {
    const { lines, logger } = recordingLogger();
    const out = toClientError(located(new InputError('SAME_TOKEN', 'input.tokenOut', 'same token')), {}, logger);
    expect(out.message).toBe('same token');
    expect(out.extensions).toEqual({ code: 'SAME_TOKEN', field: 'input.tokenOut' });
    expect(out.path).toEqual(['submitMarketOrder']);
    expect(out.originalError).toBeUndefined();
    expect(lines).toHaveLength(0);
  });

  it("keeps GraphQL's own errors untouched", () => {
    const { logger } = recordingLogger();
    const validation = new GraphQLError('Cannot query field "x"', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(toClientError(validation, {}, logger)).toBe(validation);
  });

  it('masks anything else and logs it with the operation and stack', () => {
    const { lines, logger } = recordingLogger();
    const out = toClientError(located(new Error('SQLITE_BUSY: database is locked')), { operationName: 'SubmitMarketOrder', variableValues: { input: { amountIn: '1' } } }, logger);
    expect(out.message).toBe(UNEXPECTED_ERROR_MESSAGE);
    expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(out)).not.toContain('SQLITE');
    expect(lines[0]).toMatchObject({ operationName: 'SubmitMarketOrder', variables: { input: { amountIn: '1' } }, path: 'submitMarketOrder' });
    expect((lines[0]?.['err'] as { stack: string }).stack).toContain('SQLITE_BUSY');
  });
});
