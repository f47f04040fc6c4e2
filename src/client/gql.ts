/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "fragment ApiKeyFields on ApiKey {\n  id\n  name\n  prefix\n  account {\n    id\n    name\n  }\n  scopes\n  createdAt\n  lastUsedAt\n  revokedAt\n}\n\nquery ApiKeys {\n  apiKeys {\n    ...ApiKeyFields\n  }\n}\n\nmutation CreateApiKey($input: CreateApiKeyInput!) {\n  createApiKey(input: $input) {\n    key\n    apiKey {\n      ...ApiKeyFields\n    }\n  }\n}\n\nmutation RevokeApiKey($nameOrId: String!) {\n  revokeApiKey(nameOrId: $nameOrId) {\n    ...ApiKeyFields\n  }\n}": typeof types.ApiKeyFieldsFragmentDoc,
    "fragment BacktestFields on Backtest {\n  id\n  status\n  routerMode\n  percent\n  ordersDone\n  createdAt\n  startedAt\n  finishedAt\n  failure {\n    code\n    message\n    field\n  }\n  ordersCsvPath\n}\n\nmutation RunBacktest($input: RunBacktestInput!) {\n  runBacktest(input: $input) {\n    ...BacktestFields\n  }\n}\n\nquery Backtest($id: ID!) {\n  backtest(id: $id) {\n    ...BacktestFields\n    summary\n    report\n    series\n    fillRate\n    meanSlippageBps\n    meanSavingsBps\n  }\n}\n\nquery Backtests($first: Int, $after: String) {\n  backtests(first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        ...BacktestFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nquery CompareBacktests($a: ID!, $b: ID!) {\n  compareBacktests(a: $a, b: $b) {\n    a {\n      id\n      routerMode\n    }\n    b {\n      id\n      routerMode\n    }\n    fillRate {\n      a\n      b\n      delta\n    }\n    meanSlippageBps {\n      a\n      b\n      delta\n    }\n    meanSavingsBps {\n      a\n      b\n      delta\n    }\n    filled {\n      a\n      b\n      delta\n    }\n    p95SlippageBps {\n      a\n      b\n      delta\n    }\n    worstSlippageBps {\n      a\n      b\n      delta\n    }\n    meanPriceImpactBps {\n      a\n      b\n      delta\n    }\n  }\n}\n\nsubscription BacktestUpdates($id: ID!) {\n  backtestUpdates(id: $id) {\n    backtestId\n    status\n    percent\n    ordersDone\n    etaMs\n    failure {\n      code\n      message\n      field\n    }\n  }\n}": typeof types.BacktestFieldsFragmentDoc,
    "mutation CancelOrder($id: ID!) {\n  cancelOrder(id: $id) {\n    ...OrderFields\n  }\n}": typeof types.CancelOrderDocument,
    "query ExecutionReport($filter: ExecutionReportFilter) {\n  executionReport(filter: $filter) {\n    orders\n    filled\n    failed\n    fillRate\n    meanSlippageBps\n    p99SlippageBps\n    meanSavingsBps\n    percentileMethod\n    report\n  }\n}": typeof types.ExecutionReportDocument,
    "mutation LaunchPool($input: LaunchPoolInput!) {\n  launchPool(input: $input) {\n    ...PoolFields\n  }\n}": typeof types.LaunchPoolDocument,
    "fragment BookLevelFields on BookLevel {\n  price\n  base\n  quote\n  fee\n  cumulativeBase\n  cumulativeQuote\n}\n\nfragment OrderBookFields on OrderBook {\n  base {\n    symbol\n    mint\n    decimals\n  }\n  quote {\n    symbol\n    mint\n    decimals\n  }\n  levels\n  stepBps\n  version\n  at\n  venues {\n    venue\n    kind\n    poolId\n    mid\n    feeBps\n    asks {\n      ...BookLevelFields\n    }\n    bids {\n      ...BookLevelFields\n    }\n  }\n}\n\nquery OrderBook($base: String!, $quote: String!, $levels: Int) {\n  orderBook(base: $base, quote: $quote, levels: $levels) {\n    ...OrderBookFields\n  }\n}\n\nsubscription OrderBookUpdates($base: String!, $quote: String!, $levels: Int) {\n  orderBookUpdates(base: $base, quote: $quote, levels: $levels) {\n    ...OrderBookFields\n  }\n}": typeof types.BookLevelFieldsFragmentDoc,
    "fragment OrderFields on Order {\n  id\n  clientOrderId\n  type\n  status\n  terminal\n  seq\n  tokenIn {\n    symbol\n    decimals\n  }\n  tokenOut {\n    symbol\n    decimals\n  }\n  amountIn\n  slippageBps\n  quotedAmountOut\n  quotedPrice\n  minAmountOut\n  quotedRoute {\n    ...RouteFields\n  }\n  attempts\n  createdAt\n  updatedAt\n  txHash\n  executedAmountOut\n  executedPrice\n  executedSlippageBps\n  executedPriceImpactBps\n  executedLegs {\n    ...RouteLegFields\n  }\n  fees {\n    token {\n      symbol\n    }\n    amount\n  }\n  failureCode\n  failureMessage\n  limitPrice\n  stopPrice\n  minLiquidity\n  maxPriceImpactBps\n  expiresAt\n}": typeof types.OrderFieldsFragmentDoc,
    "subscription OrderUpdates($orderId: ID) {\n  orderUpdates(orderId: $orderId) {\n    orderId\n    seq\n    status\n    at\n    detail\n    order {\n      ...OrderFields\n    }\n  }\n}": typeof types.OrderUpdatesDocument,
    "query Order($id: ID!) {\n  order(id: $id) {\n    ...OrderFields\n  }\n}": typeof types.OrderDocument,
    "query Orders($first: Int, $after: String, $status: OrderStatus) {\n  orders(first: $first, after: $after, status: $status) {\n    edges {\n      cursor\n      node {\n        ...OrderFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.OrdersDocument,
    "fragment PoolFields on Pool {\n  id\n  venue\n  kind\n  pair\n  tokenX {\n    symbol\n    decimals\n  }\n  tokenY {\n    symbol\n    decimals\n  }\n  price\n  reserveX\n  reserveY\n  feeBps\n  updatedAt\n}": typeof types.PoolFieldsFragmentDoc,
    "subscription PoolUpdates {\n  poolUpdates {\n    ...PoolFields\n  }\n}": typeof types.PoolUpdatesDocument,
    "query Pools {\n  pools {\n    ...PoolFields\n  }\n}": typeof types.PoolsDocument,
    "query Quote($input: QuoteInput!) {\n  quote(input: $input) {\n    tokenIn {\n      symbol\n      decimals\n    }\n    tokenOut {\n      symbol\n      decimals\n    }\n    amountIn\n    amountOut\n    minAmountOut\n    slippageBps\n    price\n    priceImpactBps\n    savingsBps\n    fees {\n      token {\n        symbol\n      }\n      amount\n    }\n    quotedAt\n    route {\n      ...RouteFields\n    }\n  }\n}": typeof types.QuoteDocument,
    "fragment RouteFields on Route {\n  kind\n  steps\n  amountIn\n  amountOut\n  priceImpactBps\n  savingsBps\n  bestSingleVenueAmountOut\n  legs {\n    ...RouteLegFields\n  }\n  paths {\n    index\n    shareBps\n    tokens {\n      symbol\n    }\n  }\n  fees {\n    token {\n      symbol\n    }\n    amount\n  }\n  alternatives {\n    venue\n    poolId\n    available\n    amountOut\n    fee\n    priceImpactBps\n  }\n}": typeof types.RouteFieldsFragmentDoc,
    "fragment RouteLegFields on RouteLeg {\n  venue\n  poolId\n  path\n  hop\n  tokenIn {\n    symbol\n  }\n  tokenOut {\n    symbol\n  }\n  amountIn\n  amountOut\n  fee\n  shareBps\n}": typeof types.RouteLegFieldsFragmentDoc,
    "mutation SubmitLimitOrder($input: SubmitLimitOrderInput!) {\n  submitLimitOrder(input: $input) {\n    ...OrderFields\n  }\n}": typeof types.SubmitLimitOrderDocument,
    "mutation SubmitMarketOrder($input: SubmitMarketOrderInput!) {\n  submitMarketOrder(input: $input) {\n    ...OrderFields\n  }\n}": typeof types.SubmitMarketOrderDocument,
    "mutation SubmitSniperOrder($input: SubmitSniperOrderInput!) {\n  submitSniperOrder(input: $input) {\n    ...OrderFields\n  }\n}": typeof types.SubmitSniperOrderDocument,
    "mutation SubmitStopOrder($input: SubmitStopOrderInput!) {\n  submitStopOrder(input: $input) {\n    ...OrderFields\n  }\n}": typeof types.SubmitStopOrderDocument,
    "fragment TokenFields on Token {\n  symbol\n  name\n  mint\n  decimals\n  native\n}": typeof types.TokenFieldsFragmentDoc,
    "query Tokens {\n  tokens {\n    ...TokenFields\n  }\n}": typeof types.TokensDocument,
    "query Viewer {\n  viewer {\n    account {\n      id\n      name\n    }\n    key {\n      id\n      name\n      prefix\n      scopes\n    }\n  }\n}": typeof types.ViewerDocument,
};
const documents: Documents = {
    "fragment ApiKeyFields on ApiKey {\n  id\n  name\n  prefix\n  account {\n    id\n    name\n  }\n  scopes\n  createdAt\n  lastUsedAt\n  revokedAt\n}\n\nquery ApiKeys {\n  apiKeys {\n    ...ApiKeyFields\n  }\n}\n\nmutation CreateApiKey($input: CreateApiKeyInput!) {\n  createApiKey(input: $input) {\n    key\n    apiKey {\n      ...ApiKeyFields\n    }\n  }\n}\n\nmutation RevokeApiKey($nameOrId: String!) {\n  revokeApiKey(nameOrId: $nameOrId) {\n    ...ApiKeyFields\n  }\n}": types.ApiKeyFieldsFragmentDoc,
    "fragment BacktestFields on Backtest {\n  id\n  status\n  routerMode\n  percent\n  ordersDone\n  createdAt\n  startedAt\n  finishedAt\n  failure {\n    code\n    message\n    field\n  }\n  ordersCsvPath\n}\n\nmutation RunBacktest($input: RunBacktestInput!) {\n  runBacktest(input: $input) {\n    ...BacktestFields\n  }\n}\n\nquery Backtest($id: ID!) {\n  backtest(id: $id) {\n    ...BacktestFields\n    summary\n    report\n    series\n    fillRate\n    meanSlippageBps\n    meanSavingsBps\n  }\n}\n\nquery Backtests($first: Int, $after: String) {\n  backtests(first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        ...BacktestFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nquery CompareBacktests($a: ID!, $b: ID!) {\n  compareBacktests(a: $a, b: $b) {\n    a {\n      id\n      routerMode\n    }\n    b {\n      id\n      routerMode\n    }\n    fillRate {\n      a\n      b\n      delta\n    }\n    meanSlippageBps {\n      a\n      b\n      delta\n    }\n    meanSavingsBps {\n      a\n      b\n      delta\n    }\n    filled {\n      a\n      b\n      delta\n    }\n    p95SlippageBps {\n      a\n      b\n      delta\n    }\n    worstSlippageBps {\n      a\n      b\n      delta\n    }\n    meanPriceImpactBps {\n      a\n      b\n      delta\n    }\n  }\n}\n\nsubscription BacktestUpdates($id: ID!) {\n  backtestUpdates(id: $id) {\n    backtestId\n    status\n    percent\n    ordersDone\n    etaMs\n    failure {\n      code\n      message\n      field\n    }\n  }\n}": types.BacktestFieldsFragmentDoc,
    "mutation CancelOrder($id: ID!) {\n  cancelOrder(id: $id) {\n    ...OrderFields\n  }\n}": types.CancelOrderDocument,
    "query ExecutionReport($filter: ExecutionReportFilter) {\n  executionReport(filter: $filter) {\n    orders\n    filled\n    failed\n    fillRate\n    meanSlippageBps\n    p99SlippageBps\n    meanSavingsBps\n    percentileMethod\n    report\n  }\n}": types.ExecutionReportDocument,
    "mutation LaunchPool($input: LaunchPoolInput!) {\n  launchPool(input: $input) {\n    ...PoolFields\n  }\n}": types.LaunchPoolDocument,
    "fragment BookLevelFields on BookLevel {\n  price\n  base\n  quote\n  fee\n  cumulativeBase\n  cumulativeQuote\n}\n\nfragment OrderBookFields on OrderBook {\n  base {\n    symbol\n    mint\n    decimals\n  }\n  quote {\n    symbol\n    mint\n    decimals\n  }\n  levels\n  stepBps\n  version\n  at\n  venues {\n    venue\n    kind\n    poolId\n    mid\n    feeBps\n    asks {\n      ...BookLevelFields\n    }\n    bids {\n      ...BookLevelFields\n    }\n  }\n}\n\nquery OrderBook($base: String!, $quote: String!, $levels: Int) {\n  orderBook(base: $base, quote: $quote, levels: $levels) {\n    ...OrderBookFields\n  }\n}\n\nsubscription OrderBookUpdates($base: String!, $quote: String!, $levels: Int) {\n  orderBookUpdates(base: $base, quote: $quote, levels: $levels) {\n    ...OrderBookFields\n  }\n}": types.BookLevelFieldsFragmentDoc,
    "fragment OrderFields on Order {\n  id\n  clientOrderId\n  type\n  status\n  terminal\n  seq\n  tokenIn {\n    symbol\n    decimals\n  }\n  tokenOut {\n    symbol\n    decimals\n  }\n  amountIn\n  slippageBps\n  quotedAmountOut\n  quotedPrice\n  minAmountOut\n  quotedRoute {\n    ...RouteFields\n  }\n  attempts\n  createdAt\n  updatedAt\n  txHash\n  executedAmountOut\n  executedPrice\n  executedSlippageBps\n  executedPriceImpactBps\n  executedLegs {\n    ...RouteLegFields\n  }\n  fees {\n    token {\n      symbol\n    }\n    amount\n  }\n  failureCode\n  failureMessage\n  limitPrice\n  stopPrice\n  minLiquidity\n  maxPriceImpactBps\n  expiresAt\n}": types.OrderFieldsFragmentDoc,
    "subscription OrderUpdates($orderId: ID) {\n  orderUpdates(orderId: $orderId) {\n    orderId\n    seq\n    status\n    at\n    detail\n    order {\n      ...OrderFields\n    }\n  }\n}": types.OrderUpdatesDocument,
    "query Order($id: ID!) {\n  order(id: $id) {\n    ...OrderFields\n  }\n}": types.OrderDocument,
    "query Orders($first: Int, $after: String, $status: OrderStatus) {\n  orders(first: $first, after: $after, status: $status) {\n    edges {\n      cursor\n      node {\n        ...OrderFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.OrdersDocument,
    "fragment PoolFields on Pool {\n  id\n  venue\n  kind\n  pair\n  tokenX {\n    symbol\n    decimals\n  }\n  tokenY {\n    symbol\n    decimals\n  }\n  price\n  reserveX\n  reserveY\n  feeBps\n  updatedAt\n}": types.PoolFieldsFragmentDoc,
    "subscription PoolUpdates {\n  poolUpdates {\n    ...PoolFields\n  }\n}": types.PoolUpdatesDocument,
    "query Pools {\n  pools {\n    ...PoolFields\n  }\n}": types.PoolsDocument,
    "query Quote($input: QuoteInput!) {\n  quote(input: $input) {\n    tokenIn {\n      symbol\n      decimals\n    }\n    tokenOut {\n      symbol\n      decimals\n    }\n    amountIn\n    amountOut\n    minAmountOut\n    slippageBps\n    price\n    priceImpactBps\n    savingsBps\n    fees {\n      token {\n        symbol\n      }\n      amount\n    }\n    quotedAt\n    route {\n      ...RouteFields\n    }\n  }\n}": types.QuoteDocument,
    "fragment RouteFields on Route {\n  kind\n  steps\n  amountIn\n  amountOut\n  priceImpactBps\n  savingsBps\n  bestSingleVenueAmountOut\n  legs {\n    ...RouteLegFields\n  }\n  paths {\n    index\n    shareBps\n    tokens {\n      symbol\n    }\n  }\n  fees {\n    token {\n      symbol\n    }\n    amount\n  }\n  alternatives {\n    venue\n    poolId\n    available\n    amountOut\n    fee\n    priceImpactBps\n  }\n}": types.RouteFieldsFragmentDoc,
    "fragment RouteLegFields on RouteLeg {\n  venue\n  poolId\n  path\n  hop\n  tokenIn {\n    symbol\n  }\n  tokenOut {\n    symbol\n  }\n  amountIn\n  amountOut\n  fee\n  shareBps\n}": types.RouteLegFieldsFragmentDoc,
    "mutation SubmitLimitOrder($input: SubmitLimitOrderInput!) {\n  submitLimitOrder(input: $input) {\n    ...OrderFields\n  }\n}": types.SubmitLimitOrderDocument,
    "mutation SubmitMarketOrder($input: SubmitMarketOrderInput!) {\n  submitMarketOrder(input: $input) {\n    ...OrderFields\n  }\n}": types.SubmitMarketOrderDocument,
    "mutation SubmitSniperOrder($input: SubmitSniperOrderInput!) {\n  submitSniperOrder(input: $input) {\n    ...OrderFields\n  }\n}": types.SubmitSniperOrderDocument,
    "mutation SubmitStopOrder($input: SubmitStopOrderInput!) {\n  submitStopOrder(input: $input) {\n    ...OrderFields\n  }\n}": types.SubmitStopOrderDocument,
    "fragment TokenFields on Token {\n  symbol\n  name\n  mint\n  decimals\n  native\n}": types.TokenFieldsFragmentDoc,
    "query Tokens {\n  tokens {\n    ...TokenFields\n  }\n}": types.TokensDocument,
    "query Viewer {\n  viewer {\n    account {\n      id\n      name\n    }\n    key {\n      id\n      name\n      prefix\n      scopes\n    }\n  }\n}": types.ViewerDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ApiKeyFields on ApiKey {\n  id\n  name\n  prefix\n  account {\n    id\n    name\n  }\n  scopes\n  createdAt\n  lastUsedAt\n  revokedAt\n}\n\nquery ApiKeys {\n  apiKeys {\n    ...ApiKeyFields\n  }\n}\n\nmutation CreateApiKey($input: CreateApiKeyInput!) {\n  createApiKey(input: $input) {\n    key\n    apiKey {\n      ...ApiKeyFields\n    }\n  }\n}\n\nmutation RevokeApiKey($nameOrId: String!) {\n  revokeApiKey(nameOrId: $nameOrId) {\n    ...ApiKeyFields\n  }\n}"): (typeof documents)["fragment ApiKeyFields on ApiKey {\n  id\n  name\n  prefix\n  account {\n    id\n    name\n  }\n  scopes\n  createdAt\n  lastUsedAt\n  revokedAt\n}\n\nquery ApiKeys {\n  apiKeys {\n    ...ApiKeyFields\n  }\n}\n\nmutation CreateApiKey($input: CreateApiKeyInput!) {\n  createApiKey(input: $input) {\n    key\n    apiKey {\n      ...ApiKeyFields\n    }\n  }\n}\n\nmutation RevokeApiKey($nameOrId: String!) {\n  revokeApiKey(nameOrId: $nameOrId) {\n    ...ApiKeyFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment BacktestFields on Backtest {\n  id\n  status\n  routerMode\n  percent\n  ordersDone\n  createdAt\n  startedAt\n  finishedAt\n  failure {\n    code\n    message\n    field\n  }\n  ordersCsvPath\n}\n\nmutation RunBacktest($input: RunBacktestInput!) {\n  runBacktest(input: $input) {\n    ...BacktestFields\n  }\n}\n\nquery Backtest($id: ID!) {\n  backtest(id: $id) {\n    ...BacktestFields\n    summary\n    report\n    series\n    fillRate\n    meanSlippageBps\n    meanSavingsBps\n  }\n}\n\nquery Backtests($first: Int, $after: String) {\n  backtests(first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        ...BacktestFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nquery CompareBacktests($a: ID!, $b: ID!) {\n  compareBacktests(a: $a, b: $b) {\n    a {\n      id\n      routerMode\n    }\n    b {\n      id\n      routerMode\n    }\n    fillRate {\n      a\n      b\n      delta\n    }\n    meanSlippageBps {\n      a\n      b\n      delta\n    }\n    meanSavingsBps {\n      a\n      b\n      delta\n    }\n    filled {\n      a\n      b\n      delta\n    }\n    p95SlippageBps {\n      a\n      b\n      delta\n    }\n    worstSlippageBps {\n      a\n      b\n      delta\n    }\n    meanPriceImpactBps {\n      a\n      b\n      delta\n    }\n  }\n}\n\nsubscription BacktestUpdates($id: ID!) {\n  backtestUpdates(id: $id) {\n    backtestId\n    status\n    percent\n    ordersDone\n    etaMs\n    failure {\n      code\n      message\n      field\n    }\n  }\n}"): (typeof documents)["fragment BacktestFields on Backtest {\n  id\n  status\n  routerMode\n  percent\n  ordersDone\n  createdAt\n  startedAt\n  finishedAt\n  failure {\n    code\n    message\n    field\n  }\n  ordersCsvPath\n}\n\nmutation RunBacktest($input: RunBacktestInput!) {\n  runBacktest(input: $input) {\n    ...BacktestFields\n  }\n}\n\nquery Backtest($id: ID!) {\n  backtest(id: $id) {\n    ...BacktestFields\n    summary\n    report\n    series\n    fillRate\n    meanSlippageBps\n    meanSavingsBps\n  }\n}\n\nquery Backtests($first: Int, $after: String) {\n  backtests(first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        ...BacktestFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nquery CompareBacktests($a: ID!, $b: ID!) {\n  compareBacktests(a: $a, b: $b) {\n    a {\n      id\n      routerMode\n    }\n    b {\n      id\n      routerMode\n    }\n    fillRate {\n      a\n      b\n      delta\n    }\n    meanSlippageBps {\n      a\n      b\n      delta\n    }\n    meanSavingsBps {\n      a\n      b\n      delta\n    }\n    filled {\n      a\n      b\n      delta\n    }\n    p95SlippageBps {\n      a\n      b\n      delta\n    }\n    worstSlippageBps {\n      a\n      b\n      delta\n    }\n    meanPriceImpactBps {\n      a\n      b\n      delta\n    }\n  }\n}\n\nsubscription BacktestUpdates($id: ID!) {\n  backtestUpdates(id: $id) {\n    backtestId\n    status\n    percent\n    ordersDone\n    etaMs\n    failure {\n      code\n      message\n      field\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CancelOrder($id: ID!) {\n  cancelOrder(id: $id) {\n    ...OrderFields\n  }\n}"): (typeof documents)["mutation CancelOrder($id: ID!) {\n  cancelOrder(id: $id) {\n    ...OrderFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ExecutionReport($filter: ExecutionReportFilter) {\n  executionReport(filter: $filter) {\n    orders\n    filled\n    failed\n    fillRate\n    meanSlippageBps\n    p99SlippageBps\n    meanSavingsBps\n    percentileMethod\n    report\n  }\n}"): (typeof documents)["query ExecutionReport($filter: ExecutionReportFilter) {\n  executionReport(filter: $filter) {\n    orders\n    filled\n    failed\n    fillRate\n    meanSlippageBps\n    p99SlippageBps\n    meanSavingsBps\n    percentileMethod\n    report\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LaunchPool($input: LaunchPoolInput!) {\n  launchPool(input: $input) {\n    ...PoolFields\n  }\n}"): (typeof documents)["mutation LaunchPool($input: LaunchPoolInput!) {\n  launchPool(input: $input) {\n    ...PoolFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment BookLevelFields on BookLevel {\n  price\n  base\n  quote\n  fee\n  cumulativeBase\n  cumulativeQuote\n}\n\nfragment OrderBookFields on OrderBook {\n  base {\n    symbol\n    mint\n    decimals\n  }\n  quote {\n    symbol\n    mint\n    decimals\n  }\n  levels\n  stepBps\n  version\n  at\n  venues {\n    venue\n    kind\n    poolId\n    mid\n    feeBps\n    asks {\n      ...BookLevelFields\n    }\n    bids {\n      ...BookLevelFields\n    }\n  }\n}\n\nquery OrderBook($base: String!, $quote: String!, $levels: Int) {\n  orderBook(base: $base, quote: $quote, levels: $levels) {\n    ...OrderBookFields\n  }\n}\n\nsubscription OrderBookUpdates($base: String!, $quote: String!, $levels: Int) {\n  orderBookUpdates(base: $base, quote: $quote, levels: $levels) {\n    ...OrderBookFields\n  }\n}"): (typeof documents)["fragment BookLevelFields on BookLevel {\n  price\n  base\n  quote\n  fee\n  cumulativeBase\n  cumulativeQuote\n}\n\nfragment OrderBookFields on OrderBook {\n  base {\n    symbol\n    mint\n    decimals\n  }\n  quote {\n    symbol\n    mint\n    decimals\n  }\n  levels\n  stepBps\n  version\n  at\n  venues {\n    venue\n    kind\n    poolId\n    mid\n    feeBps\n    asks {\n      ...BookLevelFields\n    }\n    bids {\n      ...BookLevelFields\n    }\n  }\n}\n\nquery OrderBook($base: String!, $quote: String!, $levels: Int) {\n  orderBook(base: $base, quote: $quote, levels: $levels) {\n    ...OrderBookFields\n  }\n}\n\nsubscription OrderBookUpdates($base: String!, $quote: String!, $levels: Int) {\n  orderBookUpdates(base: $base, quote: $quote, levels: $levels) {\n    ...OrderBookFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment OrderFields on Order {\n  id\n  clientOrderId\n  type\n  status\n  terminal\n  seq\n  tokenIn {\n    symbol\n    decimals\n  }\n  tokenOut {\n    symbol\n    decimals\n  }\n  amountIn\n  slippageBps\n  quotedAmountOut\n  quotedPrice\n  minAmountOut\n  quotedRoute {\n    ...RouteFields\n  }\n  attempts\n  createdAt\n  updatedAt\n  txHash\n  executedAmountOut\n  executedPrice\n  executedSlippageBps\n  executedPriceImpactBps\n  executedLegs {\n    ...RouteLegFields\n  }\n  fees {\n    token {\n      symbol\n    }\n    amount\n  }\n  failureCode\n  failureMessage\n  limitPrice\n  stopPrice\n  minLiquidity\n  maxPriceImpactBps\n  expiresAt\n}"): (typeof documents)["fragment OrderFields on Order {\n  id\n  clientOrderId\n  type\n  status\n  terminal\n  seq\n  tokenIn {\n    symbol\n    decimals\n  }\n  tokenOut {\n    symbol\n    decimals\n  }\n  amountIn\n  slippageBps\n  quotedAmountOut\n  quotedPrice\n  minAmountOut\n  quotedRoute {\n    ...RouteFields\n  }\n  attempts\n  createdAt\n  updatedAt\n  txHash\n  executedAmountOut\n  executedPrice\n  executedSlippageBps\n  executedPriceImpactBps\n  executedLegs {\n    ...RouteLegFields\n  }\n  fees {\n    token {\n      symbol\n    }\n    amount\n  }\n  failureCode\n  failureMessage\n  limitPrice\n  stopPrice\n  minLiquidity\n  maxPriceImpactBps\n  expiresAt\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription OrderUpdates($orderId: ID) {\n  orderUpdates(orderId: $orderId) {\n    orderId\n    seq\n    status\n    at\n    detail\n    order {\n      ...OrderFields\n    }\n  }\n}"): (typeof documents)["subscription OrderUpdates($orderId: ID) {\n  orderUpdates(orderId: $orderId) {\n    orderId\n    seq\n    status\n    at\n    detail\n    order {\n      ...OrderFields\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Order($id: ID!) {\n  order(id: $id) {\n    ...OrderFields\n  }\n}"): (typeof documents)["query Order($id: ID!) {\n  order(id: $id) {\n    ...OrderFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Orders($first: Int, $after: String, $status: OrderStatus) {\n  orders(first: $first, after: $after, status: $status) {\n    edges {\n      cursor\n      node {\n        ...OrderFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query Orders($first: Int, $after: String, $status: OrderStatus) {\n  orders(first: $first, after: $after, status: $status) {\n    edges {\n      cursor\n      node {\n        ...OrderFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment PoolFields on Pool {\n  id\n  venue\n  kind\n  pair\n  tokenX {\n    symbol\n    decimals\n  }\n  tokenY {\n    symbol\n    decimals\n  }\n  price\n  reserveX\n  reserveY\n  feeBps\n  updatedAt\n}"): (typeof documents)["fragment PoolFields on Pool {\n  id\n  venue\n  kind\n  pair\n  tokenX {\n    symbol\n    decimals\n  }\n  tokenY {\n    symbol\n    decimals\n  }\n  price\n  reserveX\n  reserveY\n  feeBps\n  updatedAt\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription PoolUpdates {\n  poolUpdates {\n    ...PoolFields\n  }\n}"): (typeof documents)["subscription PoolUpdates {\n  poolUpdates {\n    ...PoolFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Pools {\n  pools {\n    ...PoolFields\n  }\n}"): (typeof documents)["query Pools {\n  pools {\n    ...PoolFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Quote($input: QuoteInput!) {\n  quote(input: $input) {\n    tokenIn {\n      symbol\n      decimals\n    }\n    tokenOut {\n      symbol\n      decimals\n    }\n    amountIn\n    amountOut\n    minAmountOut\n    slippageBps\n    price\n    priceImpactBps\n    savingsBps\n    fees {\n      token {\n        symbol\n      }\n      amount\n    }\n    quotedAt\n    route {\n      ...RouteFields\n    }\n  }\n}"): (typeof documents)["query Quote($input: QuoteInput!) {\n  quote(input: $input) {\n    tokenIn {\n      symbol\n      decimals\n    }\n    tokenOut {\n      symbol\n      decimals\n    }\n    amountIn\n    amountOut\n    minAmountOut\n    slippageBps\n    price\n    priceImpactBps\n    savingsBps\n    fees {\n      token {\n        symbol\n      }\n      amount\n    }\n    quotedAt\n    route {\n      ...RouteFields\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment RouteFields on Route {\n  kind\n  steps\n  amountIn\n  amountOut\n  priceImpactBps\n  savingsBps\n  bestSingleVenueAmountOut\n  legs {\n    ...RouteLegFields\n  }\n  paths {\n    index\n    shareBps\n    tokens {\n      symbol\n    }\n  }\n  fees {\n    token {\n      symbol\n    }\n    amount\n  }\n  alternatives {\n    venue\n    poolId\n    available\n    amountOut\n    fee\n    priceImpactBps\n  }\n}"): (typeof documents)["fragment RouteFields on Route {\n  kind\n  steps\n  amountIn\n  amountOut\n  priceImpactBps\n  savingsBps\n  bestSingleVenueAmountOut\n  legs {\n    ...RouteLegFields\n  }\n  paths {\n    index\n    shareBps\n    tokens {\n      symbol\n    }\n  }\n  fees {\n    token {\n      symbol\n    }\n    amount\n  }\n  alternatives {\n    venue\n    poolId\n    available\n    amountOut\n    fee\n    priceImpactBps\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment RouteLegFields on RouteLeg {\n  venue\n  poolId\n  path\n  hop\n  tokenIn {\n    symbol\n  }\n  tokenOut {\n    symbol\n  }\n  amountIn\n  amountOut\n  fee\n  shareBps\n}"): (typeof documents)["fragment RouteLegFields on RouteLeg {\n  venue\n  poolId\n  path\n  hop\n  tokenIn {\n    symbol\n  }\n  tokenOut {\n    symbol\n  }\n  amountIn\n  amountOut\n  fee\n  shareBps\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SubmitLimitOrder($input: SubmitLimitOrderInput!) {\n  submitLimitOrder(input: $input) {\n    ...OrderFields\n  }\n}"): (typeof documents)["mutation SubmitLimitOrder($input: SubmitLimitOrderInput!) {\n  submitLimitOrder(input: $input) {\n    ...OrderFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SubmitMarketOrder($input: SubmitMarketOrderInput!) {\n  submitMarketOrder(input: $input) {\n    ...OrderFields\n  }\n}"): (typeof documents)["mutation SubmitMarketOrder($input: SubmitMarketOrderInput!) {\n  submitMarketOrder(input: $input) {\n    ...OrderFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SubmitSniperOrder($input: SubmitSniperOrderInput!) {\n  submitSniperOrder(input: $input) {\n    ...OrderFields\n  }\n}"): (typeof documents)["mutation SubmitSniperOrder($input: SubmitSniperOrderInput!) {\n  submitSniperOrder(input: $input) {\n    ...OrderFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SubmitStopOrder($input: SubmitStopOrderInput!) {\n  submitStopOrder(input: $input) {\n    ...OrderFields\n  }\n}"): (typeof documents)["mutation SubmitStopOrder($input: SubmitStopOrderInput!) {\n  submitStopOrder(input: $input) {\n    ...OrderFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment TokenFields on Token {\n  symbol\n  name\n  mint\n  decimals\n  native\n}"): (typeof documents)["fragment TokenFields on Token {\n  symbol\n  name\n  mint\n  decimals\n  native\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Tokens {\n  tokens {\n    ...TokenFields\n  }\n}"): (typeof documents)["query Tokens {\n  tokens {\n    ...TokenFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Viewer {\n  viewer {\n    account {\n      id\n      name\n    }\n    key {\n      id\n      name\n      prefix\n      scopes\n    }\n  }\n}"): (typeof documents)["query Viewer {\n  viewer {\n    account {\n      id\n      name\n    }\n    key {\n      id\n      name\n      prefix\n      scopes\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;