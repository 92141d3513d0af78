/**
 * Receiving the community pack (tier 1 and above): a conditional GET of
 * /v1/pack through the one egress gate, at most once a day unless the user
 * asks, validated before it replaces what is stored. A failure is recorded
 * (as `unreachable:hub`) and never costs the pack already stored; at tier 0
 * nothing is asked and the stored pack is deleted.
 */
import type { CodelumiDB } from '../../db/db';
import { CodelumiError, isCodelumiError } from '../../core/errors';
import { hubFetch, type HubAccess } from '../../privacy/egress';
import { communityPackSchema, hubErrorSchema, type CommunityPack } from '../../privacy/hub-api';
import { tierAllows } from '../../privacy/tiers';
import { getSettings } from '../../db/settings';
import { guardWrite } from '../../db/guard';
import { deleteStoredPack, PACK_KEY, readStoredPack, type StoredPack } from './store';

/** The pack is asked for at most this often, unless the user asks (Settings → Check now). */
export const PACK_CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;
/** How long the hub has to answer. */
const PACK_TIMEOUT_MS = 15_000;

export type PackSyncOutcome =
  /** The tier receives nothing: nothing was asked, and the stored pack is gone. */
  | { status: 'off' }
  /** Checked less than a day ago; `nextAt` is when the next check is due. */
  | { status: 'not_due'; nextAt: number }
  /** A new pack was received and stored. */
  | { status: 'updated'; pack: CommunityPack }
  /** The hub's pack is the one stored (304). */
  | { status: 'unchanged' }
  /** The hub has not published a pack yet (404 no_pack). */
  | { status: 'no_pack' }
  /** The check failed; the stored pack (if any) stays. */
  | { status: 'failed'; error: CodelumiError };

export interface PackSyncOptions {
  now: number;
  /** Ask even when the last check was less than a day ago (the user's "Check now"). */
  force?: boolean;
  fetchImpl?: typeof fetch;
}

/** Checks the hub for a new community pack when one is due (or `force`); see the module comment for what it guarantees. */
export async function syncPack(db: CodelumiDB, access: HubAccess, options: PackSyncOptions): Promise<PackSyncOutcome> {
  if (!tierAllows(access.privacyTier, 'pack')) {
    await deleteStoredPack(db);
    return { status: 'off' };
  }
  const { now } = options;
  // The caller's tier may be older than the one stored: if the stored tier is now one that receives nothing (lowered
  // before or while the hub answers), what comes back is not kept (lowering the tier deleted the pack; keeping
  // nothing received must stay true).
  const keep = (value: StoredPack) =>
    guardWrite(() =>
      db.transaction('rw', [db.settings, db.meta], async () => {
        const tierNow = (await getSettings(db)).privacyTier;
        if (tierNow < access.privacyTier && !tierAllows(tierNow, 'pack')) return;
        await db.meta.put({ key: PACK_KEY, value });
      }),
    );
  const stored = await readStoredPack(db);
  const sameHub = stored.hubUrl === access.hubUrl;
  if (!options.force && sameHub && stored.checkedAt !== undefined && now - stored.checkedAt < PACK_CHECK_INTERVAL_MS) {
    return { status: 'not_due', nextAt: stored.checkedAt + PACK_CHECK_INTERVAL_MS };
  }
  // Another hub's ETag says nothing about this one's pack.
  const etag = sameHub && stored.pack ? stored.etag : undefined;

  const fail = async (error: CodelumiError): Promise<PackSyncOutcome> => {
    await keep({ ...stored, checkedAt: now, lastError: error.toJSON() });
    return { status: 'failed', error };
  };

  let res: Response;
  try {
    res = await hubFetch(
      access,
      'pack',
      'v1/pack',
      { headers: etag ? { 'If-None-Match': etag } : {}, signal: AbortSignal.timeout(PACK_TIMEOUT_MS) },
      options.fetchImpl,
    );
  } catch (err) {
    if (isCodelumiError(err)) return fail(err);
    return fail(
      new CodelumiError('unreachable:hub', `No answer from the hub at ${access.hubUrl}.`, { cause: String(err) }),
    );
  }

  const checked: StoredPack = { ...stored, checkedAt: now, lastError: undefined, noPackYet: false };
  if (res.status === 304 && stored.pack) {
    await keep(checked);
    return { status: 'unchanged' };
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (res.status === 404 && hubErrorSchema.safeParse(body).data?.error === 'no_pack') {
    // This hub has nothing yet; a pack from another hub is not this one's.
    await keep(sameHub ? { ...checked, noPackYet: true } : { checkedAt: now, hubUrl: access.hubUrl, noPackYet: true });
    return { status: 'no_pack' };
  }
  if (res.status !== 200) {
    const said = hubErrorSchema.safeParse(body);
    return fail(
      new CodelumiError(
        'unreachable:hub',
        `The hub at ${access.hubUrl} answered ${res.status}${said.success ? ` (${said.data.message})` : ''}.`,
        { status: res.status },
      ),
    );
  }
  const pack = communityPackSchema.safeParse(body);
  if (!pack.success) {
    return fail(
      new CodelumiError(
        'unreachable:hub',
        `The hub at ${access.hubUrl} sent a pack Codelumi cannot read; the one kept stays.`,
        {
          cause: pack.error.message,
        },
      ),
    );
  }
  await keep({
    pack: pack.data,
    etag: res.headers.get('ETag') ?? undefined,
    hubUrl: access.hubUrl,
    receivedAt: now,
    checkedAt: now,
  });
  return { status: 'updated', pack: pack.data };
}
