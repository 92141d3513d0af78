// The build is stale when any input changed since out/ was written. Inputs are
// fingerprinted by path, size and modification time (cheap, and good enough
// to decide whether `next build` must run again).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const OUT_DIR = path.join(ROOT, 'out');
export const STAMP_FILE = path.join(OUT_DIR, '.codelumi-build.json');

const INPUT_DIRS = ['app', 'lib', 'workers', 'public', 'scripts/build'];
const INPUT_FILES = ['next.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json', 'postcss.config.mjs'];

function walk(dir, out) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

/** A hash over every build input's path, size and mtime. */
export function sourceFingerprint() {
  const files = [];
  for (const d of INPUT_DIRS) walk(path.join(ROOT, d), files);
  for (const f of INPUT_FILES) if (fs.existsSync(path.join(ROOT, f))) files.push(path.join(ROOT, f));
  files.sort();
  const hash = crypto.createHash('sha256');
  for (const f of files) {
    const st = fs.statSync(f);
    hash.update(`${path.relative(ROOT, f)}\0${st.size}\0${Math.floor(st.mtimeMs)}\n`);
  }
  return hash.digest('hex');
}

/** True when out/ is missing or was built from other inputs. */
export function buildIsStale() {
  try {
    const stamp = JSON.parse(fs.readFileSync(STAMP_FILE, 'utf8'));
    return (
      stamp.fingerprint !== sourceFingerprint() ||
      !fs.existsSync(path.join(OUT_DIR, 'index.html')) ||
      !fs.existsSync(path.join(OUT_DIR, 'sw.js'))
    );
  } catch {
    return true;
  }
}

export function writeStamp(fingerprint) {
  fs.writeFileSync(STAMP_FILE, JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }, null, 2));
}
