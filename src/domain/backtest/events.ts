import { MinHeap } from '../heap.js';
import type { ScheduledLaunch } from '../market/market-spec.js';
import type { EntryHeader } from './order-entry.js';
import type { PendingFill } from './pending.js';

/**
 * The simulator's timed events. At the same simulated millisecond they run in a fixed order of
 * kinds (RANK), then in the order they were scheduled: launches, then motion, then fills due, then
 * submissions, then expiries, strategy timers, and samples last (a sample sees the moment's
 * outcome). A fill scheduled with zero latency therefore runs before the next submission at the
 * same moment: orders one after another, as a live client sending each after the previous filled.
 */
export type SimEvent =
  | { readonly kind: 'LAUNCH'; readonly t: number; readonly seq: number; readonly launch: ScheduledLaunch }
  | { readonly kind: 'MOTION'; readonly t: number; readonly seq: number }
  | { readonly kind: 'FILL'; readonly t: number; readonly seq: number; readonly order: PendingFill }
  | { readonly kind: 'SUBMIT'; readonly t: number; readonly seq: number; readonly header: EntryHeader; readonly fromStrategy: boolean }
  | { readonly kind: 'EXPIRE'; readonly t: number; readonly seq: number }
  | { readonly kind: 'TIMER'; readonly t: number; readonly seq: number; readonly tag: string }
  | { readonly kind: 'SAMPLE'; readonly t: number; readonly seq: number };

type Kind = SimEvent['kind'];
const RANK: Readonly<Record<Kind, number>> = { LAUNCH: 0, MOTION: 1, FILL: 2, SUBMIT: 3, EXPIRE: 4, TIMER: 5, SAMPLE: 6 };

type Unsequenced<E> = E extends SimEvent ? Omit<E, 'seq'> : never;

export class EventQueue {
  private seq = 0;
  private readonly heap = new MinHeap<SimEvent>((a, b) => a.t < b.t || (a.t === b.t && (RANK[a.kind] < RANK[b.kind] || (RANK[a.kind] === RANK[b.kind] && a.seq < b.seq))));

  /** Schedules `event`, stamping its sequence number on it (no copy: one object per event). */
  push(event: Unsequenced<SimEvent>): void {
    const e = event as unknown as { seq: number };
    e.seq = this.seq++;
    this.heap.push(e as unknown as SimEvent);
  }

  pop(): SimEvent | undefined {
    return this.heap.pop();
  }

  peek(): SimEvent | undefined {
    return this.heap.peek();
  }

  get size(): number {
    return this.heap.size;
  }
}
