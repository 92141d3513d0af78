/**
 * Test and eval pages injected into the app's page: a TypeScript entry bundled
 * by esbuild into one browser script, built once per process and entry.
 */
import { buildSync } from 'esbuild';

const bundles = new Map<string, string>();

/** The browser script (IIFE, ES2022) of `entry`, an absolute path; built on the first call. */
export function browserBundle(entry: string): string {
  let text = bundles.get(entry);
  if (text === undefined) {
    text = buildSync({
      entryPoints: [entry],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'warning',
    }).outputFiles[0].text;
    bundles.set(entry, text);
  }
  return text;
}
