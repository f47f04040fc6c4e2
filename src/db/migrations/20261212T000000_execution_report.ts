/**
 * What the execution report aggregates, as plain columns of the orders row, written with the
 * transitions that produce them (src/db/report-columns.ts), so the report is GROUP BY over columns
 * instead of parsing fill JSON per order:
 * - stage times: when the order entered ROUTING, BUILDING and SUBMITTED, when it fired (a
 *   conditional order's OPEN → PENDING) and when it ended (any terminal status);
 * - the fill's quality: the filled amount, its slippage against the quote (exact bps, the backtest's
 *   definition), price impact, venue mix, the best single venue's output and the savings over it
 *   (bps, and atoms of the output token);
 * - fees in up to three mints (a route of at most three hops charges fees in its input token and at
 *   most two intermediates), atoms.
 * Atom columns that are summed are integers (int64), summed in two halves so no engine overflows
 * (see db/execution-report.ts). Orders filled before this migration keep null quality columns and
 * are counted but not measured.
 *
 * Indexes for the report's filters inside one account: the existing (account_id, created_at) and
 * (account_id, status, created_at) serve from/to and status; these add pair, venue and type.
 */
import { sql, type Kysely } from 'kysely';
import { float64, int64 } from './dialect.js';

const TIMES = ['triggered_at', 'routing_at', 'building_at', 'submitted_at', 'ended_at'] as const;
const TEXTS = ['venues', 'amount_out', 'best_single_out', 'fee_mint_1', 'fee_mint_2', 'fee_mint_3'] as const;
const REALS = ['fill_slippage_bps', 'impact_bps', 'savings_bps'] as const;
const ATOMS = ['savings_atoms', 'fee_atoms_1', 'fee_atoms_2', 'fee_atoms_3'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const big = int64(db);
  for (const c of TIMES) await db.schema.alterTable('orders').addColumn(c, big).execute();
  for (const c of TEXTS) await db.schema.alterTable('orders').addColumn(c, 'text').execute();
  for (const c of REALS) await db.schema.alterTable('orders').addColumn(c, float64(db)).execute();
  for (const c of ATOMS) await db.schema.alterTable('orders').addColumn(c, big).execute();
  await sql`create index orders_account_pair_created_idx on orders (account_id, token_in_symbol, token_out_symbol, created_at)`.execute(db);
  await sql`create index orders_account_venues_created_idx on orders (account_id, venues, created_at)`.execute(db);
  await sql`create index orders_account_type_created_idx on orders (account_id, type, created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['orders_account_pair_created_idx', 'orders_account_venues_created_idx', 'orders_account_type_created_idx']) await sql`drop index ${sql.id(i)}`.execute(db);
  for (const c of [...ATOMS, ...REALS, ...TEXTS, ...TIMES]) await db.schema.alterTable('orders').dropColumn(c).execute();
}
