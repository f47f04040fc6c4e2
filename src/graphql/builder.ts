import SchemaBuilder from '@pothos/core';
import type { GraphQLContext } from './context.js';

/**
 * The one Pothos builder. It defines no types: each file under ./types adds its own noun, and
 * ./schema.ts imports them all and builds the schema.
 */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  // Outputs are non-null unless a field says otherwise: absence is the exception (e.g. txHash).
  DefaultFieldNullability: false;
  Scalars: {
    /** Milliseconds since the epoch inside; an ISO-8601 string on the wire. */
    DateTime: { Input: number; Output: number };
  };
}>({
  defaultFieldNullability: false,
});
