import { readEntryHeader, type EntryHeader } from './order-entry.js';
import type { Scenario } from './scenario.js';

/**
 * The scenario's orders, read one at a time as the run reaches them: the simulator holds one
 * pending submission, never the list (an iterable of a million orders stays a generator).
 */
export class OrderSource {
  private readonly iterator: Iterator<unknown> | undefined;
  private index = 0;
  private lastAtMs: number;

  constructor(private readonly scenario: Scenario) {
    this.iterator = scenario.orders?.[Symbol.iterator]();
    this.lastAtMs = scenario.startMs;
  }

  /**
   * The next entry's header, or undefined at the end of the list.
   * @throws DomainError as readEntryHeader (a malformed entry, or one out of time order)
   */
  next(): EntryHeader | undefined {
    const n = this.iterator?.next();
    if (n === undefined || n.done === true) return undefined;
    const header = readEntryHeader(n.value, this.index++, this.scenario, this.lastAtMs);
    this.lastAtMs = header.atMs;
    return header;
  }
}
