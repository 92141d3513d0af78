/**
 * The install key: 32 random bytes made on this device ("ck_" and 43
 * base64url characters), the only thing that ties this install's batches
 * together at the hub. No account, nothing derived from the user or the
 * machine; withdrawing replaces it with a new one.
 */
import type { CodelumiDB } from '../db/db';
import { guardWrite } from '../db/guard';
import { installKeySchema } from '../privacy/hub-api';

/** Where the key is kept (the `meta` table: bookkeeping, not a setting the UI edits). */
export const INSTALL_KEY_META = 'community.installKey';

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '');
}

/** A new install key from 32 bytes of `random` (the platform's CSPRNG by default); always valid for the hub. */
export function newInstallKey(
  random: (bytes: Uint8Array) => Uint8Array = (b) => globalThis.crypto.getRandomValues(b),
): string {
  return `ck_${base64url(random(new Uint8Array(32)))}`;
}

/** The stored key, or undefined when none was made yet (or the row is not a valid key). */
export async function readInstallKey(db: CodelumiDB): Promise<string | undefined> {
  const value = (await db.meta.get(INSTALL_KEY_META))?.value;
  return installKeySchema.safeParse(value).success ? (value as string) : undefined;
}

/** The stored key, made and stored first when there is none; tabs racing here agree on one key. */
export async function ensureInstallKey(db: CodelumiDB): Promise<string> {
  return guardWrite(() =>
    db.transaction('rw', db.meta, async () => {
      const existing = await readInstallKey(db);
      if (existing) return existing;
      const key = newInstallKey();
      await db.meta.put({ key: INSTALL_KEY_META, value: key });
      return key;
    }),
  );
}
