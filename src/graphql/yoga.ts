import { useGraphQlJit } from '@envelop/graphql-jit';
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Registry } from 'prom-client';
import { createGraphQLError, createYoga, type CORSOptions, type Plugin, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import { bearerKey } from '../services/api-keys.js';
import { clientErrorExtensions, UNAVAILABLE_MESSAGE } from '../services/errors.js';
import type { Auth, Principal } from '../services/auth.js';
import type { DocumentNode } from 'graphql';
import type { Logger } from '../logger.js';
import type { RateLimits } from '../services/rate-limits.js';
import type { BacktestService } from '../services/backtests.js';
import type { ReportService } from '../services/execution-report.js';
import type { OrderService } from '../services/types.js';
import { createTokenIndex, type GraphQLContext } from './context.js';
import { useCsrfPrevention } from './csrf.js';
import { useErrorPolicy } from './errors.js';
import { useNoIntrospection } from './introspection.js';
import { armorPlugins, type ApiLimits } from './limits.js';
import { useRateLimits } from './rate-limits.js';
import { schema } from './schema.js';
import { sharedSubscribe } from './shared-subscribe.js';

export const GRAPHQL_PATH = '/graphql';

function yogaLogger(logger: Logger): YogaLogger {
  const child = logger.child({ component: 'yoga' });
  const log =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]): void => {
      const [first, ...rest] = args;
      if (first instanceof Error) child[level]({ err: first, args: rest }, first.message);
      else child[level]({ args: rest }, String(first));
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** Per parsed document (yoga's parse cache hands out the same object for the same text). */
const subscriptionDocs = new WeakMap<DocumentNode, boolean>();

function isSubscription(document: DocumentNode): boolean {
  let known = subscriptionDocs.get(document);
  if (known === undefined) {
    known = document.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation === 'subscription');
    subscriptionDocs.set(document, known);
  }
  return known;
}

/**
 * Subscriptions on graphql-js's subscribe (yoga's default, @graphql-tools/executor, spends ~25% more
 * CPU per subscriber per event), executing each event once per distinct operation rather than once
 * per subscriber (shared-subscribe.ts): the all-orders fan-out multiplies that by thousands.
 */
const useSharedSubscribe: Plugin = {
  onSubscribe: ({ setSubscribeFn }) => setSubscribeFn(sharedSubscribe as never),
};

/**
 * GraphQL operations per name and type, their duration and their errors. Only these: the plugin's
 * per-phase timings (parse, validate, context...) would cost every request a handful of hooks for
 * figures the duration already bounds. /metrics itself is served by src/app.ts (endpoint off here).
 */
function operationMetrics(registry: Registry): Plugin {
  return usePrometheus({
    registry,
    endpoint: false,
    metrics: {
      graphql_envelop_request_duration: true,
      graphql_envelop_error_result: true,
      graphql_envelop_request: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_execute: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_deprecated_field: false,
      graphql_envelop_schema_change: false,
      graphql_yoga_http_duration: false,
    },
  }) as Plugin;
}

export type GraphQLServer = YogaServerInstance<Record<string, unknown>, GraphQLContext>;

/**
 * Yoga with everything both transports share: schema, context, the armor limits, the error policy,
 * and yoga's parse/validate caches (on by default; they keep the hot quote/submit path cheap).
 */
/** A refusal before execution, with its code and HTTP status (yoga passes GraphQL errors through). */
function refused(message: string): never {
  throw createGraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/**
 * The request's context: who is calling. Over graphql-ws the key was checked at connection_init and
 * its principal rides in the initial context; over HTTP the Authorization header is read here. No
 * header: anonymous (public fields only; the fast path, no promise). A header that does not carry a
 * valid, unrevoked key is refused, whatever the operation: a client that sends a key means it.
 */
function contextFor(
  initial: Record<string, unknown> & { request?: Request },
  base: Omit<GraphQLContext, 'principal'>,
  anonymous: GraphQLContext,
): GraphQLContext | Promise<GraphQLContext> {
  if ('principal' in initial) return { ...base, principal: initial['principal'] as Principal | undefined };
  const header = initial.request?.headers.get('authorization');
  if (header === null || header === undefined) return anonymous;
  const key = bearerKey(header);
  if (key === undefined) refused('the Authorization header must be "Bearer <key>"');
  return base.auth.authenticate(key).then(
    (principal) => (principal ? { ...base, principal } : refused('unknown or revoked API key')),
    (err: unknown) => {
      // The key cannot be checked while the database is away: retryable, like any other request.
      if (clientErrorExtensions(err)?.code === 'UNAVAILABLE') {
        throw createGraphQLError(UNAVAILABLE_MESSAGE, { extensions: { code: 'UNAVAILABLE', http: { status: 503 } } });
      }
      throw err;
    },
  );
}

export function createGraphQLServer(
  deps: {
    service: OrderService;
    auth: Auth;
    logger: Logger;
    backtests?: BacktestService | undefined;
    reports?: ReportService | undefined;
    /** Per-key and per-IP rate limits (src/graphql/rate-limits.ts); none: no operation is counted. */
    rateLimits?: RateLimits | undefined;
  },
  limits: ApiLimits,
  opts: {
    /**
     * Count body bytes as they stream (yoga's maxRequestBodySize). It costs a stream pipeline and an
     * AbortController per request, about 10% of a quote, so src/app.ts only uses it for bodies
     * without a Content-Length; the others are held to the limit from the header before yoga.
     */
    readonly countBodyBytes: boolean;
    /** Where to count GraphQL operations (yoga's Prometheus plugin); none: not counted. */
    readonly registry?: Registry | undefined;
    /** Schema introspection (default on); off refuses __schema/__type with INTROSPECTION_DISABLED. */
    readonly introspection?: boolean;
    /** CORS answers (default none: only same-origin pages may read responses). */
    readonly cors?: false | ((request: Request) => CORSOptions);
  } = { countBodyBytes: true },
): GraphQLServer {
  // Built once: per-request context creation is a spread of these references.
  const base = { service: deps.service, auth: deps.auth, backtests: deps.backtests, reports: deps.reports, tokens: createTokenIndex(() => deps.service.tokens()) };
  const anonymous: GraphQLContext = { ...base, principal: undefined };
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    context: (initial) => contextFor(initial, base, anonymous),
    // src/http/graphiql.ts serves GraphiQL from local assets, rendered once, under its own CSP.
    graphiql: false,
    landingPage: false,
    // The dashboard is served from the same origin; only ALLOWED_ORIGINS pages may read responses.
    cors: opts.cors ?? false,
    maxRequestBodySize: opts.countBodyBytes ? limits.maxBodyBytes : false,
    // Our error policy masks first (with context in the log); yoga's stays on as a net, never in dev mode.
    maskedErrors: { isDev: false },
    logging: yogaLogger(deps.logger),
    plugins: [
      // First: a forged form or header-less GET is refused before anything else looks at it.
      useCsrfPrevention(),
      ...(opts.introspection === false ? [useNoIntrospection()] : []),
      ...(opts.registry ? [operationMetrics(opts.registry)] : []),
      useSharedSubscribe,
      useErrorPolicy(deps.logger.child({ component: 'graphql' })),
      // Before execution, after validation: an invalid document is not worth a Redis round trip.
      ...(deps.rateLimits ? [useRateLimits(deps.rateLimits) as Plugin] : []),
      ...armorPlugins(limits),
      // Compiled execution for queries and mutations: the quote's nested selection cost more in the
      // generic executor than the route search itself (bench/quote-inprocess.ts: 285 → 234 µs per request on a loaded machine).
      // Subscriptions stay on graphql-js (above), which owns their async-iterator plumbing.
      useGraphQlJit({}, { enableIf: (args) => !isSubscription(args.document) }),
    ],
  });
}
