/**
 * The execution report's columns of an orders row (migration 20261212T000000_execution_report),
 * derived from one transition: the stage time it stamps, and, when it is the fill, the fill's
 * quality figures. Both engines write them with the transition, in the same statement, so a row
 * never has a fill without its figures.
 */
import { isTerminal } from '../domain/order.js';
import type { OrderStatus } from '../domain/order-status.js';
import type { OrderView } from '../domain/order-view.js';

/** The stage-time columns; a transition stamps at most one (plus ended_at). */
export interface StageTimes {
  readonly triggered_at: number | null;
  readonly routing_at: number | null;
  readonly building_at: number | null;
  readonly submitted_at: number | null;
  readonly ended_at: number | null;
}

export interface FillColumns {
  readonly venues: string | null;
  readonly amount_out: string | null;
  readonly best_single_out: string | null;
  readonly fill_slippage_bps: number | null;
  readonly impact_bps: number | null;
  readonly savings_bps: number | null;
  readonly savings_atoms: string | null;
  readonly fee_mint_1: string | null;
  readonly fee_atoms_1: string | null;
  readonly fee_mint_2: string | null;
  readonly fee_atoms_2: string | null;
  readonly fee_mint_3: string | null;
  readonly fee_atoms_3: string | null;
}

export type ReportColumns = StageTimes & FillColumns;

/** Column order as the engines bind them. */
export const REPORT_COLUMNS = [
  'triggered_at',
  'routing_at',
  'building_at',
  'submitted_at',
  'ended_at',
  'venues',
  'amount_out',
  'best_single_out',
  'fill_slippage_bps',
  'impact_bps',
  'savings_bps',
  'savings_atoms',
  'fee_mint_1',
  'fee_atoms_1',
  'fee_mint_2',
  'fee_atoms_2',
  'fee_mint_3',
  'fee_atoms_3',
] as const satisfies readonly (keyof ReportColumns)[];

/** The stage columns, which keep their first value (a note on the same status stamps nothing). */
export const STAGE_COLUMNS = REPORT_COLUMNS.slice(0, 5);

/** (a − b)/b in bps, exact to 10^-8 bps (truncated toward zero): the backtest's slippageOf. */
function bpsOf(diff: bigint, base: bigint): number {
  if (base <= 0n) return 0;
  return Number((diff * 1_000_000_000_000n) / base) / 100_000_000;
}

/** The venue mix of a fill's legs, as the backtest's report names it. */
function venuesOf(view: OrderView): string | null {
  const legs = view.fill?.legs ?? [];
  let raydium = false;
  let meteora = false;
  for (const l of legs) {
    if (l.venue === 'RAYDIUM') raydium = true;
    else meteora = true;
  }
  if (!raydium && !meteora) return null;
  return raydium && meteora ? 'RAYDIUM+METEORA' : raydium ? 'RAYDIUM' : 'METEORA';
}

const NO_FILL: FillColumns = {
  venues: null,
  amount_out: null,
  best_single_out: null,
  fill_slippage_bps: null,
  impact_bps: null,
  savings_bps: null,
  savings_atoms: null,
  fee_mint_1: null,
  fee_atoms_1: null,
  fee_mint_2: null,
  fee_atoms_2: null,
  fee_mint_3: null,
  fee_atoms_3: null,
};

/** The fill's figures of `view` (all null without a fill). Fees past a third mint are left out. */
export function fillColumns(view: OrderView): FillColumns {
  const fill = view.fill;
  if (fill === undefined) return NO_FILL;
  const best = fill.bestSingleVenueOut;
  const fees = fill.fees;
  const fee = (i: number) => fees[i];
  return {
    venues: venuesOf(view),
    amount_out: fill.amountOut.toString(),
    best_single_out: best === undefined ? null : best.toString(),
    fill_slippage_bps: bpsOf(view.quotedAmountOut - fill.amountOut, view.quotedAmountOut),
    impact_bps: fill.priceImpactPpm / 100,
    savings_bps: best === undefined ? null : bpsOf(fill.amountOut - best, best),
    savings_atoms: best === undefined ? null : (fill.amountOut - best).toString(),
    fee_mint_1: fee(0)?.mint ?? null,
    fee_atoms_1: fee(0)?.amount.toString() ?? null,
    fee_mint_2: fee(1)?.mint ?? null,
    fee_atoms_2: fee(1)?.amount.toString() ?? null,
    fee_mint_3: fee(2)?.mint ?? null,
    fee_atoms_3: fee(2)?.amount.toString() ?? null,
  };
}

/** The stage time a move from `from` to `next.status` at `at` stamps (null elsewhere). */
export function stageTimes(from: OrderStatus, next: OrderView, at: number): StageTimes {
  const to = next.status;
  const moved = from !== to;
  return {
    triggered_at: moved && from === 'OPEN' && to === 'PENDING' ? at : null,
    routing_at: moved && to === 'ROUTING' ? at : null,
    building_at: moved && to === 'BUILDING' ? at : null,
    submitted_at: moved && to === 'SUBMITTED' ? at : null,
    ended_at: moved && isTerminal(to) ? at : null,
  };
}

/** Every report column a transition writes, in REPORT_COLUMNS order. Stage columns: null keeps the stored value. */
export function reportValues(from: OrderStatus, next: OrderView, at: number): unknown[] {
  const c: ReportColumns = { ...stageTimes(from, next, at), ...fillColumns(next) };
  return REPORT_COLUMNS.map((k) => c[k]);
}
