/** An export's or import's progress and outcome in words, for the Settings page. */
import { ARCHIVE_EXTENSION, type ArchiveProgress } from './format';
import type { ImportReport } from './restore';

const n = (x: number) => x.toLocaleString('en');
const sum = (counts: Partial<Record<string, number>>) =>
  Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);

/** How far along (0..1) the work is; phases weigh alike, so the bar never goes back. */
export function progressShare(p: ArchiveProgress): number {
  return p.total > 0 ? Math.min(1, p.done / p.total) : 0;
}

/** "Reading the database: 12,000 of 100,000 rows", "Reading the file: 40 %". */
export function progressText(p: ArchiveProgress): string {
  const what = {
    reading: p.unit === 'rows' ? 'Reading the database' : 'Reading and checking the file',
    compressing: 'Compressing',
    upgrading: 'Upgrading an older archive',
    writing: 'Writing',
  }[p.phase];
  if (p.unit === 'bytes') return `${what}: ${Math.round(progressShare(p) * 100)} %`;
  return `${what}: ${n(p.done)} of ${n(p.total)} rows`;
}

/** What an import did: "5,210 rows added, 3 updated, 40 already here (kept)." plus what to know next. */
export function importSummary(report: ImportReport): string {
  const added = sum(report.added);
  const updated = sum(report.updated);
  const kept = sum(report.kept);
  const parts = [`${n(added)} ${added === 1 ? 'row' : 'rows'} added`];
  if (report.mode === 'merge') parts.push(`${n(updated)} updated`, `${n(kept)} already here (kept)`);
  let text = `${report.mode === 'replace' ? 'Restored' : 'Merged'}: ${parts.join(', ')}.`;
  if (report.upgraded)
    text += ` The archive came from an older Codelumi (database version ${report.fromVersion}) and was upgraded.`;
  if (!report.projectFiles)
    text += ' It had no project file contents: re-scan or upload a project to index its files again.';
  return text;
}

/** The suggested file name: codelumi-backup-2026-12-05.codelumi.jsonl.gz (the local date). */
export function archiveFileName(at: Date): string {
  const pad = (x: number) => String(x).padStart(2, '0');
  return `codelumi-backup-${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}${ARCHIVE_EXTENSION}`;
}
