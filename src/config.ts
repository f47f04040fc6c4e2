/**
 * The one reader of process.env. Everything else is handed a frozen Config, so tests and benches
 * build their own with `defaultConfig(overrides)` and never depend on the machine's environment.
 */
import { z } from 'zod';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** `auto`: readable lines on a terminal, JSON lines otherwise (a file, a pipe, a log collector). */
export type LogFormat = 'auto' | 'json' | 'pretty';

/** Simulated chain latencies in ms, before LATENCY_SCALE is applied. */
export interface Latencies {
  /** One quote per venue, fetched in parallel (so the order waits for the slowest). */
  readonly quoteMs: number;
  readonly buildMs: number;
  readonly submitMs: number;
  readonly confirmMs: number;
  /** Uniform ±jitter added to each wait. */
  readonly jitterMs: number;
}

export interface Config {
  readonly port: number;
  /** A separate /metrics listener (on HOST) for processes without the API's port: workers. */
  readonly metricsPort: number | undefined;
  readonly host: string;
  readonly redisUrl: string;
  /** True when REDIS_URL was set: then main never starts a private redis-server in its place. */
  readonly redisUrlExplicit: boolean;
  /** Prefix of every BullMQ key and pub/sub channel, so several instances can share one Redis. */
  readonly keyPrefix: string;
  readonly databasePath: string;
  /** postgres://… selects PostgreSQL (scale-out); unset: embedded SQLite at databasePath. */
  readonly databaseUrl: string | undefined;
  /**
   * What a commit survives. `normal`: a crash of the process (an OS crash or power failure may lose
   * the last commits); `full`: also an OS crash or power failure, at the price of a disk flush per
   * commit. SQLite synchronous=NORMAL|FULL; PostgreSQL synchronous_commit off|on.
   */
  readonly durability: 'normal' | 'full';
  readonly workerConcurrency: number;
  readonly latencies: Latencies;
  /** Multiplies every latency; 0 turns the simulated chain into a no-wait one (tests, benches). */
  readonly latencyScale: number;
  /** Probability that a submitted transaction is dropped or its blockhash expires. */
  readonly transientFailureRate: number;
  readonly maxAttempts: number;
  /** Base of the exponential retry backoff: base, 2·base, 4·base… */
  readonly backoffMs: number;
  readonly rngSeed: number;
  /** Optional market JSON replacing the built-in default market (first start only). */
  readonly marketFile: string | undefined;
  /** Market motion tick; 0 disables the random walk. */
  readonly motionIntervalMs: number;
  /**
   * How often a worker process checks the market spec's scheduled launches (`launches`, timed from
   * the market's first start); 0 disables them.
   */
  readonly launchCheckIntervalMs: number;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  /**
   * How often a worker process looks for accepted orders the normal path lost (never enqueued, or a
   * job BullMQ gave up on without a terminal state); 0 disables it.
   */
  readonly reconcileIntervalMs: number;
  /** How often a worker process ends OPEN orders past their expiresAt as EXPIRED; 0 disables it. */
  readonly expiryIntervalMs: number;
  /** An order must have been untouched this long before the reconciler acts on it. */
  readonly reconcileGraceMs: number;
  /**
   * BullMQ's job lock and stall check: a job whose worker died returns to the queue after about this
   * long (and is abandoned after its second stall).
   */
  readonly stalledIntervalMs: number;
  /**
   * Browser origins besides the server's own that may open graphql-ws sockets and POST to /graphql
   * (exact `scheme://host[:port]`). A page's own origin is always allowed; requests without an
   * Origin (curl, SDKs, workers) are not browsers and are never refused for it.
   */
  readonly allowedOrigins: readonly string[];
  /** GraphiQL on GET /graphql (Accept: text/html). Off under NODE_ENV=production unless GRAPHIQL=true. */
  readonly graphiql: boolean;
  /** Schema introspection (__schema, __type). Off under NODE_ENV=production unless INTROSPECTION=true. */
  readonly introspection: boolean;
  /**
   * HTTP server limits: what one slow or idle client can hold. A connection that has not sent its
   * whole header block within headersTimeoutMs, or its whole request within requestTimeoutMs, is
   * answered 408 and closed (a slowloris trickling bytes holds a socket at most that long); an idle
   * keep-alive connection is closed after keepAliveTimeoutMs; beyond maxConnections open sockets
   * (HTTP and WebSocket alike) new ones are closed on accept, so a flood cannot exhaust file
   * descriptors. WebSockets are exempt from the request timeouts once upgraded.
   */
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly maxConnections: number;
  /**
   * Rate limits, counted in Redis so they hold across API processes (src/services/rate-limits.ts).
   * Each is "N per second with bursts of B": up to N calls in any one-second window, plus B − N
   * more at most once per BURST_WINDOW_S (10 s), so a client may fire B at once but sustains N/s.
   * Orders count submitMarketOrder fields and quotes count `quote` fields, per API key; calls
   * without a key count one per operation (any operation, subscriptions included) per client IP.
   * Off: nothing is counted (benchmarks of the raw paths, tests about other things).
   */
  readonly rateLimits: boolean;
  readonly ordersPerSecond: number;
  readonly orderBurst: number;
  readonly quotesPerSecond: number;
  readonly quoteBurst: number;
  readonly anonPerSecond: number;
  readonly anonBurst: number;
  /** Open graphql-ws sockets one API key may hold, across every API process (counted in Redis). */
  readonly wsMaxSocketsPerKey: number;
  /** Operations one graphql-ws socket may run at once (graphql-ws sends every operation as a "subscribe"; queries end at once, so this caps subscriptions). */
  readonly wsMaxSubscriptionsPerSocket: number;
  /**
   * Bytes a graphql-ws socket may have queued unsent (ws's bufferedAmount) before the server drops
   * it as a slow consumer (close 4008): a client that stops reading holds at most this much of our
   * memory, beyond what the kernel's socket buffers take.
   */
  readonly wsMaxBufferedBytes: number;
}

