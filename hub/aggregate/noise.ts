/**
 * Laplace noise for the published counts (differential privacy), drawn from
 * a random source that is passed in: the operating system's in the hub, a
 * seeded one in tests.
 */
import { randomBytes } from 'node:crypto';

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/** Uniform numbers from the operating system's cryptographic source (48 bits each): the hub's noise. */
export const cryptoRng: Rng = () => randomBytes(6).readUIntBE(0, 6) / 2 ** 48;

/** A small deterministic generator (mulberry32): the same seed gives the same numbers, for tests and benchmarks. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One draw from the Laplace distribution centred on 0 with `scale` b
 * (density e^(-|x|/b) / 2b): a count with sensitivity Δ gets scale Δ/ε.
 */
export function laplace(scale: number, rng: Rng): number {
  for (;;) {
    const u = rng() - 0.5;
    const tail = 1 - 2 * Math.abs(u);
    // u = -0.5 exactly would give log(0); draw again (probability 2^-48).
    if (tail > 0) return -scale * Math.sign(u) * Math.log(tail);
  }
}
