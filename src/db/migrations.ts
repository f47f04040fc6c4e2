/**
 * Every migration, in order, for both engines. A static list rather than a folder scan, so it works
 * the same under tsx, vitest and bundlers. Migrations are frozen in time; a dialect difference is
 * decided inside the migration (migrations/dialect.ts), never by a second set.
 */
import type { Migration } from 'kysely';
import * as m20250601 from './migrations/20250601T000000_initial.js';
import * as m20251125 from './migrations/20251125T000000_pool_version.js';
import * as m20261204 from './migrations/20261204T000000_slim_orders.js';
import * as m20261205 from './migrations/20261205T000000_accounts.js';
import * as m20261205b from './migrations/20261205T000100_order_accounts.js';
import * as m20261210 from './migrations/20261210T000000_conditional_orders.js';
import * as m20261210b from './migrations/20261210T000100_market_started.js';
import * as m20261210c from './migrations/20261210T000200_backtests.js';
import * as m20261212 from './migrations/20261212T000000_execution_report.js';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '20250601T000000_initial': m20250601,
  '20251125T000000_pool_version': m20251125,
  '20261204T000000_slim_orders': m20261204,
  '20261205T000000_accounts': m20261205,
  '20261205T000100_order_accounts': m20261205b,
  '20261210T000000_conditional_orders': m20261210,
  '20261210T000100_market_started': m20261210b,
  '20261210T000200_backtests': m20261210c,
  '20261212T000000_execution_report': m20261212,
};
