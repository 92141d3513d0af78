/**
 * The settings as the tab's services see them, kept in step with IndexedDB
 * (this tab's writes and other tabs') while followed. Replaces a value that
 * the React tree used to write into a module variable during render.
 */
import { liveQuery } from 'dexie';
import type { CodelumiDB } from '../db/db';
import { DEFAULT_SETTINGS, getSettings, type Settings } from '../db/settings';
import { Store, type Readable } from '../core/store';

/** Two reads of the settings are the same when every value is: unrelated writes do not make a new object. */
function sameSettings(a: Settings | undefined, b: Settings | undefined): boolean {
  return a === b || (!!a && !!b && JSON.stringify(a) === JSON.stringify(b));
}

/** The stored settings, live; undefined until read the first time. */
export class LiveSettings {
  private readonly store = new Store<Settings | undefined>(undefined, sameSettings);
  /** The settings (undefined until read); the same object until a value really changes (for useStore). */
  readonly state: Readable<Settings | undefined> = this.store;

  /** The settings as last read, the defaults until then. */
  current(): Settings {
    return this.store.get() ?? DEFAULT_SETTINGS;
  }

  /**
   * Shows `key` as `value` at once, while its write is on the way: a control
   * the user just changed answers in the same frame instead of springing back
   * until the database's change is read back (which confirms it). After a
   * failed write, `reread` puts back what is stored.
   */
  showSaving<K extends keyof Settings>(key: K, value: Settings[K]): void {
    const now = this.store.get();
    if (now) this.store.set({ ...now, [key]: value });
  }

  /** Reads the stored settings again (after a write that failed, so a value shown by `showSaving` goes). */
  async reread(db: CodelumiDB): Promise<void> {
    this.store.set(await getSettings(db));
  }

  /** Follows the stored settings until the returned function is called. */
  follow(db: CodelumiDB): () => void {
    const subscription = liveQuery(() => getSettings(db)).subscribe({
      next: (settings) => this.store.set(settings),
      // Reading settings fails only when the database itself does; the last read (or the defaults) stand.
      error: (err: unknown) => console.error('Codelumi could not read its settings', err),
    });
    return () => subscription.unsubscribe();
  }
}
