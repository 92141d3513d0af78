/**
 * The product's zod: zod/mini, configured once. Import it as a namespace
 * (`import * as z from '../core/zod'`) so bundlers keep only what is used:
 * the classic API cannot be tree-shaken and cost about 440 KB of script in
 * every bundle that validated anything (the seed bundle of the browser
 * tests, the app's shell chunk); this costs about 20 KB.
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
