/**
 * Turns the browser's storage failures into CodelumiErrors the UI can explain.
 * A write the browser refuses for quota is rolled back by IndexedDB, so the
 * data stored before it stays intact; the caller keeps what it tried to save.
 */
import { CodelumiError } from '../core/errors';

function isQuotaError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const name = (e as { name?: string }).name;
    if (name === 'QuotaExceededError' || name === 'QuotaExceeded') return true;
    e = (e as { inner?: unknown; cause?: unknown }).inner ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Maps a storage error to `quota:db` / `unavailable:db`; other errors pass through unchanged. */
export function toStorageError(err: unknown): unknown {
  if (err instanceof CodelumiError) return err;
  if (isQuotaError(err)) {
    return new CodelumiError('quota:db', 'The browser refused to store more data: storage is full.', {
      cause: String((err as Error)?.message ?? err),
    });
  }
  const name = (err as { name?: string })?.name;
  if (
    name === 'OpenFailedError' ||
    name === 'MissingAPIError' ||
    name === 'DatabaseClosedError' ||
    name === 'InvalidStateError'
  ) {
    return new CodelumiError('unavailable:db', 'Codelumi could not open its local database.', {
      cause: String((err as Error)?.message ?? err),
    });
  }
  return err;
}

/** Runs a database write and rethrows storage failures as CodelumiErrors. */
export async function guardWrite<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    throw toStorageError(err);
  }
}
