/** Reading the community pack the hub serves. */
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

/** The pack's entity tag: it changes exactly when a new version is published. */
export const packEtag = (pack: CommunityPack) => `"pack-v${pack.version}"`;

/** Whether an If-None-Match header names `etag` (a list, weak tags and `*` included). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}
