/**
 * Laplace noise for the published counts (differential privacy), drawn from
 * a random source that is passed in: the operating system's in the hub, a
 * seeded one in tests (tests/support/random.ts).
 */
import { randomBytes } from 'node:crypto';

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/** Uniform numbers from the operating system's cryptographic source (48 bits each): the hub's noise. */
export const cryptoRng: Rng = () => randomBytes(6).readUIntBE(0, 6) / 2 ** 48;

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
