import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';

/**
 * Abuse limits. Measured on schema/operations (fragments flattened, as a client sees nesting):
 * the heaviest document is Orders (depth 7, cost ≈ 570, ≈ 170 tokens, no aliases), so each limit
 * leaves the dashboard room to grow while a hostile query hits it long before it costs real work.
 * Cost counts a literal `first: N` as N copies: pass page sizes as variables.
 */
export interface ApiLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxCost: number;
  readonly maxTokens: number;
  /** HTTP bodies above this get 413; WebSocket messages above it close the socket (1009). */
  readonly maxBodyBytes: number;
}

export const DEFAULT_LIMITS: ApiLimits = Object.freeze({
  maxDepth: 10,
  maxAliases: 15,
  maxCost: 3000,
  maxTokens: 2000,
  maxBodyBytes: 64 * 1024,
});

/** Stable codes for the armor rejections, which otherwise carry none (yoga then adds its generic one). */
export const LIMIT_CODES = Object.freeze({
  depth: 'QUERY_TOO_DEEP',
  aliases: 'TOO_MANY_ALIASES',
  cost: 'QUERY_TOO_COSTLY',
  tokens: 'QUERY_TOO_LARGE',
});

function withCode(code: string) {
  return [
    (_ctx: unknown, error: GraphQLError): void => {
      // Yoga tags validation errors with `code ||= …` afterwards, so setting ours first wins; the
      // status makes a rejection look the same (400) whichever armor rule threw it.
      const extensions = error.extensions as Record<string, unknown>;
      extensions['code'] = code;
      extensions['http'] = { status: 400 };
    },
  ];
}

/** graphql-armor, as envelop plugins; shared by HTTP and graphql-ws through yoga.getEnveloped. */
export function armorPlugins(limits: ApiLimits): Plugin[] {
  return [
    maxTokensPlugin({ n: limits.maxTokens, onReject: withCode(LIMIT_CODES.tokens) }),
    maxDepthPlugin({ n: limits.maxDepth, flattenFragments: true, onReject: withCode(LIMIT_CODES.depth) }),
    maxAliasesPlugin({ n: limits.maxAliases, onReject: withCode(LIMIT_CODES.aliases) }),
    costLimitPlugin({ maxCost: limits.maxCost, flattenFragments: true, onReject: withCode(LIMIT_CODES.cost) }),
    // "Did you mean …?" hints map the schema for an attacker; GraphiQL has introspection instead.
    blockFieldSuggestionsPlugin(),
  ] as Plugin[];
}
