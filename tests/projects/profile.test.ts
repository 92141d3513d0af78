import { describe, expect, it } from 'vitest';
import type { ProfileEntry } from '@/lib/core/records';
import {
  activeEntries,
  addProfileEntry,
  confirmProfileEntry,
  editProfileEntry,
  mergeProfile,
  profileSummary,
  removeProfileEntry,
  restoreProfileEntry,
} from '@/lib/projects/profile';

const detected = (id: string, name: string, extra: Partial<ProfileEntry> = {}): ProfileEntry => ({
  id,
  category: id.split(':')[0] as ProfileEntry['category'],
  name,
  evidence: [`package.json: ${name}`],
  origin: 'detected',
  ...extra,
});

const first = [
  detected('framework:next', 'Next.js', { version: '15' }),
  detected('framework:express', 'Express'),
  detected('testing:jest', 'Jest'),
  detected('library:zod', 'Zod'),
];

describe('the profile the user corrects', () => {
  it('keeps every correction across a re-scan: removed stays removed, renamed keeps its words, confirmed and added stay', () => {
    let profile = mergeProfile(undefined, first, 1);
    profile = removeProfileEntry(profile, 'framework:express');
    profile = editProfileEntry(profile, 'framework:next', { name: 'Next.js (App Router)', version: '15' });
    profile = confirmProfileEntry(profile, 'testing:jest');
    profile = addProfileEntry(profile, { category: 'tooling', name: 'Fly.io', detail: 'deploys' }, 'u1');

    // The next scan finds the same things, a newer Next.js, and no Jest and no Zod anymore.
    const rescanned = mergeProfile(
      profile,
      [
        detected('framework:next', 'Next.js', { version: '16', evidence: ['package.json: next ^16'] }),
        detected('framework:express', 'Express'),
      ],
      2,
    );
    const byId = new Map(rescanned.entries.map((e) => [e.id, e]));
    expect(byId.get('framework:express')).toMatchObject({ removed: true });
    expect(byId.get('framework:next')).toMatchObject({
      name: 'Next.js (App Router)',
      version: '15',
      edited: true,
      evidence: ['package.json: next ^16'],
    });
    expect(byId.get('testing:jest')).toMatchObject({ confirmed: true, stale: true });
    expect(byId.has('library:zod')).toBe(false);
    expect(byId.get('user:u1')).toMatchObject({ name: 'Fly.io', detail: 'deploys', origin: 'user' });
    expect(rescanned.detectedAt).toBe(2);
    expect(activeEntries(rescanned).map((e) => e.id)).toEqual(['framework:next', 'testing:jest', 'user:u1']);
  });

  it('forgets a removal once the thing is no longer detected, and can restore one', () => {
    let profile = removeProfileEntry(mergeProfile(undefined, first, 1), 'library:zod');
    expect(
      restoreProfileEntry(profile, 'library:zod').entries.find((e) => e.id === 'library:zod')!.removed,
    ).toBeUndefined();
    profile = mergeProfile(
      profile,
      first.filter((e) => e.id !== 'library:zod'),
      2,
    );
    expect(profile.entries.some((e) => e.id === 'library:zod')).toBe(false);
  });

  it('deletes an entry the user added when they remove it; ignores empty names', () => {
    let profile = addProfileEntry({ entries: [], detectedAt: 0 }, { category: 'library', name: '  ' }, 'x');
    expect(profile.entries).toEqual([]);
    profile = addProfileEntry(profile, { category: 'library', name: 'htmx' }, 'h');
    expect(removeProfileEntry(profile, 'user:h').entries).toEqual([]);
    expect(editProfileEntry(profile, 'user:h', { name: '' }).entries[0].name).toBe('htmx');
  });

  it('summarizes the stack one category per line, without removed entries', () => {
    let profile = mergeProfile(
      undefined,
      [detected('language:typescript', 'TypeScript', { detail: '12 files; strict' }), ...first],
      1,
    );
    profile = removeProfileEntry(profile, 'framework:express');
    expect(profileSummary(profile)).toBe(
      ['Languages: TypeScript (12 files; strict)', 'Frameworks: Next.js 15', 'Libraries: Zod', 'Testing: Jest'].join(
        '\n',
      ),
    );
    expect(profileSummary(undefined)).toBe('');
  });
});
