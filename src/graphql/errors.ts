import { getOperationAST, type DocumentNode, type ExecutionResult, type GraphQLError } from 'graphql';
import { createGraphQLError, handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import { clientErrorExtensions, UNAVAILABLE_MESSAGE } from '../services/errors.js';

/**
 * Three tiers of errors reach the client:
 * 1. GraphQL's own (syntax, validation, variable coercion, the armor limits): kept as they are.
 * 2. Expected ones the service throws for bad input (InputError) or domain codes a client can act on
 *    (DomainError): a GraphQLError with a stable `extensions.code` and `extensions.field`.
 * 3. Anything else: logged here with the operation's name, variables and stack, then replaced by a
 *    masked "Unexpected error." (yoga's masking stays on behind this as a safety net).
 */

export const UNEXPECTED_ERROR_MESSAGE = 'Unexpected error.';

/**
 * By name, not instanceof: graphql ships CJS and ESM builds, and a bundler (vitest's, for one) may
 * load both, so errors made by the executor need not share our GraphQLError class. For the same
 * reason errors are made with yoga's createGraphQLError: yoga's masking tests with instanceof
 * against its own copy, and an error of the other copy would be masked.
 */
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === 'GraphQLError';
}

/** True for errors GraphQL itself raised (or a resolver raised as a GraphQLError on purpose). */
function isOriginalGraphQLError(error: GraphQLError): boolean {
  const original = error.originalError;
  if (original == null) return true;
  return isGraphQLError(original) && isOriginalGraphQLError(original);
}

interface OperationInfo {
  readonly document?: DocumentNode;
  readonly operationName?: string | null | undefined;
  readonly variableValues?: Readonly<Record<string, unknown>> | null | undefined;
  /** The GraphQL context: its principal names the caller's account in the log (never the key). */
  readonly contextValue?: unknown;
}

function accountOf(operation: OperationInfo): string | undefined {
  const ctx = operation.contextValue as { principal?: { accountId?: string } } | undefined;
  return ctx?.principal?.accountId;
}

/** Maps one error of an operation's result to what the client may see; logs the unexpected. */
export function toClientError(error: unknown, operation: OperationInfo, logger: Logger): GraphQLError {
  const located = isGraphQLError(error) ? error : undefined;
  if (located !== undefined && isOriginalGraphQLError(located)) return located;
  const cause = located ? located.originalError : error;
  const options = located ? { nodes: located.nodes, source: located.source, positions: located.positions, path: located.path } : {};

  const expected = clientErrorExtensions(cause);
  if (expected !== undefined) {
    if (expected.code === 'UNAVAILABLE') {
      // An outage, not the client's doing: the cause (host, driver text) goes to the logs only.
      logger.warn({ err: cause, operationName: operation.operationName ?? undefined }, 'operation refused: storage unavailable');
      return createGraphQLError(UNAVAILABLE_MESSAGE, { ...options, extensions: { ...expected } });
    }
    const message = cause instanceof Error ? cause.message : String(cause);
    return createGraphQLError(message, { ...options, extensions: { ...expected } });
  }

  logger.error(
    {
      err: cause,
      // Clients often send no operationName: take it from the document.
      operationName: operation.operationName ?? (operation.document && getOperationAST(operation.document)?.name?.value),
      // Inputs are token names, amounts and client ids: nothing secret to redact.
      variables: operation.variableValues ?? undefined,
      accountId: accountOf(operation),
      path: located?.path?.join('.'),
    },
    'unexpected error in GraphQL operation',
  );
  return createGraphQLError(UNEXPECTED_ERROR_MESSAGE, { ...options, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

/**
 * Variables that do not coerce (e.g. slippageBps: 1.5) fail before execution. graphql-js tags them
 * BAD_USER_INPUT for subscriptions but leaves queries and mutations without a code, and the compiled
 * executor (graphql-jit) builds them with no extensions at all; give every one the same code.
 */
function tagRequestErrors(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.map((error) => {
    // A resolver's own error (a subscription refusing its arguments) keeps its cause for toClientError.
    // A variable that does not coerce also carries a cause, but graphql-js's own (the scalar's
    // GraphQLError), and is the client's doing: tagged below like any request error.
    const ownCause = error.originalError !== undefined && !isGraphQLError(error.originalError);
    if (error.extensions?.['code'] !== undefined || ownCause) return error;
    return createGraphQLError(error.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      // http: a request error, answered 400 like graphql-js's own (yoga strips it from the body).
      extensions: { ...(error.extensions ?? {}), code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
  });
}

/** The envelop plugin applying toClientError to queries, mutations and subscription events alike. */
export function useErrorPolicy(logger: Logger): Plugin {
  // Built once, not per request: the hooks read the operation from their payload. Closures made per
  // request were a measurable part of a quote (each one also renamed by tsx's keepNames helper).
  const onNext = ({ args, result, setResult }: { args: OperationInfo; result: ExecutionResult; setResult: (r: ExecutionResult) => void }): void => {
    if (!result.errors?.length) return;
    const errors = result.data === undefined ? tagRequestErrors(result.errors) : result.errors;
    setResult({ ...result, errors: errors.map((e) => toClientError(e, args, logger)) });
  };
  const executeHooks = {
    onExecuteDone: (payload: Parameters<typeof handleStreamOrSingleExecutionResult>[0]) => handleStreamOrSingleExecutionResult(payload, onNext as never),
  };
  return {
    onExecute() {
      return executeHooks;
    },
    onSubscribe({ args }) {
      return {
        onSubscribeResult: (payload) =>
          handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
            if (!result.errors?.length) return;
            // A subscription refused before it started (e.g. a variable that does not coerce) gets
            // the same BAD_USER_INPUT tag as a query over HTTP.
            const errors = result.data === undefined ? tagRequestErrors(result.errors) : result.errors;
            setResult({ ...result, errors: errors.map((e) => toClientError(e, args, logger)) });
          }),
        onSubscribeError: ({ error, setError }) => setError(toClientError(error, args, logger)),
      };
    },
  };
}
