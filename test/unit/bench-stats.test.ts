import { describe, expect, it } from 'vitest';
import { goal, median, percentile, perSecond, ratio, summarize } from '../../bench/lib/stats.js';

describe('bench stats', () => {
  it('nearest-rank percentiles return observed values', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('p99 of a small sample is its maximum, not an interpolation beyond it', () => {
    expect(percentile([1, 2, 3, 4, 1000], 99)).toBe(1000);
    expect(summarize([3, 1, 2])).toEqual({ count: 3, p50: 2, p99: 3, max: 3 });
  });

  it('median averages the middle pair for even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('ratios and rates never turn a missing figure into a passing one', () => {
    expect(ratio(50, 100)).toBe(0.5);
    expect(ratio(50, 0)).toBeNaN();
    expect(ratio(Number.NaN, 100)).toBeNaN();
    expect(perSecond(2000, 1000)).toBe(2000);
    expect(perSecond(10, 0)).toBeNaN();
    expect(goal('x', 'atLeast', 0.5, Number.NaN).pass).toBe(false);
    expect(goal('x', 'atLeast', 0.5, 0.5).pass).toBe(true);
    expect(goal('x', 'atMost', 1.5, 1.6).pass).toBe(false);
  });
});
