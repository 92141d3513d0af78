/**
 * How much Codelumi keeps in this browser and whether the browser promised to
 * keep it: persistent storage, usage and quota (navigator.storage), with a
 * cheap breakdown (the browser's own split, and row counts per table).
 */
import type { TableCount } from '../db/table-counts';

export type { TableCount };

/** The part of StorageManager used here (injected, so tests pass a fake). */
export interface StorageLike {
  persisted?(): Promise<boolean>;
  persist?(): Promise<boolean>;
  estimate?(): Promise<StorageEstimate & { usageDetails?: Record<string, number> }>;
}

export type Persistence = 'granted' | 'not-granted' | 'unsupported';

export interface StorageReport {
  persistence: Persistence;
  /** Bytes this site uses, when the browser tells. */
  usage?: number;
  /** Bytes this site may use, when the browser tells. */
  quota?: number;
  /** The browser's split of usage (Chromium: indexedDB, caches, serviceWorkerRegistrations). */
  details: Record<string, number>;
  tables: TableCount[];
}

/** Whether the browser promised to keep this site's data. Never throws. */
export async function readPersistence(storage: StorageLike | undefined): Promise<Persistence> {
  if (!storage?.persisted) return 'unsupported';
  try {
    return (await storage.persisted()) ? 'granted' : 'not-granted';
  } catch {
    return 'unsupported';
  }
}

/**
 * Asks the browser to keep this site's data even when space runs low. Chromium
 * decides by itself (an installed app is granted); Firefox asks the user.
 * Never throws.
 */
export async function requestPersistence(storage: StorageLike | undefined): Promise<Persistence> {
  if (!storage?.persist) return 'unsupported';
  try {
    return (await storage.persist()) ? 'granted' : 'not-granted';
  } catch {
    return 'not-granted';
  }
}

/** Reads usage, quota, persistence and the row counts. Never throws: what the browser does not tell is left out. */
export async function readStorageReport(
  storage: StorageLike | undefined,
  countRows: () => Promise<TableCount[]>,
): Promise<StorageReport> {
  const [persistence, estimate, tables] = await Promise.all([
    readPersistence(storage),
    storage?.estimate ? storage.estimate().catch(() => undefined) : Promise.resolve(undefined),
    countRows().catch(() => [] as TableCount[]),
  ]);
  return {
    persistence,
    usage: estimate?.usage,
    quota: estimate?.quota,
    details: { ...(estimate?.usageDetails ?? {}) },
    tables,
  };
}

/** Words for the parts of the browser's usage split. */
const DETAIL_LABELS: Record<string, string> = {
  indexedDB: 'Conversations, memory and settings',
  caches: 'App files for offline use',
  serviceWorkerRegistrations: 'Offline worker',
  fileSystem: 'Files',
};

/** The usage split as labelled parts, largest first, leaving out empty ones. */
export function usageParts(details: Record<string, number>): { label: string; bytes: number }[] {
  return Object.entries(details)
    .filter(([, bytes]) => bytes > 0)
    .map(([key, bytes]) => ({ label: DETAIL_LABELS[key] ?? key, bytes }))
    .sort((a, b) => b.bytes - a.bytes);
}

/** Share of the quota in use, 0..1 (0 when unknown). */
export function usageShare(report: Pick<StorageReport, 'usage' | 'quota'>): number {
  if (!report.usage || !report.quota) return 0;
  return Math.min(1, report.usage / report.quota);
}
