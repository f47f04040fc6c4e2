/**
 * Submitting orders over HTTP GraphQL the way many clients would: each with a unique clientOrderId,
 * checked for errors so a rejected order can never count as throughput.
 */
import { closedLoop, GqlHttp } from './gql-http.js';
import { SUBMIT_ORDER } from './operations.js';
import type { SwapParams } from './workload.js';

export interface SubmitResult {
  readonly submitted: number;
  readonly rejected: number;
  /** The first few distinct error messages, for a loud failure. */
  readonly errorSamples: string[];
  readonly ms: number;
  /** Epoch ms just before the first request went out. */
  readonly startedAt: number;
}

/** Where orders go: the GraphQL URL and the API key they are placed with (a RunningSystem is one). */
export interface OrderTarget {
  readonly url: string;
  readonly apiKey: string;
}

export interface SubmittedOrder {
  readonly id: string;
  readonly clientOrderId: string;
  readonly status: string;
}

export function orderVariables(swap: SwapParams, clientOrderId: string): Record<string, unknown> {
  return { input: { ...swap, clientOrderId } };
}

/** Submits one order; resolves with the order or throws the GraphQL error it got. */
export async function submitOne(http: GqlHttp, swap: SwapParams, clientOrderId: string): Promise<SubmittedOrder> {
  const res = await http.post<{ submitMarketOrder: SubmittedOrder }>(SUBMIT_ORDER, orderVariables(swap, clientOrderId));
  const order = res.data?.submitMarketOrder;
  if (order == null || res.errors !== undefined) {
    const e = res.errors?.[0];
    throw new Error(`submitMarketOrder failed: ${e?.extensions?.code ?? ''} ${e?.message ?? JSON.stringify(res).slice(0, 200)}`);
  }
  return order;
}

/**
 * Submits every swap with `clients` concurrent HTTP clients (closed loop). Aborts early, loudly, if
 * the first requests all fail: that is a missing or broken API, not a slow one.
 */
export async function submitAll(target: OrderTarget, swaps: readonly SwapParams[], clients: number, idPrefix: string): Promise<SubmitResult> {
  const http = new GqlHttp(target.url, clients, target.apiKey);
  let rejected = 0;
  let accepted = 0;
  const errorSamples = new Set<string>();
  const startedAt = Date.now();
  try {
    const ms = await closedLoop(swaps.length, clients, async (i) => {
      try {
        await submitOne(http, swaps[i] as SwapParams, `${idPrefix}-${i}`);
        accepted++;
      } catch (error) {
        rejected++;
        if (errorSamples.size < 5) errorSamples.add(error instanceof Error ? error.message : String(error));
        if (accepted === 0 && rejected >= clients) {
          throw new Error(`every order submitted so far was rejected; first errors:\n  ${[...errorSamples].join('\n  ')}`);
        }
      }
    });
    return { submitted: accepted, rejected, errorSamples: [...errorSamples], ms, startedAt };
  } finally {
    http.close();
  }
}
