/**
 * The simulated chain, with a way to hold chosen orders at SUBMITTED (before confirmation) until
 * the test releases them: intermediate stages become observable without racing the latencies, and
 * an order can be made to finish while the page is disconnected.
 *
 * The processor calls `chain.submit(order)` and then, in the same synchronous run, `chain.wait('confirm')`
 * (src/jobs/processor.ts), so the order the confirm wait belongs to is the one submitted just before.
 * Anything else (a wait not preceded by a landed submit) is never held.
 */
import { createSimulatedChain, type Chain, type ChainOptions } from '../../../src/chain/simulated-chain.js';
import type { OrderView } from '../../../src/domain/order-view.js';

export interface HeldChain {
  readonly chain: Chain;
  /** Holds every order of `amountIn` atoms at its confirm step; returns the release function. */
  hold(amountIn: bigint): () => void;
}

export function heldChain(options: ChainOptions): HeldChain {
  const base = createSimulatedChain(options);
  const gates = new Map<bigint, { readonly opened: Promise<void>; readonly open: () => void }>();
  let landed: OrderView | undefined;
  const chain: Chain = {
    ...base,
    submit(order, attempt) {
      const outcome = base.submit(order, attempt);
      landed = outcome === 'LANDED' ? order : undefined;
      return outcome;
    },
    async wait(step) {
      const order = step === 'confirm' ? landed : undefined;
      if (step === 'confirm') landed = undefined;
      const gate = order === undefined ? undefined : gates.get(order.amountIn);
      if (gate !== undefined) await gate.opened;
      await base.wait(step);
    },
  };
  return {
    chain,
    hold(amountIn) {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      gates.set(amountIn, { opened, open });
      return () => {
        gates.delete(amountIn);
        open();
      };
    },
  };
}
