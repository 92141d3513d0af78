/**
 * "Delete all data" across tabs. The tab that deletes tells the app's other
 * tabs first (a BroadcastChannel); each of them, and any tab whose connection
 * sees the database deleted anyway (IndexedDB's versionchange, the path that
 * needs no message), lets go of it for good: its background stops (forgetting,
 * the analysis worker, the sandbox, listeners), answers streaming in it are
 * stopped, the connection closes without reopening (lib/db/deleted.ts), and
 * `deletedElsewhere` turns true so the page can say so and offer a reload.
 * Until that reload nothing of the tab writes the database again, so the
 * wipe is not undone by a tab that was left open.
 */
import type { CodelumiDB } from '../db/db';
import { newId } from '../core/ids';
import { Store, type Readable } from '../core/store';
import { closeForGoodWhenDeleted } from '../db/deleted';
import type { Platform } from './platform';

/** The channel the app's tabs hear about "Delete all data" on. */
export const DATA_CHANNEL = 'codelumi:data';

/** The one message on it: a tab is deleting all data now. */
interface WipeMessage {
  kind: 'deleting-all-data';
  /** The tab sending it, which ignores its own message. */
  from: string;
}

const isWipeMessage = (data: unknown): data is WipeMessage =>
  typeof data === 'object' && data !== null && (data as WipeMessage).kind === 'deleting-all-data';

/** One tab's side of "Delete all data": telling the others, and hearing of it from them. */
export class DataWipe {
  /** Tells this tab's messages from other tabs' (a channel may hear its own tab through another channel object). */
  private readonly tab = newId();
  private readonly deleted = new Store(false);
  /** True once another tab deleted all data (or the database was deleted under this tab): the page offers a reload. */
  readonly deletedElsewhere: Readable<boolean> = this.deleted;

  constructor(private readonly platform: Platform) {}

  /** Tells the app's other tabs that this one deletes all data now; they let go of the database at once. */
  announce(): void {
    const channel = this.platform.openChannel(DATA_CHANNEL);
    if (!channel) return;
    // The message is queued for every other tab when posted; closing right after does not withdraw it.
    channel.postMessage({ kind: 'deleting-all-data', from: this.tab } satisfies WipeMessage);
    channel.close();
  }

  /**
   * Until the returned function is called: when another tab announces a wipe
   * or `db` is deleted under this tab, closes `db` for good, calls `stop`
   * (which stops the tab's use of it) and sets `deletedElsewhere`.
   */
  follow(db: CodelumiDB, stop: () => void): () => void {
    let done = false;
    const letGo = () => {
      if (done) return;
      done = true;
      db.close();
      stop();
      this.deleted.set(true);
    };
    const unwatch = closeForGoodWhenDeleted(db, letGo);
    const channel = this.platform.openChannel(DATA_CHANNEL);
    const onMessage = (event: MessageEvent) => {
      if (isWipeMessage(event.data) && event.data.from !== this.tab) letGo();
    };
    channel?.addEventListener('message', onMessage);
    return () => {
      unwatch();
      channel?.removeEventListener('message', onMessage);
      channel?.close();
    };
  }
}
