/**
 * Row types of the SQLite tables, as Kysely sees them. They never leave src/db: repositories map
 * them to domain/service types. Bigints are TEXT (decimal atoms) or JSON strings, never numbers.
 */
import type { Generated } from 'kysely';

export interface OrdersTable {
  id: string;
  /** The account the order belongs to (clientOrderId is unique per account). */
  account_id: string;
  client_order_id: string;
  status: string;
  /** Sequence number of the latest transition (PENDING = 1); equals the newest order_events.seq. */
  seq: number;
  token_in_mint: string;
  token_in_symbol: string;
  token_out_mint: string;
  token_out_symbol: string;
  amount_in: string;
  slippage_bps: number;
  quoted_amount_out: string;
  min_amount_out: string;
  attempts: number;
  fill: string | null;
  tx_hash: string | null;
  failure_code: string | null;
  failure_message: string | null;
  created_at: number;
  updated_at: number;
  /** MARKET, LIMIT, STOP or SNIPER (orders before conditional orders are MARKET). */
  type: Generated<string>;
  /** The conditional order as validated (domain conditional/types.ts, JSON); null for MARKET. */
  condition: string | null;
  /** ms since epoch after which an OPEN order ends EXPIRED; null: good until cancelled. */
  expires_at: number | null;
  /** JSON { tokenIn?, tokenOut? }: the tokens a symbol cannot rebuild (launched, or not listed yet). */
  tokens: string | null;
  // The report's columns (migration 20261212T000000_execution_report; db/report-columns.ts).
  triggered_at: number | null;
  routing_at: number | null;
  building_at: number | null;
  submitted_at: number | null;
  ended_at: number | null;
  venues: string | null;
  amount_out: string | null;
  best_single_out: string | null;
  fee_mint_1: string | null;
  fee_mint_2: string | null;
  fee_mint_3: string | null;
  fill_slippage_bps: number | null;
  impact_bps: number | null;
  savings_bps: number | null;
  savings_atoms: number | string | null;
  fee_atoms_1: number | string | null;
  fee_atoms_2: number | string | null;
  fee_atoms_3: number | string | null;
}

/** The route quoted at submission: written once, read with the order, kept out of the hot row. */
export interface OrderRoutesTable {
  order_id: string;
  route: string;
}

export interface OrderEventsTable {
  order_id: string;
  seq: number;
  status: string;
  at: number;
  detail: string | null;
  /**
   * The order's mutable state after this transition (JSON: attempts, fill, failure code and
   * message); status, seq and time are the columns beside it. The immutable rest is the orders
   * row's, so row + event rebuild the order as it stood and a gap can be replayed exactly. Rows
   * written before this format hold the whole order view (they have an `id`); order-rows.ts
   * reads both.
   */
  snapshot: string;
}

export interface PoolsTable {
  id: string;
  state: string;
  updated_at: number;
  /** The market version whose write last changed this pool (0: written before the column existed). */
  version: Generated<number>;
}

export interface MarketMetaTable {
  id: Generated<number>;
  /** Bumped by every write to pools: processes compare it to their cached copy. */
  version: number;
  reference_prices: string;
  updated_at: number;
  /** When the market first started (ms): the origin of its scheduled launches; null until asked. */
  started_at: number | null;
}

export interface AccountsTable {
  id: string;
  name: string;
  created_at: number;
}

export interface ApiKeysTable {
  id: string;
  account_id: string;
  /** Unique: the CLI and the admin mutations name keys by it. */
  name: string;
  /** The key's public start ("oee_" + 8 chars): how a presented key finds its row, and what listings show. */
  prefix: string;
  /** SHA-256 (hex) of the whole key; the key itself is shown once and never stored. */
  hash: string;
  /** Comma-separated scopes: read, trade, admin. */
  scopes: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface BacktestsTable {
  id: string;
  account_id: string;
  /** The scenario as submitted (JSON), router mode and orders or strategy included. */
  scenario: string;
  router_mode: string;
  /** QUEUED | RUNNING | DONE | FAILED */
  status: string;
  /** Fraction of simulated time done, in [0, 1]. */
  progress: number;
  orders_done: number;
  /** Runs started (a crashed worker's run is started again, up to a cap). */
  attempts: number;
  failure_code: string | null;
  /** Public text only: the cause goes to the logs. */
  failure_message: string | null;
  failure_field: string | null;
  /** The run's summary (JSON: orders, fills, events, simulated span), set with the results. */
  summary: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

/** A finished backtest's results, written once in the transaction that marks it DONE. */
export interface BacktestResultsTable {
  backtest_id: string;
  report: string;
  series: string;
  orders_csv: string;
}

export interface Database {
  orders: OrdersTable;
  order_routes: OrderRoutesTable;
  order_events: OrderEventsTable;
  pools: PoolsTable;
  market_meta: MarketMetaTable;
  accounts: AccountsTable;
  api_keys: ApiKeysTable;
  backtests: BacktestsTable;
  backtest_results: BacktestResultsTable;
}
