/** Reading the community pack the hub serves. */
import { createHash } from 'node:crypto';
import type { CommunityPack } from '../lib/privacy/hub-api';
import type { Queryable } from './db/db';

/** The newest published pack, or undefined before the first one. */
export async function latestPack(db: Queryable): Promise<CommunityPack | undefined> {
  const [row] = await db.query<{ body: CommunityPack | string }>(
    'SELECT body FROM packs ORDER BY version DESC LIMIT 1',
  );
  if (!row) return undefined;
  return typeof row.body === 'string' ? (JSON.parse(row.body) as CommunityPack) : row.body;
}

/**
 * The pack's entity tag: its version and a hash of its content, so it changes
 * with every pack published, also when a hub started afresh publishes a
 * different pack under a version number it used before.
 */
export const packEtag = (pack: CommunityPack) =>
  `"pack-v${pack.version}-${createHash('sha256').update(JSON.stringify(pack)).digest('base64url').slice(0, 16)}"`;

/** Whether an If-None-Match header names `etag` (a list, weak tags and `*` included). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}
