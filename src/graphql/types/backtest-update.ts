import type { BacktestUpdate as UpdateModel } from '../../services/backtests.js';
import { builder } from '../builder.js';
import { backtestsOf } from '../context.js';
import { BacktestFailure, BacktestStatus } from './backtest.js';

const BacktestUpdate = builder.objectRef<UpdateModel>('BacktestUpdate').implement({
  description: "A backtest's progress: the current state first, then updates a few times a second at most, the last one DONE or FAILED.",
  fields: (t) => ({
    backtestId: t.exposeID('backtestId'),
    status: t.field({ type: BacktestStatus, resolve: (u) => u.status }),
    percent: t.float({ description: 'Simulated time done, 0..100.', resolve: (u) => Math.round(u.progress * 10_000) / 100 }),
    ordersDone: t.exposeInt('ordersDone'),
    etaMs: t.int({ nullable: true, description: 'Estimated wall-clock ms left (while RUNNING).', resolve: (u) => u.etaMs ?? null }),
    failure: t.field({ type: BacktestFailure, nullable: true, resolve: (u) => (u.failure ? { code: u.failure.code, message: u.failure.message, field: u.failure.field } : null) }),
  }),
});

builder.subscriptionField('backtestUpdates', (t) =>
  t.field({
    type: BacktestUpdate,
    authScopes: { read: true },
    args: { id: t.arg.id({ required: true }) },
    subscribe: (_root, { id }, ctx) => backtestsOf(ctx).updates(String(id), ctx.request?.signal),
    resolve: (u) => u,
  }),
);
