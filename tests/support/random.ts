/** A small seeded PRNG (mulberry32) so property-style tests are reproducible: the one the training script uses. */
export { mulberry32 as seededRandom } from '../../scripts/lib/seeded-random';
