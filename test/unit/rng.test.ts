import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/domain/rng.js';

describe('createRng', () => {
  const take = (seed: number, n: number): number[] => {
    const r = createRng(seed);
    return Array.from({ length: n }, () => r.next());
  };

  it('is deterministic per seed and differs across nearby seeds', () => {
    expect(take(42, 50)).toEqual(take(42, 50));
    expect(take(1, 10)).not.toEqual(take(2, 10));
  });

  it('keeps next() in [0, 1) and int() in range, roughly uniform', () => {
    const r = createRng(7);
    const counts = new Array<number>(10).fill(0);
    let inRange = true;
    for (let i = 0; i < 20_000; i++) {
      const v = r.next();
      inRange &&= v >= 0 && v < 1;
      const k = r.int(10);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect(inRange).toBe(true);
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(250);
    expect(() => r.int(0)).toThrow(RangeError);
  });

  it('normal() has mean ≈ 0 and sd ≈ 1, deterministically', () => {
    const r = createRng(3);
    const xs = Array.from({ length: 20_000 }, () => r.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(sd - 1)).toBeLessThan(0.05);
    const r2 = createRng(3);
    expect(Array.from({ length: 5 }, () => r2.normal())).toEqual(xs.slice(0, 5));
  });
});
