#!/usr/bin/env node
// Generates Codelumi's service worker over a static export (out/): bundles
// workers/service-worker.ts with esbuild and injects Workbox's precache
// manifest (every build asset with its revision) with workbox-build. Heavy
// lazy assets stay out of the precache and are cached on first use instead:
// the highlighter's grammar chunks (told by their content) and the code
// sandbox's runtime under runner/. Also writes version.json, the build's
// identity (a hash of what it serves), which the app shows in Settings.
//
// Usage: node scripts/build/service-worker.mjs [outDir]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { build as esbuild } from 'esbuild';
// The injectManifest module alone: the package's index also loads generateSW's
// bundler (rollup, babel, terser), five times slower to import, and the tests
// regenerate the worker for their "build 2".
import { injectManifest } from 'workbox-build/build/inject-manifest.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const SW_SOURCE = path.join(ROOT, 'workers', 'service-worker.ts');
export const SW_FILE = 'sw.js';
export const BUILD_INFO_FILE = 'version.json';

/** Files the worker never precaches: its own output, the build stamp, install screenshots, the sandbox runtime. */
const ALWAYS_IGNORED = [SW_FILE, `${SW_FILE}.map`, '.codelumi-build.json', 'runner/**', 'screenshots/**', '**/*.map'];

/**
 * True for a chunk that holds Shiki language grammars: Shiki ships each one
 * as `Object.freeze(JSON.parse('{"displayName":…,"scopeName":"source.…"…}'))`,
 * and the bundler keeps that call as it is (minified or not).
 */
export function isGrammarChunk(source) {
  return (
    /JSON\.parse\((['"`])\{\\?"displayName\\?":/.test(source) && /\\?"scopeName\\?":\\?"(source|text)\./.test(source)
  );
}

function walk(dir, base = dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, base, out);
    else if (e.isFile()) out.push(path.relative(base, p).split(path.sep).join('/'));
  }
  return out.sort();
}

/** Build chunks (paths relative to outDir) that hold only lazily loaded grammars. */
export function findLazyChunks(outDir) {
  const chunks = path.join(outDir, '_next', 'static', 'chunks');
  return walk(chunks)
    .filter((f) => f.endsWith('.js') && isGrammarChunk(fs.readFileSync(path.join(chunks, f), 'utf8')))
    .map((f) => `_next/static/chunks/${f}`);
}

/** A short hash of the files under `dir` (names and contents); 'none' when there are none. */
function contentHash(dir, files) {
  if (files.length === 0) return 'none';
  const hash = crypto.createHash('sha256');
  for (const f of files)
    hash
      .update(`${f}\0`)
      .update(fs.readFileSync(path.join(dir, f)))
      .update('\0');
  return hash.digest('hex').slice(0, 12);
}

/**
 * Writes `sw.js` and `version.json` into `outDir`. Resolves with what was
 * precached and left out, for the build log and the benchmarks.
 */
export async function generateServiceWorker({ outDir, quiet = false } = {}) {
  const lazy = findLazyChunks(outDir);
  const runnerVersion = contentHash(path.join(outDir, 'runner'), walk(path.join(outDir, 'runner')));

  // The build's identity: everything the worker will serve, except the files this step writes.
  const served = walk(outDir).filter((f) => ![SW_FILE, BUILD_INFO_FILE, '.codelumi-build.json'].includes(f));
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const info = { name: 'Codelumi', version: pkg.version, build: contentHash(outDir, served) };
  fs.writeFileSync(path.join(outDir, BUILD_INFO_FILE), `${JSON.stringify(info, null, 2)}\n`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'codelumi-sw-'));
  try {
    const bundled = path.join(tmp, SW_FILE);
    await esbuild({
      entryPoints: [SW_SOURCE],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      outfile: bundled,
      logLevel: 'warning',
      define: {
        'process.env.NODE_ENV': '"production"',
        __CODELUMI_RUNNER_VERSION__: JSON.stringify(runnerVersion),
        __CODELUMI_LAZY_ASSETS__: JSON.stringify(lazy.map((f) => `/${f}`)),
      },
    });
    const result = await injectManifest({
      swSrc: bundled,
      swDest: path.join(outDir, SW_FILE),
      globDirectory: outDir,
      globPatterns: ['**/*.{html,txt,js,css,json,webmanifest,svg,png,ico,woff,woff2,ts}'],
      globIgnores: [...ALWAYS_IGNORED, ...lazy],
      // Content-hashed names need no revision of their own.
      dontCacheBustURLsMatching: /^_next\/static\//,
      maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
    });
    const lazyBytes = lazy.reduce((sum, f) => sum + fs.statSync(path.join(outDir, f)).size, 0);
    const summary = {
      build: info.build,
      precachedFiles: result.count,
      precachedBytes: result.size,
      lazyFiles: lazy.length,
      lazyBytes,
      runnerVersion,
      warnings: result.warnings,
    };
    if (!quiet) {
      const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
      console.log(
        `Service worker: precaches ${summary.precachedFiles} files (${kb(summary.precachedBytes)}); ` +
          `${summary.lazyFiles} grammar chunks (${kb(lazyBytes)}) and runner/ are cached on first use. Build ${info.build}.`,
      );
      for (const w of result.warnings) console.warn(`  warning: ${w}`);
    }
    return summary;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = path.resolve(process.argv[2] ?? path.join(ROOT, 'out'));
  generateServiceWorker({ outDir, quiet: process.argv.includes('--quiet') }).catch((err) => {
    console.error(`Could not generate the service worker: ${err?.message ?? err}`);
    process.exit(1);
  });
}
