/**
 * The simulated chain's signatures: the shape of a Solana transaction signature (base58 of 64
 * bytes), unique per order and attempt, the same for the same seed, order and attempt (across
 * restarts), different under another seed.
 */
import bs58 from 'bs58';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { createRng } from '../../src/domain/rng.js';
import { createSimulatedChain } from '../../src/chain/simulated-chain.js';
import type { OrderView } from '../../src/domain/order-view.js';

const chain = (seed: number, rngSeed = 1) =>
  createSimulatedChain({ latencies: defaultConfig().latencies, latencyScale: 0, failureRate: 0, rng: createRng(rngSeed), seed });
const order = (id: string) => ({ id }) as OrderView;

describe('transaction signatures', () => {
  it('are base58 of 64 bytes', () => {
    const sig = chain(42).signature(order('ord-1'), 1);
    expect(sig).toMatch(/^[1-9A-HJ-NP-Za-km-z]{86,88}$/);
    expect(bs58.decode(sig)).toHaveLength(64);
  });

  it('differ per order and per attempt, and do not depend on how many were made before', () => {
    const a = chain(42);
    const sigs = ['ord-1', 'ord-2', 'ord-3'].flatMap((id) => [1, 2, 3].map((n) => a.signature(order(id), n)));
    expect(new Set(sigs).size).toBe(9);
    // A fresh process (another rng position, same seed) signs the same transaction the same way,
    // and its first fill does not repeat the previous process's first fill.
    const b = chain(42, 999);
    expect(b.signature(order('ord-2'), 1)).toBe(sigs[3]);
    expect(b.signature(order('ord-9'), 1)).not.toBe(sigs[0]);
  });

  it('differ between seeds', () => {
    expect(chain(1).signature(order('ord-1'), 1)).not.toBe(chain(2).signature(order('ord-1'), 1));
  });
});
