/**
 * The live strategy runner (src/strategy-runner, `npm run strategy`) against a real server (real
 * HTTP and graphql-ws, Redis, SQLite, BullMQ worker; latencies 0, motion off): TWAP slices all
 * CONFIRMED with the expected amounts, and the same parameters in a backtest send the same
 * intents; LIMIT orders (iceberg) fill, a strategy's cancel cancels, SIGTERM cancels what is open
 * and exits 0, and a bad --param exits 1 naming it. Timers are real but short (TWAP's interval is
 * its duration/slices); nothing asserts on time.
 */
import { execFile, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { OrdersDocument, SubmitMarketOrderDocument } from '../../src/client/graphql.js';
import { parseAmount } from '../../src/domain/amount.js';
import { Backtest } from '../../src/domain/backtest/engine.js';
import { parseScenario } from '../../src/domain/backtest/scenario.js';
import { createStrategy } from '../../src/domain/strategy/registry.js';
import type { Intent, MarketSnapshot, OrderUpdate, Strategy, StrategyContext } from '../../src/domain/strategy/types.js';
import { createApi, TransientError, type Api } from '../../src/strategy-runner/api.js';
import { StrategyRunner } from '../../src/strategy-runner/runner.js';
import { realScheduler } from '../../src/strategy-runner/scheduler.js';
import { startTestApp, uniqueId, type LogRecord, type TestApp } from '../helpers/app.js';
import { gql, ok } from '../helpers/gql.js';
import { ROOT } from '../helpers/processes.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('strategy-runner');
});
afterAll(() => t.stop());

/** A strategy that records what it sends and hears, handing everything else to `inner`. */
function recording(inner: Strategy, intents: Intent[], updates: OrderUpdate[]): Strategy {
  const wrap = (ctx: StrategyContext): StrategyContext => ({
    ...ctx,
    submit: (intent) => {
      intents.push(intent);
      return ctx.submit(intent);
    },
  });
  return {
    name: inner.name,
    onStart: (ctx) => inner.onStart(wrap(ctx)),
    onMarket: (ctx, s) => inner.onMarket(wrap(ctx), s),
    onTimer: (ctx, tag) => inner.onTimer(wrap(ctx), tag),
    onOrderUpdate: (ctx, u) => {
      updates.push(u);
      inner.onOrderUpdate(wrap(ctx), u);
    },
    finished: inner.finished === undefined ? undefined : () => inner.finished!(),
  };
}

function runLive(strategy: Strategy, idPrefix: string) {
  const logs: LogRecord[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogRecord) });
  const runner = new StrategyRunner(strategy, { api: createApi(t.url, t.key), scheduler: realScheduler, logger, idPrefix, retryMs: 20 });
  return { runner, logs };
}

async function ordersWithPrefix(prefix: string) {
  const { orders } = ok(await gql(t.url, OrdersDocument, { first: 100 }));
  return orders.edges
    .map((e) => e.node)
    .filter((o) => o.clientOrderId.startsWith(`${prefix}-`))
    .sort((a, b) => Number(a.clientOrderId.slice(prefix.length + 1)) - Number(b.clientOrderId.slice(prefix.length + 1)));
}

const TWAP = { tokenIn: 'SOL', tokenOut: 'USDC', totalAmount: '1.000000001', slices: 4, duration: '1s', slippageBps: 100 };

