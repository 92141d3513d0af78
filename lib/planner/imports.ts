/**
 * Which workspace files a file imports, read from its text without running
 * or parsing it: relative `import … from './x'`, `import('./x')`,
 * `require('./x')` and `export … from` in JS/TS; `import a.b` and
 * `from a.b import c` (and relative `from .x import`) in Python. Used to put
 * the files a step's code leans on first in its prompt; a miss only costs
 * relevance, never correctness.
 */
import { checkLanguageOfPath } from './file-language';
import { folderOf, joinPath } from './paths';

const JS_SPECIFIERS = /\b(?:from|import|require)\b[\s(]*["'](\.{1,2}\/[^"'\n]+)["']/g;
const JS_ENDINGS = ['', '.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '/index.ts', '/index.tsx', '/index.js'];
const PY_FROM = /^from (\.*)(\w[\w.]*)? import\b/;
const PY_IMPORT = /^import (.+)$/;

/** The modules a Python line imports (`from .a.b import c` → `.a.b`; `import a.b, c as d` → `a.b`, `c`). */
function pyModules(line: string): string[] {
  const text = line.trim().replace(/\s+/g, ' ');
  const from = PY_FROM.exec(text);
  if (from) return [from[1]! + (from[2] ?? '')];
  const plain = PY_IMPORT.exec(text);
  return plain
    ? plain[1]!
        .split(',')
        .map((m) => m.trim().split(' ')[0]!)
        .filter((m) => /^\w[\w.]*$/.test(m))
    : [];
}

function jsImports(path: string, content: string, exists: (p: string) => boolean): string[] {
  const found: string[] = [];
  for (const m of content.matchAll(JS_SPECIFIERS)) {
    const base = joinPath(folderOf(path), m[1]!);
    if (base === undefined) continue;
    // TypeScript's ESM style names the emitted .js for a .ts file.
    const stem = base.replace(/\.(js|jsx|mjs)$/, '');
    const hit = [...JS_ENDINGS.map((e) => base + e), ...JS_ENDINGS.slice(1).map((e) => stem + e)].find(exists);
    if (hit) found.push(hit);
  }
  return found;
}

function pyImports(path: string, content: string, exists: (p: string) => boolean): string[] {
  const found: string[] = [];
  for (const line of content.split('\n')) {
    for (const mod of pyModules(line)) {
      const dots = /^\.*/.exec(mod)![0].length;
      let dir = dots ? folderOf(path) : '';
      for (let i = 1; i < dots; i++) dir = folderOf(dir);
      const rel = mod.slice(dots).replace(/\./g, '/');
      // A module from the workspace's root, or beside the importing file.
      for (const root of dots ? [dir] : ['', folderOf(path)]) {
        const base = rel ? (root ? `${root}/${rel}` : rel) : root;
        const hit = [`${base}.py`, `${base}/__init__.py`].find(exists);
        if (hit) {
          found.push(hit);
          break;
        }
      }
    }
  }
  return found;
}

/** The workspace files (among `paths`) that `file` imports, in the order it names them, without repeats. */
export function importedPaths(file: { path: string; content: string }, paths: ReadonlySet<string>): string[] {
  const exists = (p: string) => paths.has(p) && p !== file.path;
  const language = checkLanguageOfPath(file.path);
  const found =
    language === 'python'
      ? pyImports(file.path, file.content, exists)
      : language
        ? jsImports(file.path, file.content, exists)
        : [];
  return [...new Set(found)];
}
