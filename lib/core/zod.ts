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
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config({ ...en(), jitless: true });

export * from 'zod/mini';
