/**
 * Stack detection: what a project is made of, read from its files into
 * profile entries, each with the evidence it was found by. Pure: it sees
 * paths and the text of the manifest files only.
 */
import type { ProfileEntry } from '../../core/records';
import { fileName, Findings, type DetectInput } from './findings';
import { detectLanguages } from './languages';
import { detectNode } from './node';
import { detectTypeScript } from './typescript';
import { detectPython } from './python';
import { detectGo } from './go';
import { detectRust } from './rust';
import { detectJvm } from './jvm';
import { detectDocker } from './docker';
import { detectOthers } from './others';

export type { DetectInput } from './findings';

const MANIFEST_NAMES = new Set([
  'package.json',
  'pyproject.toml',
  'pipfile',
  'go.mod',
  'go.work',
  'cargo.toml',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'settings.gradle',
  'settings.gradle.kts',
  'gemfile',
  'composer.json',
  '.nvmrc',
  '.node-version',
  '.python-version',
  'containerfile',
]);

/** True for the files whose text detection reads (the rest it sees by path only). */
export function isManifest(path: string): boolean {
  const name = fileName(path).toLowerCase();
  return (
    MANIFEST_NAMES.has(name) ||
    /^tsconfig(\..+)?\.json$/.test(name) ||
    /^requirements([-_.][\w.-]+)?\.(txt|in)$/.test(name) ||
    /(^|\/)requirements\/[^/]+\.(txt|in)$/i.test(path) ||
    name === 'dockerfile' ||
    name.startsWith('dockerfile.') ||
    name.endsWith('.dockerfile') ||
    /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(name) ||
    /\.(csproj|fsproj|vbproj)$/.test(name)
  );
}

/** The stack of a project as profile entries (all `origin: 'detected'`), grouped by what found them. */
export function detectStack(input: DetectInput): ProfileEntry[] {
  const found = new Findings();
  detectLanguages(input, found);
  detectTypeScript(input, found);
  detectNode(input, found);
  detectPython(input, found);
  detectGo(input, found);
  detectRust(input, found);
  detectJvm(input, found);
  detectDocker(input, found);
  detectOthers(input, found);
  return found.list();
}
