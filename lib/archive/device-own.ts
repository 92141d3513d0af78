/**
 * What an archive never carries from one device (or one past) to this one:
 * the device's privacy state. A restored backup must not raise the privacy
 * tier or point sharing at another hub, and it must not bring the install
 * key, the received community pack or the contributions: another device's
 * batches must not be sent from here, nor its log of bytes sent become this
 * device's (a withdrawal marks the log). These rows are exported (a backup
 * holds everything) but left out of an import, and a replace keeps this
 * device's own. Where the backup's batches ended does come along
 * (`coveredThrough`), so what its device already sent is not sent again.
 */
import type { CodelumiDB } from '../db/db';
import type { ArchiveTable } from './format';

type Row = Record<string, unknown>;

/** Settings that are this device's privacy choices (lib/db/settings.ts). */
const DEVICE_SETTINGS = new Set(['privacyTier', 'hubUrl', 'privacyTierOffered']);
/** The install key, the received pack and the pack's bookkeeping (lib/community). */
const isDeviceMeta = (key: unknown) => typeof key === 'string' && key.startsWith('community.');

/** Whether `row` of table `t` is this device's own and so never imported. */
export function isDeviceOwn(t: ArchiveTable, row: Row): boolean {
  if (t === 'settings') return DEVICE_SETTINGS.has(String(row.key));
  if (t === 'meta') return isDeviceMeta(row.key);
  return t === 'contributions';
}

/** This device's own rows of the tables a replace empties, to put back after it (inside its transaction). */
export async function readDeviceOwn(db: CodelumiDB): Promise<{ settings: Row[]; meta: Row[]; contributions: Row[] }> {
  return {
    settings: (await db.settings.toArray()).filter((r) => DEVICE_SETTINGS.has(r.key)) as unknown as Row[],
    meta: (await db.meta.toArray()).filter((r) => isDeviceMeta(r.key)) as unknown as Row[],
    contributions: (await db.contributions.toArray()) as unknown as Row[],
  };
}

/** The end of the newest batch among an archive's contributions (0 when it has none). */
export function coveredThrough(rows: readonly Row[]): number {
  let through = 0;
  for (const row of rows) {
    const to = (row.covers as { to?: unknown } | undefined)?.to;
    if (typeof to === 'number' && to > through) through = to;
  }
  return through;
}
