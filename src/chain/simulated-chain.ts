/**
 * The simulated Solana RPC and chain: how long each step takes and whether a submitted transaction
 * lands (docs/venue-math.md §6: dropped transactions and expired blockhashes are the retryable failures).
 * Time and randomness come from outside, and tests can force outcomes with a failure plan.
 */
import { createHash } from 'node:crypto';
import bs58 from 'bs58';
import type { Latencies } from '../config.js';
import type { Rng } from '../domain/rng.js';
import type { OrderView } from '../domain/order-view.js';

export type ChainStep = 'quote' | 'build' | 'submit' | 'confirm';
export type TransientFailure = 'TX_DROPPED' | 'BLOCKHASH_EXPIRED';
export type SubmitOutcome = 'LANDED' | TransientFailure;

/** Decides one attempt's outcome; undefined falls back to the seeded rate. */
export type FailurePlan = (ctx: { readonly order: OrderView; readonly attempt: number }) => SubmitOutcome | undefined;

export interface Chain {
  /** Waits as long as `step` takes on the simulated network (nothing at all when it is 0). */
  wait(step: ChainStep): Promise<void>;
  /** Whether attempt `attempt` of `order` lands. */
  submit(order: OrderView, attempt: number): SubmitOutcome;
  /**
   * The signature of attempt `attempt` of `order`'s transaction: base58 of 64 bytes, as on Solana.
   * Unique per order and attempt, also across restarts and worker processes.
   */
  signature(order: OrderView, attempt: number): string;
}

/** A retryable chain failure: the worker retries the order with backoff. */
export class TransientChainError extends Error {
  override readonly name = 'TransientChainError';
  constructor(readonly code: TransientFailure) {
    super(code === 'TX_DROPPED' ? 'transaction dropped before landing' : 'blockhash expired before the transaction landed');
  }
}

export interface ChainOptions {
  readonly latencies: Latencies;
  readonly latencyScale: number;
  readonly failureRate: number;
  readonly rng: Rng;
  /** Mixed into every signature, so two simulations with different seeds never share one. */
  readonly seed: number;
  readonly failurePlan?: FailurePlan;
}

export function createSimulatedChain(options: ChainOptions): Chain {
  const { latencies, latencyScale, failureRate, rng, seed, failurePlan } = options;
  const base: Record<ChainStep, number> = {
    quote: latencies.quoteMs,
    build: latencies.buildMs,
    submit: latencies.submitMs,
    confirm: latencies.confirmMs,
  };
  return {
    wait(step) {
      const nominal = base[step] * latencyScale;
      if (nominal <= 0) return Promise.resolve();
      const jitter = (rng.next() * 2 - 1) * latencies.jitterMs * latencyScale;
      const ms = Math.max(0, Math.round(nominal + jitter));
      return new Promise((resolve) => setTimeout(resolve, ms));
    },
    submit(order, attempt) {
      const planned = failurePlan?.({ order, attempt });
      if (planned !== undefined) return planned;
      if (failureRate <= 0 || rng.next() >= failureRate) return 'LANDED';
      // Roughly even between the two ways a Solana transaction fails to land.
      return rng.next() < 0.5 ? 'TX_DROPPED' : 'BLOCKHASH_EXPIRED';
    },
    signature(order, attempt) {
      // A hash of what identifies the transaction, not a draw from the seeded stream: that stream
      // restarts with every process, so the first fill after each restart (and the n-th fill of
      // every worker) would share a signature. Order ids are unique; SHA-512 is 64 bytes.
      return bs58.encode(createHash('sha512').update(`${seed}:${order.id}:${attempt}`).digest());
    },
  };
}
