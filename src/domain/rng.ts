/**
 * Seeded randomness and time, injected into the domain so tests can pin both. The generator is
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, from PractRand) seeded through
 * splitmix32, so nearby seeds (1, 2, 3…) still start from unrelated states.
 */

/** Milliseconds since the Unix epoch. */
export type Clock = () => number;

export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** Standard normal (mean 0, sd 1), Box–Muller. */
  normal(): number;
}

const TWO_32 = 4294967296;

/** Creates a deterministic generator: the same seed always yields the same sequence. */
export function createRng(seed: number): Rng {
  // splitmix32: spreads the seed into four independent 32-bit words.
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();

  const nextU32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Discard the first outputs, as the sfc32 reference does, to leave the seeding transient.
  for (let i = 0; i < 12; i++) nextU32();

  let spare: number | undefined;
  const next = (): number => nextU32() / TWO_32;

  return {
    next,
    int(maxExclusive: number): number {
      if (!Number.isInteger(maxExclusive) || maxExclusive <= 0 || maxExclusive > TWO_32) {
        throw new RangeError(`maxExclusive must be an integer in 1..2^32, got ${maxExclusive}`);
      }
      return Math.floor(next() * maxExclusive);
    },
    normal(): number {
      if (spare !== undefined) {
        const v = spare;
        spare = undefined;
        return v;
      }
      // 1 − next() is in (0, 1], so the log is finite.
      const u = 1 - next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}
