/** The Backtests view's backend over the typed documents of schema/operations/backtests.graphql. */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import {
  BacktestDocument,
  BacktestsDocument,
  BacktestUpdatesDocument,
  CompareBacktestsDocument,
  RunBacktestDocument,
  type BacktestFieldsFragment,
  type RouterMode,
} from '../../src/client/graphql.js';
import type { Api, Operation } from '../api/connection.js';
import { parseInstant } from '../format.js';
import type { BacktestRow, BacktestsBackend, BacktestStatus } from './contract.js';

function op<R, V>(doc: TypedDocumentNode<R, V>): Operation<R, V> {
  return { query: print(doc) };
}

const Q = {
  run: op(RunBacktestDocument),
  list: op(BacktestsDocument),
  detail: op(BacktestDocument),
  compare: op(CompareBacktestsDocument),
  updates: op(BacktestUpdatesDocument),
};

function toRow(b: BacktestFieldsFragment): BacktestRow {
  return {
    id: b.id,
    status: b.status as BacktestStatus,
    routerMode: b.routerMode,
    percent: b.percent,
    ordersDone: b.ordersDone,
    createdAt: parseInstant(b.createdAt) ?? 0,
    failure: b.failure ?? null,
    ordersCsvPath: b.ordersCsvPath,
  };
}

export function createBacktestsBackend(api: Api): BacktestsBackend {
  return {
    async run(scenario, routerMode) {
      const data = await api.request(Q.run, { input: { scenario, routerMode: routerMode as RouterMode } });
      return toRow(data.runBacktest);
    },
    async list(first) {
      const data = await api.request(Q.list, { first });
      return data.backtests.edges.map((e) => toRow(e.node));
    },
    async detail(id) {
      const data = await api.request(Q.detail, { id });
      const b = data.backtest;
      if (b == null) return null;
      return { ...toRow(b), report: b.report, series: b.series, summary: b.summary, fillRate: b.fillRate ?? null, meanSlippageBps: b.meanSlippageBps ?? null, meanSavingsBps: b.meanSavingsBps ?? null };
    },
    async compare(a, b) {
      const c = (await api.request(Q.compare, { a, b })).compareBacktests;
      return {
        a: c.a,
        b: c.b,
        rows: [
          ['Fill rate', c.fillRate, 'pct'],
          ['Orders filled', c.filled, 'count'],
          ['Mean slippage vs quote', c.meanSlippageBps, 'bps'],
          ['p95 slippage', c.p95SlippageBps, 'bps'],
          ['Worst slippage', c.worstSlippageBps, 'bps'],
          ['Mean price impact', c.meanPriceImpactBps, 'bps'],
          ['Mean savings vs best venue', c.meanSavingsBps, 'bps'],
        ],
      };
    },
    updates(id, onProgress, onError) {
      return api.subscribe(
        Q.updates,
        { id },
        (data) => {
          const u = data.backtestUpdates;
          onProgress({ backtestId: u.backtestId, status: u.status as BacktestStatus, percent: u.percent, ordersDone: u.ordersDone, etaMs: u.etaMs ?? null, failure: u.failure ?? null });
        },
        onError,
      );
    },
  };
}