const DEFAULTS: Config = {
  port: 4000,
  metricsPort: undefined,
  host: '127.0.0.1',
  redisUrl: 'redis://127.0.0.1:6379',
  redisUrlExplicit: false,
  keyPrefix: 'oee',
  databasePath: 'data/orders.sqlite',
  databaseUrl: undefined,
  durability: 'normal',
  workerConcurrency: 10,
  // 200 + 150 + 400 + 1500 ≈ 2.25 s, 2-3 s with jitter (docs/venue-math.md §6: ~0.4-1 s to "confirmed"
  // after landing, plus RPC round trips).
  latencies: { quoteMs: 200, buildMs: 150, submitMs: 400, confirmMs: 1500, jitterMs: 250 },
  latencyScale: 1,
  transientFailureRate: 0.1,
  maxAttempts: 3,
  backoffMs: 500,
  rngSeed: 42,
  marketFile: undefined,
  motionIntervalMs: 1000,
  launchCheckIntervalMs: 1000,
  logLevel: 'info',
  logFormat: 'auto',
  reconcileIntervalMs: 5_000,
  expiryIntervalMs: 1_000,
  // Longer than any normal gap between an order's writes while no job holds it (the API's insert
  // then enqueue is microseconds; everything else happens inside an active or delayed job).
  reconcileGraceMs: 15_000,
  stalledIntervalMs: 30_000,
  allowedOrigins: [],
  graphiql: true,
  introspection: true,
  // A browser sends its headers in one packet and bodies here are at most 64 KiB: 10 s and 30 s are
  // generous for a slow link and short for an attacker. 5 s keep-alive is Node's own default (set it
  // above a load balancer's idle timeout when behind one). 10,000 sockets: the fan-out bench holds
  // 5,000 graphql-ws subscribers on one API process.
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 10_000,
  // A bot trading on a simulator places a few orders a second and quotes more often than it
  // trades; a dashboard reading pools and tokens needs a handful. Bursts of twice that let a client
  // catch up after a pause without lifting the sustained rate.
  rateLimits: true,
  ordersPerSecond: 20,
  orderBurst: 40,
  quotesPerSecond: 50,
  quoteBurst: 100,
  anonPerSecond: 20,
  anonBurst: 40,
  // A dashboard holds one socket per tab; a bot one or two. 20 leaves room for many tabs and
  // reconnect overlaps while keeping one key from holding thousands of the process's sockets.
  wsMaxSocketsPerKey: 20,
  // The dashboard runs 3 subscriptions; a client following its orders one by one may run more.
  wsMaxSubscriptionsPerSocket: 50,
  // About 200 all-pools updates, or a few thousand order updates: seconds of a healthy feed.
  wsMaxBufferedBytes: 1_048_576,
};

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const ms = int(0, 600_000);

/** Only `true` or `false`: z.coerce.boolean would read "false" as true. */
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * One origin exactly as a browser sends it in Origin: http(s), host, optional non-default port, and
 * nothing else (no path, not even "/"), so a listed origin compares to the header by string equality.
 */
const origin = z.string().superRefine((value, ctx) => {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    ctx.addIssue({ code: 'custom', message: `"${value.slice(0, 100)}" is not an http(s) origin` });
  } else if (url.origin !== value) {
    ctx.addIssue({ code: 'custom', message: `"${value.slice(0, 100)}" is not an exact origin: write "${url.origin}" (scheme://host[:port], lower case, no path)` });
  }
});
const origins = z
  .string()
  .transform((v) => v.split(',').map((o) => o.trim()).filter((o) => o !== ''))
  .pipe(z.array(origin).max(100));

