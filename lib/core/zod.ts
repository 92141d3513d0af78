/**
 * The product's zod: zod/mini, configured once. Import it as a namespace
 * (`import * as z from '../core/zod'`) so bundlers keep only what is used.
 * The classic API cannot be tree-shaken: it put about 440 KB of script into
 * each esbuild bundle that validated anything (the analysis worker, the
 * browser tests' seed bundle) and 110 KB into the app's chunk (now 67 KB);
 * this costs about 20 KB.
 *
 * - English messages (zod/mini has none of its own: every issue would read
 *   "Invalid input").
 * - No compiled validators: the app's CSP has no 'unsafe-eval', and Chromium
 *   lets zod's probe `new Function('')` through but blocks the validators it
 *   compiles next.
 */
import { config, int, maximum, minimum, nonnegative } from 'zod/mini';
import { en } from 'zod/locales';

config({ ...en(), jitless: true });

export * from 'zod/mini';

/** A whole number of at least 0: a count, an index, a line number. */
export const count = () => int().check(nonnegative());

/** A whole number from `min` to `max`. */
export const wholeNumber = (min: number, max: number) => int().check(minimum(min), maximum(max));
