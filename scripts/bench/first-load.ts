/**
 * First-load JavaScript of the chat page (issue 3): the scripts the static
 * HTML of `/` loads, gzipped (module scripts only: the noModule polyfill is
 * never fetched by a modern browser), and what the app needs right after.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT } from './harness';

export interface FirstLoadResult {
  files: number;
  gzipBytes: number;
  rawBytes: number;
}

/** Sizes of the scripts the chat page's HTML loads. */
export function measureFirstLoad(): FirstLoadResult {
  const out = path.join(ROOT, 'out');
  const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
  const scripts = new Set<string>();
  for (const m of html.matchAll(/<script\b([^>]*)>/g)) {
    const attrs = m[1];
    if (/\bnoModule\b/i.test(attrs)) continue;
    const src = /\bsrc="([^"]+)"/.exec(attrs)?.[1];
    if (src) scripts.add(src);
  }
  let gzipBytes = 0;
  let rawBytes = 0;
  for (const src of scripts) {
    const body = fs.readFileSync(path.join(out, src.split('?')[0]));
    rawBytes += body.length;
    gzipBytes += zlib.gzipSync(body, { level: 9 }).length;
  }
  return { files: scripts.size, gzipBytes, rawBytes };
}