const ENV = z.object({
  PORT: int(0, 65_535).optional(),
  METRICS_PORT: int(0, 65_535).optional(),
  HOST: z.string().min(1).optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,32}$/, 'must be 1-32 chars of letters, digits, _ . -')
    .optional(),
  DATABASE_PATH: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'must be a postgres:// (or postgresql://) URL')
    .refine((v) => URL.canParse(v), 'is not a valid URL')
    .optional(),
  DURABILITY: z.enum(['normal', 'full']).optional(),
  WORKER_CONCURRENCY: int(1, 1000).optional(),
  QUOTE_LATENCY_MS: ms.optional(),
  BUILD_LATENCY_MS: ms.optional(),
  SUBMIT_LATENCY_MS: ms.optional(),
  CONFIRM_LATENCY_MS: ms.optional(),
  LATENCY_JITTER_MS: ms.optional(),
  LATENCY_SCALE: z.coerce.number().min(0).max(100).optional(),
  TRANSIENT_FAILURE_RATE: z.coerce.number().min(0).max(1).optional(),
  MAX_ATTEMPTS: int(1, 20).optional(),
  BACKOFF_MS: ms.optional(),
  RNG_SEED: int(0, 2 ** 32 - 1).optional(),
  MARKET_FILE: z.string().min(1).optional(),
  MOTION_INTERVAL_MS: ms.optional(),
  LAUNCH_CHECK_INTERVAL_MS: ms.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).optional(),
  RECONCILE_INTERVAL_MS: ms.optional(),
  EXPIRY_INTERVAL_MS: ms.optional(),
  RECONCILE_GRACE_MS: ms.optional(),
  STALLED_INTERVAL_MS: int(100, 600_000).optional(),
  NODE_ENV: z.string().optional(),
  ALLOWED_ORIGINS: origins.optional(),
  GRAPHIQL: flag.optional(),
  INTROSPECTION: flag.optional(),
  HTTP_HEADERS_TIMEOUT_MS: int(100, 600_000).optional(),
  HTTP_REQUEST_TIMEOUT_MS: int(100, 3_600_000).optional(),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(100, 600_000).optional(),
  HTTP_MAX_CONNECTIONS: int(1, 1_000_000).optional(),
  RATE_LIMITS: flag.optional(),
  ORDERS_PER_SECOND: int(1, 1_000_000).optional(),
  ORDER_BURST: int(1, 1_000_000).optional(),
  QUOTES_PER_SECOND: int(1, 1_000_000).optional(),
  QUOTE_BURST: int(1, 1_000_000).optional(),
  ANON_PER_SECOND: int(1, 1_000_000).optional(),
  ANON_BURST: int(1, 1_000_000).optional(),
  WS_MAX_SOCKETS_PER_KEY: int(1, 100_000).optional(),
  WS_MAX_SUBSCRIPTIONS_PER_SOCKET: int(1, 10_000).optional(),
  WS_MAX_BUFFERED_BYTES: int(16_384, 1_073_741_824).optional(),
}).superRefine((e, ctx) => {
  // A burst is what a client may fire at once: at least the per-second rate.
  for (const [rate, burst, r, b] of [
    ['ORDERS_PER_SECOND', 'ORDER_BURST', e.ORDERS_PER_SECOND ?? DEFAULTS.ordersPerSecond, e.ORDER_BURST ?? DEFAULTS.orderBurst],
    ['QUOTES_PER_SECOND', 'QUOTE_BURST', e.QUOTES_PER_SECOND ?? DEFAULTS.quotesPerSecond, e.QUOTE_BURST ?? DEFAULTS.quoteBurst],
    ['ANON_PER_SECOND', 'ANON_BURST', e.ANON_PER_SECOND ?? DEFAULTS.anonPerSecond, e.ANON_BURST ?? DEFAULTS.anonBurst],
  ] as const) {
    if (b < r) ctx.addIssue({ code: 'custom', path: [burst], message: `must be at least ${rate} (${b} < ${r})` });
  }
  // Node refuses a header deadline later than the whole request's.
  const headers = e.HTTP_HEADERS_TIMEOUT_MS ?? DEFAULTS.headersTimeoutMs;
  const request = e.HTTP_REQUEST_TIMEOUT_MS ?? DEFAULTS.requestTimeoutMs;
  if (headers > request) {
    ctx.addIssue({ code: 'custom', path: ['HTTP_HEADERS_TIMEOUT_MS'], message: `must not exceed HTTP_REQUEST_TIMEOUT_MS (${headers} > ${request})` });
  }
});