describe('strategy runner, in process', () => {
  it('runs TWAP live: every slice CONFIRMED with the expected amounts; a backtest of the same params sends the same intents', async () => {
    const liveIntents: Intent[] = [];
    const liveUpdates: OrderUpdate[] = [];
    const prefix = uniqueId('twap');
    const { runner, logs } = runLive(recording(createStrategy('TWAP', TWAP), liveIntents, liveUpdates), prefix);
    await runner.start();
    expect(await runner.ended).toEqual({ reason: 'finished', cancelled: 0 });

    const orders = await ordersWithPrefix(prefix);
    expect(orders.map((o) => o.status)).toEqual(['CONFIRMED', 'CONFIRMED', 'CONFIRMED', 'CONFIRMED']);
    // 1000000001 atoms in 4: the first slice carries the odd atom.
    expect(orders.map((o) => o.amountIn)).toEqual(['0.250000001', '0.25', '0.25', '0.25']);
    expect(liveUpdates.map((u) => [u.clientOrderId, u.status, u.amountIn, u.amountOut])).toEqual(
      orders.map((o) => [o.clientOrderId, 'FILLED', parseAmount(o.amountIn, o.tokenIn.decimals), parseAmount(o.executedAmountOut!, o.tokenOut.decimals)]),
    );
    // One log line per intent and per outcome.
    expect(logs.filter((l) => l['event'] === 'intent').map((l) => l['clientOrderId'])).toEqual(orders.map((o) => o.clientOrderId));
    expect(logs.filter((l) => l['event'] === 'outcome').map((l) => [l['clientOrderId'], l['status']])).toEqual(orders.map((o) => [o.clientOrderId, 'FILLED']));

    const btIntents: Intent[] = [];
    const btUpdates: OrderUpdate[] = [];
    const scenario = parseScenario({ seed: 1, startMs: Date.UTC(2025, 5, 1), duration: '10s', motion: null, routerMode: 'SMART', strategy: { name: 'TWAP', params: TWAP } });
    new Backtest(scenario, {}, recording(createStrategy('TWAP', TWAP), btIntents, btUpdates)).run();
    expect(liveIntents).toEqual(btIntents);
    expect(liveIntents).toHaveLength(4);
    expect(liveUpdates.map((u) => [u.status, u.tokenIn, u.tokenOut, u.amountIn])).toEqual(btUpdates.map((u) => [u.status, u.tokenIn, u.tokenOut, u.amountIn]));
  }, 60_000);

  it('runs an iceberg of LIMIT orders live: each slice OPEN, then FILLED, the next posted on the fill', async () => {
    const intents: Intent[] = [];
    const updates: OrderUpdate[] = [];
    const prefix = uniqueId('ice');
    // A limit of 1 USDC per SOL holds at once: each slice rests OPEN, fires and fills.
    const params = { tokenIn: 'SOL', tokenOut: 'USDC', totalAmount: '1', visibleAmount: '0.4', limitPrice: '1' };
    const { runner } = runLive(recording(createStrategy('ICEBERG', params), intents, updates), prefix);
    await runner.start();
    expect(await runner.ended).toEqual({ reason: 'finished', cancelled: 0 });
    expect(intents.map((i) => [i.type, i.amountIn])).toEqual([
      ['LIMIT', '0.4'],
      ['LIMIT', '0.4'],
      ['LIMIT', '0.2'],
    ]);
    expect(updates.map((u) => [u.clientOrderId, u.status])).toEqual([1, 2, 3].flatMap((n) => [[`${prefix}-${n}`, 'OPEN'], [`${prefix}-${n}`, 'FILLED']]));
    const orders = await ordersWithPrefix(prefix);
    expect(orders.map((o) => [o.type, o.status, o.amountIn])).toEqual([
      ['LIMIT', 'CONFIRMED', '0.4'],
      ['LIMIT', 'CONFIRMED', '0.4'],
      ['LIMIT', 'CONFIRMED', '0.2'],
    ]);
  }, 60_000);

  it("cancels through the API when the strategy asks, and the strategy hears CANCELLED", async () => {
    const updates: OrderUpdate[] = [];
    let done = false;
    // Rests a limit no market can meet, cancels it once it is OPEN.
    const canceller: Strategy = {
      name: 'CANCELLER',
      onStart: (ctx) => void ctx.submit({ type: 'LIMIT', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.5', limitPrice: '1000000' }),
      onMarket: () => undefined,
      onTimer: () => undefined,
      onOrderUpdate: (ctx, u) => {
        updates.push(u);
        if (u.status === 'OPEN') ctx.cancel(u.clientOrderId);
        else done = true;
      },
      finished: () => done,
    };
    const prefix = uniqueId('cancel');
    const { runner, logs } = runLive(canceller, prefix);
    await runner.start();
    expect(await runner.ended).toEqual({ reason: 'finished', cancelled: 0 });
    expect(updates.map((u) => u.status)).toEqual(['OPEN', 'CANCELLED']);
    expect((await ordersWithPrefix(prefix)).map((o) => o.status)).toEqual(['CANCELLED']);
    expect(logs.filter((l) => l['event'] === 'intent').map((l) => l['type'])).toEqual(['LIMIT', 'CANCEL']);
  }, 60_000);

  it('on stop, cancels the open orders and ends', async () => {
    const prefix = uniqueId('ice-stop');
    const updates: OrderUpdate[] = [];
    const params = { tokenIn: 'SOL', tokenOut: 'USDC', totalAmount: '1', visibleAmount: '0.5', limitPrice: '1000000' };
    const { runner } = runLive(recording(createStrategy('ICEBERG', params), [], updates), prefix);
    await runner.start();
    await expect.poll(() => updates.length, { timeout: 30_000 }).toBe(1);
    expect(await runner.stop()).toEqual({ reason: 'stopped', cancelled: 1 });
    expect((await ordersWithPrefix(prefix)).map((o) => o.status)).toEqual(['CANCELLED']);
  }, 60_000);

  it('repeats a submission whose answer was lost with the same client order id: one order, heard once', async () => {
    const api = createApi(t.url, t.key);
    let lost = 0;
    // The first submission reaches the server, but its answer never comes back.
    const lossy: Api = {
      ...api,
      request: async (doc, variables) => {
        const answer = await api.request(doc, variables);
        if ((doc as unknown) === SubmitMarketOrderDocument && lost++ === 0) throw new TransientError('connection reset');
        return answer;
      },
    };
    const updates: OrderUpdate[] = [];
    const prefix = uniqueId('retry');
    const logs: LogRecord[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogRecord) });
    const runner = new StrategyRunner(recording(createStrategy('TWAP', { ...TWAP, slices: 1 }), [], updates), { api: lossy, scheduler: realScheduler, logger, idPrefix: prefix, retryMs: 20 });
    await runner.start();
    expect((await runner.ended).reason).toBe('finished');
    expect(lost).toBe(2);
    expect(logs.filter((l) => l['event'] === 'retry').map((l) => l['call'])).toEqual([`submit ${prefix}-1`]);
    expect((await ordersWithPrefix(prefix)).map((o) => o.status)).toEqual(['CONFIRMED']);
    expect(updates.map((u) => [u.clientOrderId, u.status])).toEqual([[`${prefix}-1`, 'FILLED']]);
  }, 60_000);

  it('feeds the strategy market snapshots from poolUpdates: USD per token, USDC at 1', async () => {
    const seen: MarketSnapshot[] = [];
    const watcher: Strategy = {
      name: 'WATCHER',
      onStart: () => undefined,
      onMarket: (_ctx, s) => void seen.push(s),
      onTimer: () => undefined,
      onOrderUpdate: () => undefined,
      finished: () => seen.length > 0,
    };
    const { runner } = runLive(watcher, uniqueId('watch'));
    await runner.start();
    expect((await runner.ended).reason).toBe('finished');
    const usd = seen[0]!.usdPrices;
    expect(usd.get('USDC')).toBe(1);
    expect(usd.get('SOL')).toBe(usd.get('WSOL'));
    expect(usd.get('SOL')).toBeGreaterThan(1);
    expect(usd.get('BONK')).toBeGreaterThan(0);
  }, 60_000);

  it('ends with the error when the strategy throws (a token the market does not know), naming the param', async () => {
    const { runner } = runLive(createStrategy('TWAP', { ...TWAP, tokenOut: 'NOPE' }), uniqueId('bad'));
    await runner.start();
    const end = await runner.ended;
    expect(end.reason).toBe('error');
    expect(end.reason === 'error' && end.error).toMatchObject({ code: 'UNKNOWN_TOKEN', details: { field: 'params.tokenOut' } });
  }, 60_000);

  it('hears an order the API refuses as REJECTED with the code a backtest gives it, and goes on', async () => {
    // Two orders: one the API refuses (more decimals than SOL has), then one it takes.
    const probe = (updates: OrderUpdate[]): Strategy => {
      let sent = false;
      return {
        name: 'PROBE',
        onStart: (ctx) => void ctx.submit({ type: 'MARKET', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.0000000001', slippageBps: 100 }),
        onMarket: () => undefined,
        onTimer: () => undefined,
        onOrderUpdate: (ctx, u) => {
          updates.push(u);
          if (!sent) ctx.submit({ type: 'MARKET', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.1', slippageBps: 100 });
          sent = true;
        },
        finished: () => updates.length === 2,
      };
    };
    const live: OrderUpdate[] = [];
    const { runner } = runLive(probe(live), uniqueId('probe'));
    await runner.start();
    expect((await runner.ended).reason).toBe('finished');
    const backtest: OrderUpdate[] = [];
    new Backtest(parseScenario({ seed: 1, startMs: Date.UTC(2025, 5, 1), duration: '10s', motion: null, routerMode: 'SMART', strategy: { name: 'PROBE', params: {} } }), {}, probe(backtest)).run();
    const shape = (u: OrderUpdate) => [u.status, u.code, u.tokenIn, u.tokenOut, u.amountIn];
    expect(live.map(shape)).toEqual(backtest.map(shape));
    expect(live.map((u) => u.status)).toEqual(['REJECTED', 'FILLED']);
  }, 60_000);
});

/** `npm run strategy` as a child process (node --import tsx, as the script runs it). */
function spawnCli(args: readonly string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/strategy.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env['PATH'] ?? '', OEE_URL: t.url, OEE_KEY: t.key, ...env },
  });
  let stdout = '';
  let stderr = '';
  const lineWaiters: { test: (l: LogRecord) => boolean; resolve: () => void }[] = [];
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const w of [...lineWaiters]) if (lines().some(w.test)) w.resolve();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = (): LogRecord[] =>
    stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogRecord);
  // 'close': the process has exited and its output is all read.
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return {
    child,
    exited,
    lines,
    stderr: () => stderr,
    raw: () => stdout,
    waitFor: (test: (l: LogRecord) => boolean) => new Promise<void>((resolve) => (lines().some(test) ? resolve() : lineWaiters.push({ test, resolve }))),
  };
}

