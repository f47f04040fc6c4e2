/**
 * Every bad input gets a GraphQL error naming the problem (extensions.code) and the field
 * (extensions.field), and leaves no trace: the orders list is unchanged and the all-orders
 * subscription sees nothing but the fence order submitted afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrdersDocument, OrderUpdatesDocument, QuoteDocument, SubmitMarketOrderDocument, type OrdersQueryVariables, type SubmitMarketOrderInput } from '../../src/client/graphql.js';
import { liveAllOrders, orderInput, startTestApp, submit, uniqueId, type TestApp } from '../helpers/app.js';
import { gql, gqlRaw, ok, subscribe, type GqlResult } from '../helpers/gql.js';

let t: TestApp;
let all: Awaited<ReturnType<typeof liveAllOrders>>;
let ordersBefore: string[];

async function orderIds(): Promise<string[]> {
  return ok(await gql(t.url, OrdersDocument, { first: 100 })).orders.edges.map((e) => e.node.id);
}

beforeAll(async () => {
  t = await startTestApp('api-validation');
  all = await liveAllOrders(t);
  ordersBefore = await orderIds();
});
afterAll(async () => {
  await t?.stop();
});

function expectInputError(result: GqlResult<unknown>, code: string, field: string | undefined): void {
  expect(result.data ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors?.[0]?.extensions?.code).toBe(code);
  expect(result.errors?.[0]?.extensions?.field).toBe(field);
  expect(JSON.stringify(result.errors)).not.toMatch(/stack|\.ts:\d+/);
}

type Case = readonly [label: string, input: Partial<SubmitMarketOrderInput>, code: string, field: string];

// Parameters that a quote shares with an order: checked on both operations.
const QUOTE_CASES: readonly Case[] = [
  ['unknown tokenIn', { tokenIn: 'NOPE' }, 'UNKNOWN_TOKEN', 'input.tokenIn'],
  ['unknown tokenOut', { tokenOut: 'So1111111111111111111111111111111111111111X' }, 'UNKNOWN_TOKEN', 'input.tokenOut'],
  ['the same token on both sides', { tokenIn: 'USDC', tokenOut: 'USDC' }, 'SAME_TOKEN', 'input.tokenOut'],
  ['the same token by symbol and by mint', { tokenIn: 'USDC', tokenOut: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v' }, 'SAME_TOKEN', 'input.tokenOut'],
  ['SOL against WSOL (one mint)', { tokenIn: 'SOL', tokenOut: 'WSOL' }, 'SAME_TOKEN', 'input.tokenOut'],
  ['an empty amount', { amountIn: '' }, 'AMOUNT_EMPTY', 'input.amountIn'],
  ['a zero amount', { amountIn: '0' }, 'AMOUNT_ZERO', 'input.amountIn'],
  ['a zero amount with decimals', { amountIn: '0.000' }, 'AMOUNT_ZERO', 'input.amountIn'],
  ['a negative amount', { amountIn: '-1' }, 'AMOUNT_NEGATIVE', 'input.amountIn'],
  ['a malformed amount', { amountIn: 'abc' }, 'AMOUNT_MALFORMED', 'input.amountIn'],
  ['two decimal points', { amountIn: '1.2.3' }, 'AMOUNT_MALFORMED', 'input.amountIn'],
  ['a comma', { amountIn: '1,5' }, 'AMOUNT_MALFORMED', 'input.amountIn'],
  ['hex', { amountIn: '0x10' }, 'AMOUNT_MALFORMED', 'input.amountIn'],
  ['an exponent', { amountIn: '1e3' }, 'AMOUNT_EXPONENT', 'input.amountIn'],
  ['more decimals than the token has', { tokenIn: 'USDC', tokenOut: 'SOL', amountIn: '1.0000001' }, 'AMOUNT_TOO_PRECISE', 'input.amountIn'],
  ['an amount beyond u64', { amountIn: '99999999999999999999999' }, 'AMOUNT_TOO_LARGE', 'input.amountIn'],
  ['a negative slippage', { slippageBps: -1 }, 'SLIPPAGE_OUT_OF_RANGE', 'input.slippageBps'],
  ['a slippage above the maximum', { slippageBps: 5001 }, 'SLIPPAGE_OUT_OF_RANGE', 'input.slippageBps'],
];

const ORDER_ONLY_CASES: readonly Case[] = [
  ['an empty clientOrderId', { clientOrderId: '' }, 'CLIENT_ORDER_ID_INVALID', 'input.clientOrderId'],
  ['an oversized clientOrderId', { clientOrderId: 'x'.repeat(65) }, 'CLIENT_ORDER_ID_INVALID', 'input.clientOrderId'],
  ['a clientOrderId with spaces', { clientOrderId: 'a b' }, 'CLIENT_ORDER_ID_INVALID', 'input.clientOrderId'],
  ['a clientOrderId with markup', { clientOrderId: '<script>' }, 'CLIENT_ORDER_ID_INVALID', 'input.clientOrderId'],
  ['a clientOrderId with non-ASCII', { clientOrderId: 'ordré' }, 'CLIENT_ORDER_ID_INVALID', 'input.clientOrderId'],
];

describe('submitMarketOrder rejects bad input with a code and a field', () => {
  it.each([...QUOTE_CASES, ...ORDER_ONLY_CASES])('%s', async (_label, input, code, field) => {
    expectInputError(await gql(t.url, SubmitMarketOrderDocument, { input: orderInput(input) }), code, field);
  });

  it('a non-integer slippage is a GraphQL type error (BAD_USER_INPUT), before the service', async () => {
    const result = await gqlRaw(t.url, {
      query: 'mutation($input: SubmitMarketOrderInput!) { submitMarketOrder(input: $input) { id } }',
      variables: { input: orderInput({ slippageBps: 1.5 }) },
    });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/slippageBps/);
  });

  it('a missing required field is a GraphQL type error', async () => {
    const { clientOrderId: _omit, ...input } = orderInput();
    const result = await gqlRaw(t.url, {
      query: 'mutation($input: SubmitMarketOrderInput!) { submitMarketOrder(input: $input) { id } }',
      variables: { input },
    });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/clientOrderId/);
  });
});

describe('quote rejects the same bad parameters', () => {
  it.each(QUOTE_CASES)('%s', async (_label, { clientOrderId: _omit, ...input }, code, field) => {
    const { clientOrderId: _id, ...base } = orderInput();
    expectInputError(await gql(t.url, QuoteDocument, { input: { ...base, ...input } }), code, field);
  });
});

describe('orders rejects bad paging arguments', () => {
  it.each<readonly [string, OrdersQueryVariables, string, string]>([
    ['a cursor this API never issued', { after: 'not-a-cursor' }, 'INVALID_CURSOR', 'after'],
    ['a forged cursor', { after: Buffer.from('1:../../etc').toString('base64url') }, 'INVALID_CURSOR', 'after'],
    ['a page size of 0', { first: 0 }, 'INVALID_ARGUMENT', 'first'],
    ['a page size above 100', { first: 101 }, 'INVALID_ARGUMENT', 'first'],
  ])('%s', async (_label, variables, code, field) => {
    expectInputError(await gql(t.url, OrdersDocument, variables), code, field);
  });
});

describe('orderUpdates rejects an unknown order', () => {
  it('with a coded error on that subscription only', async () => {
    const unknown = subscribe(t.ws, OrderUpdatesDocument, { orderId: '01JZZZZZZZZZZZZZZZZZZZZZZZ' });
    await expect(unknown.done).rejects.toEqual([
      expect.objectContaining({ extensions: { code: 'NOT_FOUND', field: 'orderId' } }),
    ]);
    expect(unknown.events).toHaveLength(0);
    // The shared socket and its all-orders subscription live on.
    expect(all.sub.completed()).toBe(false);
    expect(all.sub.errors).toHaveLength(0);
  });
});

describe('after all the rejections', () => {
  it('nothing was persisted, enqueued or published', async () => {
    expect(await orderIds()).toEqual(ordersBefore);
    // Pub/sub keeps order on one channel: anything published by a rejected request would arrive
    // before the fence order's updates.
    const fence = await submit(t, orderInput({ clientOrderId: uniqueId('fence') }));
    await all.sub.until((events) => events.some((e) => e.orderUpdates.orderId === fence.id && e.orderUpdates.order.terminal));
    const after = all.sub.events.slice(all.mark).map((e) => e.orderUpdates.orderId);
    expect(new Set(after)).toEqual(new Set([fence.id]));
    expect(await orderIds()).toEqual([fence.id, ...ordersBefore]);
    all.sub.stop();
  });
});
