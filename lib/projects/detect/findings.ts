/**
 * What the detectors found, merged by entry id: the same framework seen in
 * three package.json files of a monorepo is one entry with three pieces of
 * evidence.
 */
import type { ProfileCategory, ProfileEntry } from '../../core/records';

/** What detection reads: every path of the project, and the text of the manifest files among them. */
export interface DetectInput {
  paths: readonly string[];
  /** The text of a file, or undefined when it is not available (not a manifest, not indexed). */
  read(path: string): string | undefined;
}

/** A package a detector knows, and the entry it makes. */
export interface KnownPackage {
  category: ProfileCategory;
  /** Entry key: packages naming one thing share it ("prisma" and "@prisma/client"). */
  key: string;
  name: string;
}

const MAX_EVIDENCE = 6;

export class Findings {
  private readonly entries = new Map<string, ProfileEntry>();

  /** Adds (or adds evidence to) the entry `<category>:<key>`. The first version and detail seen are kept. */
  add(
    category: ProfileCategory,
    key: string,
    fields: { name: string; version?: string; detail?: string; evidence: string },
  ): void {
    const id = `${category}:${key}`;
    const existing = this.entries.get(id);
    if (!existing) {
      this.entries.set(id, {
        id,
        category,
        name: fields.name,
        version: fields.version,
        detail: fields.detail,
        evidence: [fields.evidence],
        origin: 'detected',
      });
      return;
    }
    existing.version ??= fields.version;
    existing.detail ??= fields.detail;
    if (!existing.evidence.includes(fields.evidence) && existing.evidence.length < MAX_EVIDENCE)
      existing.evidence.push(fields.evidence);
  }

  /** Adds a known package, if it is one. */
  addPackage(known: KnownPackage | undefined, version: string | undefined, evidence: string): void {
    if (known) this.add(known.category, known.key, { name: known.name, version, evidence });
  }

  /** Appends a qualifier to an entry's detail ("42 files" + "strict, target ES2022"). */
  addDetail(category: ProfileCategory, key: string, detail: string): void {
    const entry = this.entries.get(`${category}:${key}`);
    if (!entry || !detail) return;
    entry.detail = entry.detail ? `${entry.detail}; ${detail}` : detail;
  }

  has(category: ProfileCategory, key: string): boolean {
    return this.entries.has(`${category}:${key}`);
  }

  list(): ProfileEntry[] {
    return [...this.entries.values()];
  }
}

/**
 * The version worth saying from a version spec: the major ("^15.1.0" → "15"),
 * or major.minor below 1 ("0.6.4" → "0.6"); undefined for tags, ranges of
 * workspaces, git URLs and the like.
 */
export function shortVersion(spec: string | undefined): string | undefined {
  if (!spec || /^(workspace|file|link|git|github|http|https|npm):/.test(spec) || spec.includes('/')) return undefined;
  const m = /(\d+)(?:\.(\d+))?/.exec(spec);
  if (!m) return undefined;
  return m[1] === '0' && m[2] !== undefined ? `0.${m[2]}` : m[1];
}

/** The last segment of a path. */
export function fileName(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? path : path.slice(i + 1);
}

export { folderOf } from '../../core/paths';

/** Paths whose file name matches. */
export function pathsNamed(paths: readonly string[], test: (name: string) => boolean): string[] {
  return paths.filter((p) => test(fileName(p)));
}

/** Root-most first, so the top-level manifest speaks first. */
export function byDepth(a: string, b: string): number {
  return a.split('/').length - b.split('/').length || a.localeCompare(b);
}
