/**
 * Helpers the project specs share: a small repository written to a temp
 * folder (with the junk a real checkout has: a .gitignore, node_modules,
 * binaries, a lockfile), and the parts of the Projects page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';

/** The text files of the demo repository that should be indexed. */
export const DEMO_TEXT_FILES: Record<string, string> = {
  '.gitignore': 'node_modules/\n*.log\nsecrets/\n!keep.log\n',
  'package.json': JSON.stringify(
    {
      name: 'demo-app',
      private: true,
      scripts: { test: 'vitest run' },
      dependencies: { next: '^15.1.0', react: '^19.0.0', express: '^4.21.0' },
      devDependencies: { typescript: '^5.6.0', vitest: '^2.1.0' },
    },
    null,
    2,
  ),
  'tsconfig.json':
    '{\n  // strict everywhere\n  "compilerOptions": { "strict": true, "target": "ES2022", "module": "ESNext" }\n}\n',
  Dockerfile: 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\n',
  'README.md': '# Demo app\n',
  'keep.log': 'this log is kept on purpose\n',
  'src/app.tsx':
    'import { formatPrice } from "./utils/format";\n\nexport default function App() {\n  return <p>{formatPrice(1999)}</p>;\n}\n',
  'src/utils/format.ts':
    'export function formatPrice(cents: number): string {\n  return `€${(cents / 100).toFixed(2)} (formatted by demo-app)`;\n}\n',
  'src/utils/formula.ts': 'export const area = (r: number) => Math.PI * r * r;\n',
};

/** Everything in the demo repository: the text files plus what a scan must skip. */
function demoRepo(): Record<string, string | Uint8Array> {
  return {
    ...DEMO_TEXT_FILES,
    'package-lock.json': '{ "lockfileVersion": 3 }\n',
    'debug.log': 'ignored by *.log\n',
    'secrets/token.txt': 'ignored folder\n',
    'node_modules/react/index.js': 'module.exports = {};\n',
    'node_modules/react/package.json': '{ "name": "react" }\n',
    'public/logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    'data/records.idx': new Uint8Array([0x01, 0x02, 0x00, 0x00, 0x41, 0x42]),
  };
}

/** Writes the demo repository to a new temp folder named `demo-app` and returns its path. */
export function writeDemoRepo(): string {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'codelumi-project-')), 'demo-app');
  for (const [rel, content] of Object.entries(demoRepo())) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

/** Removes a temp repository written by `writeDemoRepo`. */
export function removeDemoRepo(root: string): void {
  fs.rmSync(path.dirname(root), { recursive: true, force: true });
}

/** A project's card on the Projects page. */
export const projectCard = (page: Page, name: string): Locator =>
  page.locator('article[data-project-id]').filter({ has: page.getByRole('heading', { name, exact: true }) });

/** A stack entry of a card, by its id ("framework:next"). */
export const stackEntry = (card: Locator, id: string): Locator => card.locator(`li[data-entry-id="${id}"]`);
