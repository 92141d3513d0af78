/**
 * The community pack as this install keeps it: one `meta` row holding the
 * last valid pack, its ETag and hub, and when the hub was last asked (with
 * the last failure, if any). A failed check never removes the stored pack;
 * only dropping to tier 0 (or deleting all data) does.
 */
import type { CodelumiDB } from '../../db/db';
import type { StoredError } from '../../core/errors';
import { guardWrite } from '../../db/guard';
import { communityPackSchema, type CommunityPack } from '../../privacy/hub-api';

/** The `meta` key of the stored pack. */
export const PACK_KEY = 'community.pack';

/** What is kept about the community pack. */
export interface StoredPack {
  /** The last pack received and validated; absent before the first. */
  pack?: CommunityPack;
  /** The ETag it came with, sent back as If-None-Match. */
  etag?: string;
  /** The hub address it came from (another hub's ETag means nothing). */
  hubUrl?: string;
  /** When the pack itself last changed (ms). */
  receivedAt?: number;
  /** When the hub was last asked, whatever the outcome (ms). */
  checkedAt?: number;
  /** The last check's failure (`unreachable:hub`, or `refused:egress` for an address that is not a hub's); absent after a success. */
  lastError?: StoredError;
  /** The hub had no pack published yet at the last check. */
  noPackYet?: boolean;
}

/** Reads what is stored; a row that does not validate (an older or corrupt one) reads as nothing stored. */
export async function readStoredPack(db: CodelumiDB): Promise<StoredPack> {
  const value = (await db.meta.get(PACK_KEY))?.value as StoredPack | undefined;
  if (!value || typeof value !== 'object') return {};
  const pack = value.pack === undefined ? undefined : communityPackSchema.safeParse(value.pack);
  if (pack && !pack.success) {
    console.warn('Codelumi ignores a stored community pack that does not validate', pack.error);
    return { checkedAt: value.checkedAt };
  }
  return { ...value, pack: pack?.data };
}

/** Replaces what is stored. */
export async function writeStoredPack(db: CodelumiDB, stored: StoredPack): Promise<void> {
  await guardWrite(() => db.meta.put({ key: PACK_KEY, value: stored }));
}

/** Deletes the stored pack and everything known about it (tier 0 receives nothing and keeps nothing received). */
export async function deleteStoredPack(db: CodelumiDB): Promise<void> {
  await db.meta.delete(PACK_KEY);
}