describe('npm run strategy (a child process)', () => {
  it('runs TWAP to the end through the API and exits 0, every slice CONFIRMED', async () => {
    const run = uniqueId('cli');
    const cli = spawnCli(['--strategy', 'twap', ...Object.entries(TWAP).flatMap(([k, v]) => ['--param', `${k}=${v}`]), '--run-id', run]);
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).toBe('');
    const orders = await ordersWithPrefix(`twap-${run}`);
    expect(orders.map((o) => [o.status, o.amountIn])).toEqual([
      ['CONFIRMED', '0.250000001'],
      ['CONFIRMED', '0.25'],
      ['CONFIRMED', '0.25'],
      ['CONFIRMED', '0.25'],
    ]);
    expect(cli.lines().filter((l) => l['event'] === 'outcome').map((l) => l['status'])).toEqual(['FILLED', 'FILLED', 'FILLED', 'FILLED']);
    expect(cli.lines().at(-1)).toMatchObject({ event: 'end', reason: 'finished' });
  }, 90_000);

  it('on SIGTERM cancels its open orders, then exits 0', async () => {
    const run = uniqueId('cli-term');
    const cli = spawnCli(['--strategy', 'iceberg', '--param', 'tokenIn=SOL', '--param', 'tokenOut=USDC', '--param', 'totalAmount=1', '--param', 'visibleAmount=0.5', '--param', 'limitPrice=1000000', '--run-id', run]);
    await cli.waitFor((l) => l['event'] === 'outcome' && l['status'] === 'OPEN');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect((await ordersWithPrefix(`iceberg-${run}`)).map((o) => o.status)).toEqual(['CANCELLED']);
    expect(cli.lines().at(-1), cli.raw()).toMatchObject({ event: 'end', reason: 'stopped', cancelled: 1 });
  }, 90_000);

  it('exits 1 naming a bad --param with the code a backtest gives it, and sends nothing', async () => {
    const code = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'src/cli/strategy.ts', '--strategy', 'twap', '--param', 'tokenIn=SOL', '--param', 'tokenOut=USDC', '--param', 'totalAmount=1', '--param', 'slices=0', '--param', 'duration=1s'], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', OEE_URL: t.url, OEE_KEY: t.key } }, (error, _stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });
    expect(code.code).toBe(1);
    expect(code.stderr).toMatch(/^strategy: STRATEGY_PARAM_OUT_OF_RANGE \(params\.slices\): /);
    // The backtest API's answer for the same parameter.
    expect(() => createStrategy('TWAP', { ...TWAP, slices: 0 })).toThrow(expect.objectContaining({ code: 'STRATEGY_PARAM_OUT_OF_RANGE', details: expect.objectContaining({ field: 'params.slices' }) }));
  }, 60_000);
});
