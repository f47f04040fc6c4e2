import type { InputFieldBuilder, SchemaTypes } from '@pothos/core';
import { builder } from '../builder.js';

/**
 * The inputs carry plain strings and ints: the service validates them (token names, amount syntax and
 * precision, slippage range, clientOrderId shape) and reports the offending field, so clients get one
 * error format for every bad value instead of a mix of scalar-coercion and business errors.
 */

const DEFAULT_SLIPPAGE_BPS = 50;

type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T extends SchemaTypes> ? T : never;

/** The swap a quote prices and an order executes: shared so both inputs stay the same shape. */
const swapFields = (t: InputFieldBuilder<BuilderTypes, 'InputObject'>) => ({
  tokenIn: t.string({ required: true, description: 'Symbol (e.g. "SOL") or mint of the token sold.' }),
  tokenOut: t.string({ required: true, description: 'Symbol or mint of the token bought.' }),
  amountIn: t.string({
    required: true,
    description: 'Decimal string in whole units of tokenIn, e.g. "1.5"; at most the token\'s decimals.',
  }),
  slippageBps: t.int({
    defaultValue: DEFAULT_SLIPPAGE_BPS,
    description: 'Tolerated shortfall against the quote, in bps: sets minAmountOut.',
  }),
});

export const QuoteInput = builder.inputType('QuoteInput', { fields: swapFields });

export const SubmitMarketOrderInput = builder.inputType('SubmitMarketOrderInput', {
  fields: (t) => ({
    ...swapFields(t),
    clientOrderId: t.string({
      required: true,
      description: 'Idempotency key chosen by the client: resubmitting it returns the same order.',
    }),
  }),
});