type Overrides = Partial<Omit<Config, 'latencies'>> & { readonly latencies?: Partial<Latencies> };

/** The default configuration with `overrides` applied, frozen. Reads no environment. */
export function defaultConfig(overrides: Overrides = {}): Readonly<Config> {
  const { latencies, ...rest } = overrides;
  const merged: Config = {
    ...DEFAULTS,
    ...stripUndefined(rest),
    latencies: Object.freeze({ ...DEFAULTS.latencies, ...stripUndefined(latencies ?? {}) }),
  };
  return Object.freeze(merged);
}

/**
 * Reads the environment once into a frozen Config.
 * @throws Error listing every invalid variable with the reason, e.g. "PORT: Too big: expected …"
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  // Empty strings count as unset, as shells and .env files tend to produce them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ENV.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  // Production hides the schema and the explorer unless asked: both are for developers.
  const production = e.NODE_ENV === 'production';
  return defaultConfig({
    port: e.PORT,
    metricsPort: e.METRICS_PORT,
    host: e.HOST,
    redisUrl: e.REDIS_URL,
    redisUrlExplicit: e.REDIS_URL !== undefined,
    keyPrefix: e.KEY_PREFIX,
    databasePath: e.DATABASE_PATH,
    databaseUrl: e.DATABASE_URL,
    durability: e.DURABILITY,
    workerConcurrency: e.WORKER_CONCURRENCY,
    latencies: {
      quoteMs: e.QUOTE_LATENCY_MS,
      buildMs: e.BUILD_LATENCY_MS,
      submitMs: e.SUBMIT_LATENCY_MS,
      confirmMs: e.CONFIRM_LATENCY_MS,
      jitterMs: e.LATENCY_JITTER_MS,
    },
    latencyScale: e.LATENCY_SCALE,
    transientFailureRate: e.TRANSIENT_FAILURE_RATE,
    maxAttempts: e.MAX_ATTEMPTS,
    backoffMs: e.BACKOFF_MS,
    rngSeed: e.RNG_SEED,
    marketFile: e.MARKET_FILE,
    motionIntervalMs: e.MOTION_INTERVAL_MS,
    launchCheckIntervalMs: e.LAUNCH_CHECK_INTERVAL_MS,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    reconcileIntervalMs: e.RECONCILE_INTERVAL_MS,
    expiryIntervalMs: e.EXPIRY_INTERVAL_MS,
    reconcileGraceMs: e.RECONCILE_GRACE_MS,
    stalledIntervalMs: e.STALLED_INTERVAL_MS,
    allowedOrigins: e.ALLOWED_ORIGINS ? Object.freeze([...new Set(e.ALLOWED_ORIGINS)]) : undefined,
    graphiql: e.GRAPHIQL ?? !production,
    introspection: e.INTROSPECTION ?? !production,
    headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    maxConnections: e.HTTP_MAX_CONNECTIONS,
    rateLimits: e.RATE_LIMITS,
    ordersPerSecond: e.ORDERS_PER_SECOND,
    orderBurst: e.ORDER_BURST,
    quotesPerSecond: e.QUOTES_PER_SECOND,
    quoteBurst: e.QUOTE_BURST,
    anonPerSecond: e.ANON_PER_SECOND,
    anonBurst: e.ANON_BURST,
    wsMaxSocketsPerKey: e.WS_MAX_SOCKETS_PER_KEY,
    wsMaxSubscriptionsPerSocket: e.WS_MAX_SUBSCRIPTIONS_PER_SOCKET,
    wsMaxBufferedBytes: e.WS_MAX_BUFFERED_BYTES,
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What an API client of the engine (the strategy runner) reads from its environment. */
export interface ClientConfig {
  /** OEE_URL: the server (default http://127.0.0.1:4000). */
  readonly url: string;
  /** OEE_KEY: an API key with the trade scope. */
  readonly key: string | undefined;
  readonly logLevel: LogLevel;
}

const clientEnvSchema = z.object({
  OEE_URL: z.string().url().optional(),
  OEE_KEY: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
});

/**
 * A client's settings: only its own variables, none of the server's (it needs no Redis or database).
 * @throws Error naming the variable that is malformed
 */
export function loadClientConfig(env: NodeJS.ProcessEnv = process.env): Readonly<ClientConfig> {
  const parsed = clientEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid environment: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  return Object.freeze({ url: e.OEE_URL ?? 'http://127.0.0.1:4000', key: e.OEE_KEY, logLevel: e.LOG_LEVEL ?? 'info' });
}
