/**
 * The GraphQL operations the benchmark sends. Written here (not imported from the typed client) so
 * the benchmark pins exactly what it measures; the names and fields are the API of issue 3.
 */
export const SUBMIT_ORDER = /* GraphQL */ `mutation BenchSubmit($input: SubmitMarketOrderInput!) {
  submitMarketOrder(input: $input) { id clientOrderId status }
}`;

/** What a trading UI asks before placing an order: the outcome, the route legs and the fees. */
export const QUOTE = /* GraphQL */ `query BenchQuote($input: QuoteInput!) {
  quote(input: $input) {
    amountOut minAmountOut price priceImpactBps savingsBps
    fees { amount token { symbol } }
    route { kind amountOut legs { venue poolId hop shareBps amountIn amountOut } }
  }
}`;

/** A dashboard feed: every order's transitions with a small snapshot. */
export const ALL_ORDER_UPDATES = /* GraphQL */ `subscription BenchFeed {
  orderUpdates { orderId seq status at order { id clientOrderId status } }
}`;

export const TICKS = /* GraphQL */ `subscription BenchTick { tick { seq at label } }`;

export const TYPENAME = /* GraphQL */ `{ __typename }`;
