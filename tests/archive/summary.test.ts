/** The Backup section's words for progress and outcomes (lib/archive/summary.ts). */
import { describe, expect, it } from 'vitest';
import { archiveFileName, importSummary, progressShare, progressText } from '@/lib/archive/summary';

describe('archive words', () => {
  it('says rows for the database and a percentage for the file', () => {
    expect(progressText({ phase: 'reading', done: 12_000, total: 100_000, unit: 'rows' })).toBe(
      'Reading the database: 12,000 of 100,000 rows',
    );
    expect(progressText({ phase: 'reading', done: 1, total: 4, unit: 'bytes' })).toBe(
      'Reading and checking the file: 25 %',
    );
    expect(progressShare({ phase: 'writing', done: 5, total: 0, unit: 'rows' })).toBe(0);
  });

  it('sums a merge by what it did and says what an old archive without project files means', () => {
    const text = importSummary({
      mode: 'merge',
      added: { messages: 1000, conversations: 10 },
      updated: { memories: 2 },
      kept: { settings: 12 },
      fromVersion: 4,
      upgraded: true,
      projectFiles: false,
    });
    expect(text).toBe(
      'Merged: 1,010 rows added, 2 updated, 12 already here (kept). The archive came from an older Codelumi (database version 4) and was upgraded. It had no project file contents: re-scan or upload a project to index its files again.',
    );
  });

  it('names the file by the local date', () => {
    expect(archiveFileName(new Date(2026, 0, 5, 23, 59))).toBe('codelumi-backup-2026-01-05.codelumi.jsonl.gz');
  });
});
