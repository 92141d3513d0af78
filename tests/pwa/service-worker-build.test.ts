/**
 * The build step that writes the service worker over a static export: what it
 * precaches (with revisions), what it leaves to be cached on first use, and
 * the build identity it records. Runs esbuild and workbox-build for real, over
 * a small export made here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateServiceWorker, isGrammarChunk } from '../../scripts/build/service-worker.mjs';

let out: string;
beforeEach(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'codelumi-sw-test-'));
});
afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

const GRAMMAR = `(globalThis.TURBOPACK||(globalThis.TURBOPACK=[])).push([1,e=>{"use strict";let n=Object.freeze(JSON.parse('{"displayName":"Python","name":"python","scopeName":"source.python"}'));e.s(["default",0,[n]])}]);`;
const SHIKI_CORE = `var l=class{static has(e){return e.scopeName}};let t=JSON.parse(r);`;

function write(file: string, content: string) {
  fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
  fs.writeFileSync(path.join(out, file), content);
}

function precacheEntries(): { url: string; revision: string | null }[] {
  const sw = fs.readFileSync(path.join(out, 'sw.js'), 'utf8');
  return Array.from(sw.matchAll(/\{"revision":(null|"[0-9a-f]+"),"url":"([^"]+)"\}/g), (m) => ({
    url: m[2],
    revision: JSON.parse(m[1]),
  }));
}

function exportOf() {
  write('index.html', '<!doctype html><title>Codelumi</title>');
  write('models/index.html', '<!doctype html><title>Models</title>');
  write('index.txt', 'rsc payload');
  write('manifest.webmanifest', '{}');
  write('_next/static/chunks/app-123.js', 'console.log("app")');
  write('_next/static/chunks/shiki-core-456.js', SHIKI_CORE);
  write('_next/static/chunks/grammar-789.js', GRAMMAR);
  write('runner/frame.js', 'frame');
  write('runner/pyodide/pyodide.asm.wasm', 'wasm');
  write('screenshots/chat-wide.png', 'png');
  write('.codelumi-build.json', '{}');
}

describe('telling grammar chunks', () => {
  it('recognises a Shiki grammar as the bundler and as Shiki ship it, and not Shiki itself', () => {
    expect(isGrammarChunk(GRAMMAR)).toBe(true);
    const shipped = fs.readFileSync(
      path.resolve(__dirname, '../../node_modules/@shikijs/langs/dist/python.mjs'),
      'utf8',
    );
    expect(isGrammarChunk(shipped)).toBe(true);
    expect(isGrammarChunk(SHIKI_CORE)).toBe(false);
    expect(isGrammarChunk('console.log("scopeName displayName")')).toBe(false);
  });
});

describe('generating the service worker', () => {
  it('precaches every build asset with a revision, leaving out grammars, the sandbox runtime, screenshots and the stamp', async () => {
    exportOf();
    const summary = await generateServiceWorker({ outDir: out, quiet: true });
    const urls = precacheEntries()
      .map((e) => e.url)
      .sort();
    expect(urls).toEqual([
      '_next/static/chunks/app-123.js',
      '_next/static/chunks/shiki-core-456.js',
      'index.html',
      'index.txt',
      'manifest.webmanifest',
      'models/index.html',
      'version.json',
    ]);
    const byUrl = new Map(precacheEntries().map((e) => [e.url, e.revision]));
    expect(byUrl.get('index.html')).toMatch(/^[0-9a-f]{32}$/);
    expect(byUrl.get('_next/static/chunks/app-123.js')).toBeNull();
    expect(summary).toMatchObject({ precachedFiles: 7, lazyFiles: 1, warnings: [] });
    const sw = fs.readFileSync(path.join(out, 'sw.js'), 'utf8');
    expect(sw).toContain('"/_next/static/chunks/grammar-789.js"');
    expect(sw).not.toContain('self.__WB_MANIFEST');
  });

  it('records a build identity that changes with the content, and a runner version that changes with the runtime', async () => {
    exportOf();
    const first = await generateServiceWorker({ outDir: out, quiet: true });
    const info = JSON.parse(fs.readFileSync(path.join(out, 'version.json'), 'utf8'));
    expect(info).toEqual({ name: 'Codelumi', version: expect.any(String), build: first.build });

    const again = await generateServiceWorker({ outDir: out, quiet: true });
    expect(again.build).toBe(first.build);
    expect(again.runnerVersion).toBe(first.runnerVersion);

    write('index.html', '<!doctype html><title>Codelumi 2</title>');
    const changed = await generateServiceWorker({ outDir: out, quiet: true });
    expect(changed.build).not.toBe(first.build);
    expect(changed.runnerVersion).toBe(first.runnerVersion);

    write('runner/frame.js', 'frame v2');
    expect((await generateServiceWorker({ outDir: out, quiet: true })).runnerVersion).not.toBe(first.runnerVersion);
  });
});
