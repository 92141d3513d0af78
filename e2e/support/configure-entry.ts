/**
 * The one seeding step nearly every browser test takes (pointing the app at
 * its fake Ollama), bundled on its own by global-setup: the full seed bundle
 * (seed-entry.ts) is twice the bytes, and parsing and running it in each
 * test's fresh page cost 0.2–0.5 s of a starved core, against 0.1 s for this.
 */
import { createDatabase } from '../../lib/db/db';
import { setSetting, type Settings } from '../../lib/db/settings';

/** Stores settings (e.g. the fake Ollama's address) through the app's settings table; resolves once written. */
export async function configure(settings: Partial<Settings>): Promise<void> {
  const db = createDatabase();
  try {
    for (const [key, value] of Object.entries(settings)) {
      await setSetting(db, key as keyof Settings, value as never);
    }
  } finally {
    db.close();
  }
}
