/** Which workspace files a file imports (lib/planner/imports.ts), read from its text. */
import { describe, expect, it } from 'vitest';
import { importedPaths } from '@/lib/planner/imports';

const workspace = new Set([
  'src/a.ts',
  'src/lib/b.ts',
  'src/c/index.js',
  'util.py',
  'pkg/__init__.py',
  'pkg/mod.py',
  'pkg/sub.py',
]);

describe('importedPaths', () => {
  it('follows relative JS/TS imports, requires and re-exports, with or without an extension', () => {
    const file = {
      path: 'src/main.ts',
      content:
        "import { a } from './a';\nexport * from './lib/b.js';\nconst c = require('./c');\nimport x from 'react';\nimport('../outside');",
    };
    expect(importedPaths(file, workspace)).toEqual(['src/a.ts', 'src/lib/b.ts', 'src/c/index.js']);
  });

  it('follows Python imports from the workspace root, beside the file, and relative ones', () => {
    const file = {
      path: 'pkg/main.py',
      content: 'import util\nfrom pkg import mod\nfrom .sub import f\nimport os, json as j\n',
    };
    expect(importedPaths(file, workspace)).toEqual(['util.py', 'pkg/__init__.py', 'pkg/sub.py']);
  });
});
