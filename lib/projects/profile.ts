/**
 * The project profile as the user shapes it: a fresh detection merged with
 * the user's corrections (confirm, rename, remove, add), which always win
 * over a re-scan, and the short summary of it that goes into prompts. Pure
 * functions over plain data.
 */
import type { ProfileCategory, ProfileEntry, ProjectProfile } from '../core/records';

export const CATEGORY_ORDER: readonly ProfileCategory[] = [
  'language',
  'framework',
  'library',
  'testing',
  'package-manager',
  'tooling',
  'runtime',
];

export const CATEGORY_LABEL: Record<ProfileCategory, string> = {
  language: 'Languages',
  framework: 'Frameworks',
  library: 'Libraries',
  testing: 'Testing',
  'package-manager': 'Package managers',
  tooling: 'Tooling',
  runtime: 'Runtimes',
};

/**
 * Merges a new detection into the previous profile. The user's choices win:
 * a removed entry stays removed (and hidden) while it is still detected; a
 * renamed one keeps the user's words; a confirmed or renamed one stays (marked
 * stale) when no longer detected; entries the user added are kept as they are.
 * Other detected entries are replaced by the new detection.
 */
export function mergeProfile(
  previous: ProjectProfile | undefined,
  detected: readonly ProfileEntry[],
  at: number,
): ProjectProfile {
  const before = new Map((previous?.entries ?? []).map((e) => [e.id, e]));
  const entries: ProfileEntry[] = [];
  const seen = new Set<string>();
  for (const found of detected) {
    seen.add(found.id);
    const prev = before.get(found.id);
    if (!prev || prev.origin === 'user') {
      entries.push(found);
    } else if (prev.edited) {
      // The user's name, version and detail; the scan's evidence.
      entries.push({ ...prev, evidence: found.evidence, stale: undefined });
    } else {
      entries.push({ ...found, confirmed: prev.confirmed, removed: prev.removed });
    }
  }
  for (const prev of previous?.entries ?? []) {
    if (seen.has(prev.id)) continue;
    if (prev.origin === 'user') entries.push(prev);
    else if ((prev.confirmed || prev.edited) && !prev.removed) entries.push({ ...prev, stale: true });
  }
  return { entries: sortEntries(entries), detectedAt: at };
}

/** Entries grouped in category order; within a category, detection order (strongest first), the user's additions last. */
export function sortEntries(entries: readonly ProfileEntry[]): ProfileEntry[] {
  const rank = (e: ProfileEntry) => CATEGORY_ORDER.indexOf(e.category) * 2 + (e.origin === 'user' ? 1 : 0);
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i)
    .map(({ e }) => e);
}

function change(
  profile: ProjectProfile,
  id: string,
  patch: (e: ProfileEntry) => ProfileEntry | undefined,
): ProjectProfile {
  const entries: ProfileEntry[] = [];
  for (const e of profile.entries) {
    if (e.id !== id) entries.push(e);
    else {
      const next = patch(e);
      if (next) entries.push(next);
    }
  }
  return { ...profile, entries };
}

/** Adds an entry the user wrote ("We deploy on Fly.io" as tooling). Empty names are ignored. */
export function addProfileEntry(
  profile: ProjectProfile,
  entry: { category: ProfileCategory; name: string; version?: string; detail?: string },
  id: string,
): ProjectProfile {
  const name = entry.name.trim();
  if (!name) return profile;
  const added: ProfileEntry = {
    id: `user:${id}`,
    category: entry.category,
    name,
    version: entry.version?.trim() || undefined,
    detail: entry.detail?.trim() || undefined,
    evidence: [],
    origin: 'user',
  };
  return { ...profile, entries: sortEntries([...profile.entries, added]) };
}

/** Removes an entry: one the user added is deleted; a detected one is hidden and stays hidden across re-scans. */
export function removeProfileEntry(profile: ProjectProfile, id: string): ProjectProfile {
  return change(profile, id, (e) => (e.origin === 'user' ? undefined : { ...e, removed: true, confirmed: undefined }));
}

/** Brings back a detected entry the user removed. */
export function restoreProfileEntry(profile: ProjectProfile, id: string): ProjectProfile {
  return change(profile, id, (e) => ({ ...e, removed: undefined }));
}

/** The user says a detected entry is right: it stays even if a later scan misses it. */
export function confirmProfileEntry(profile: ProjectProfile, id: string): ProjectProfile {
  return change(profile, id, (e) => ({ ...e, confirmed: true, removed: undefined }));
}

/** Renames an entry or changes its version and detail; a re-scan keeps the user's words. */
export function editProfileEntry(
  profile: ProjectProfile,
  id: string,
  fields: { name: string; version?: string; detail?: string },
): ProjectProfile {
  const name = fields.name.trim();
  if (!name) return profile;
  return change(profile, id, (e) => ({
    ...e,
    name,
    version: fields.version?.trim() || undefined,
    detail: fields.detail?.trim() || undefined,
    edited: e.origin === 'detected' ? true : undefined,
    confirmed: e.origin === 'detected' ? true : undefined,
  }));
}

/** The entries that count: everything but what the user removed. */
export function activeEntries(profile: ProjectProfile | undefined): ProfileEntry[] {
  return (profile?.entries ?? []).filter((e) => !e.removed);
}

/** "Next.js 15", "TypeScript (strict, target ES2022)". */
export function entryLabel(entry: Pick<ProfileEntry, 'name' | 'version' | 'detail'>): string {
  const head = entry.version ? `${entry.name} ${entry.version}` : entry.name;
  return entry.detail ? `${head} (${entry.detail})` : head;
}

/**
 * The stack in a few lines, one per category ("Frameworks: Next.js 15,
 * React 19"), for the prompt. Empty when nothing is known.
 */
export function profileSummary(profile: ProjectProfile | undefined): string {
  const active = activeEntries(profile);
  const lines: string[] = [];
  for (const category of CATEGORY_ORDER) {
    const inCategory = active.filter((e) => e.category === category);
    if (inCategory.length) lines.push(`${CATEGORY_LABEL[category]}: ${inCategory.map(entryLabel).join(', ')}`);
  }
  return lines.join('\n');
}
