/** The edge's settings as loadConfig reads them: defaults, production, overrides and refusals. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const refusal = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
};

describe('GraphiQL and introspection', () => {
  it.each([
    [{}, true, true],
    [{ NODE_ENV: 'development' }, true, true],
    [{ NODE_ENV: 'production' }, false, false],
    [{ NODE_ENV: 'production', GRAPHIQL: 'true' }, true, false],
    [{ NODE_ENV: 'production', INTROSPECTION: 'true' }, false, true],
    [{ GRAPHIQL: 'false', INTROSPECTION: 'false' }, false, false],
  ])('%j: graphiql %s, introspection %s', (env, graphiql, introspection) => {
    expect(loadConfig(env)).toMatchObject({ graphiql, introspection });
  });

  it('takes only true or false (z.coerce would read "false" as true)', () => {
    expect(refusal({ GRAPHIQL: 'yes' })).toMatch(/GRAPHIQL: .*"true"\|"false"/);
    expect(refusal({ INTROSPECTION: '0' })).toMatch(/INTROSPECTION:/);
  });
});

describe('ALLOWED_ORIGINS', () => {
  it('is none by default, and a comma-separated list of exact origins, deduplicated', () => {
    expect(loadConfig({}).allowedOrigins).toEqual([]);
    expect(loadConfig({ ALLOWED_ORIGINS: ' https://app.example ,http://localhost:5173,,https://app.example' }).allowedOrigins).toEqual([
      'https://app.example',
      'http://localhost:5173',
    ]);
  });

  it.each([
    ['https://app.example/', 'write "https://app.example"'],
    ['https://App.example', 'write "https://app.example"'],
    ['https://app.example:443', 'write "https://app.example"'],
    ['https://app.example/path', 'write "https://app.example"'],
    ['*', 'not an http(s) origin'],
    ['app.example', 'not an http(s) origin'],
    ['ws://app.example', 'not an http(s) origin'],
  ])('refuses %j, naming the fix', (value, reason) => {
    const message = refusal({ ALLOWED_ORIGINS: `http://ok.example,${value}` });
    expect(message).toContain('ALLOWED_ORIGINS.1');
    expect(message).toContain(reason);
  });
});

describe('HTTP server limits', () => {
  it('has bounded defaults and takes overrides', () => {
    expect(loadConfig({})).toMatchObject({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 10_000 });
    expect(
      loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '2000', HTTP_REQUEST_TIMEOUT_MS: '4000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000', HTTP_MAX_CONNECTIONS: '500' }),
    ).toMatchObject({ headersTimeoutMs: 2000, requestTimeoutMs: 4000, keepAliveTimeoutMs: 65_000, maxConnections: 500 });
  });

  it('refuses a header deadline after the request deadline, and values out of range', () => {
    expect(refusal({ HTTP_HEADERS_TIMEOUT_MS: '40000' })).toContain('HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS (40000 > 30000)');
    expect(refusal({ HTTP_MAX_CONNECTIONS: '0' })).toMatch(/HTTP_MAX_CONNECTIONS:/);
    expect(refusal({ HTTP_HEADERS_TIMEOUT_MS: '10' })).toMatch(/HTTP_HEADERS_TIMEOUT_MS:/);
  });
});

describe('API limits', () => {
  it('has defaults for a trading simulator and takes overrides', () => {
    expect(loadConfig({})).toMatchObject({ rateLimits: true, ordersPerSecond: 20, orderBurst: 40, quotesPerSecond: 50, quoteBurst: 100, anonPerSecond: 20, anonBurst: 40, wsMaxSocketsPerKey: 20, wsMaxSubscriptionsPerSocket: 50 });
    expect(loadConfig({ RATE_LIMITS: 'false', ORDERS_PER_SECOND: '2', ORDER_BURST: '2', WS_MAX_BUFFERED_BYTES: '65536' })).toMatchObject({ rateLimits: false, ordersPerSecond: 2, orderBurst: 2, wsMaxBufferedBytes: 65_536 });
  });

  it('refuses a burst below its rate, and values out of range', () => {
    expect(refusal({ QUOTES_PER_SECOND: '10', QUOTE_BURST: '5' })).toContain('QUOTE_BURST: must be at least QUOTES_PER_SECOND (5 < 10)');
    expect(refusal({ ANON_PER_SECOND: '100' })).toContain('ANON_BURST: must be at least ANON_PER_SECOND (40 < 100)');
    expect(refusal({ ORDERS_PER_SECOND: '0' })).toMatch(/ORDERS_PER_SECOND:/);
    expect(refusal({ RATE_LIMITS: 'yes' })).toMatch(/RATE_LIMITS:/);
    expect(refusal({ WS_MAX_BUFFERED_BYTES: '100' })).toMatch(/WS_MAX_BUFFERED_BYTES:/);
  });
});

describe('LAUNCH_CHECK_INTERVAL_MS', () => {
  it('checks the scheduled launches every second by default; 0 turns them off; nothing else is taken', () => {
    expect(loadConfig({}).launchCheckIntervalMs).toBe(1000);
    expect(loadConfig({ LAUNCH_CHECK_INTERVAL_MS: '0' }).launchCheckIntervalMs).toBe(0);
    expect(loadConfig({ LAUNCH_CHECK_INTERVAL_MS: '250' }).launchCheckIntervalMs).toBe(250);
    expect(refusal({ LAUNCH_CHECK_INTERVAL_MS: '-5' })).toMatch(/LAUNCH_CHECK_INTERVAL_MS/);
  });
});
