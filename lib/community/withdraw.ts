/**
 * "Withdraw and reset": the hub deletes every row this install sent (under
 * its install key), then the install gets a new key, so nothing sent later
 * can be linked to what was sent before. Allowed at any tier: it is the
 * user's explicit request. If the hub cannot be reached nothing changes here.
 */
import type { CodelumiDB } from '../db/db';
import { CodelumiError } from '../core/errors';
import { guardWrite } from '../db/guard';
import { hubFetch, type HubAccess } from '../privacy/egress';
import * as z from '../core/zod';
import { INSTALL_KEY_META, newInstallKey, readInstallKey } from './install-key';
import { SEND_TIMEOUT_MS } from './send';

const deletedSchema = z.object({ deleted: z.count() });

export interface Withdrawal {
  /** Rows the hub deleted (0 when this install never had a key, and then nothing was asked of the hub). */
  deleted: number;
  /** Batches not yet sent that were set aside (they carried the old key). */
  discarded: number;
}

/**
 * Asks the hub to delete everything sent under this install's key, then
 * replaces the key, sets aside the batches not yet sent and marks the log's
 * entries withdrawn. Throws `unreachable:hub` (nothing changed, the key stays,
 * try again) when the hub cannot be reached or does not confirm.
 */
export async function withdrawAndReset(
  db: CodelumiDB,
  access: HubAccess,
  now: number,
  fetchImpl?: typeof fetch,
): Promise<Withdrawal> {
  const key = await readInstallKey(db);
  let deleted = 0;
  if (key) {
    let response: Response;
    try {
      response = await hubFetch(
        access,
        'withdraw',
        `v1/contributions/${key}`,
        // Run under the queue's lock: a hub that never answers must not hold it (and the button) for good.
        { method: 'DELETE', signal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
        fetchImpl,
      );
    } catch (err) {
      if (err instanceof CodelumiError) throw err;
      throw new CodelumiError(
        'unreachable:hub',
        `The hub at ${access.hubUrl} could not be reached, so nothing was withdrawn yet.`,
        { cause: String(err) },
      );
    }
    const json: unknown = await response.json().catch(() => undefined);
    const parsed = deletedSchema.safeParse(json);
    if (!response.ok || !parsed.success) {
      const said = (json as { message?: unknown } | undefined)?.message;
      throw new CodelumiError(
        'unreachable:hub',
        `The hub did not confirm the withdrawal (${response.status}${typeof said === 'string' ? `: ${said}` : ''}), so nothing was withdrawn yet.`,
        { status: response.status },
      );
    }
    deleted = parsed.data.deleted;
  }
  const discarded = await guardWrite(() =>
    db.transaction('rw', [db.meta, db.contributions], async () => {
      await db.meta.put({ key: INSTALL_KEY_META, value: newInstallKey() });
      await db.contributions
        .where('status')
        .equals('sent')
        .modify((row) => {
          row.withdrawnAt ??= now;
        });
      return db.contributions
        .where('status')
        .anyOf('previewed', 'queued')
        .modify((row) => {
          row.status = 'discarded';
          delete row.nextAttemptAt;
        });
    }),
  );
  return { deleted, discarded };
}
