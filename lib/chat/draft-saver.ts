/**
 * The composer's draft, saved shortly after each change so a reload or a
 * refused send never loses what the user typed. Framework-free: the
 * composer's hook (app/_hooks/use-draft.ts) only subscribes to `state`.
 */
import type { CodelumiDB } from '../db/db';
import { loadDraft, saveDraft } from '../db/drafts';
import { isCodelumiError } from '../core/errors';
import { Store, type Readable } from '../core/store';

/** Where drafts are kept (IndexedDB in the app; anything in tests). */
export interface DraftStorage {
  load(key: string): Promise<string>;
  /** Stores the text (empty removes it); rejects when storage refuses. */
  save(key: string, text: string): Promise<void>;
}

/** The tab's drafts in its database. */
export function draftsIn(db: CodelumiDB): DraftStorage {
  return { load: (key) => loadDraft(db, key), save: (key, text) => saveDraft(db, key, text) };
}

/** What the composer shows. */
export interface DraftState {
  /** The text in the box. */
  text: string;
  /** The stored draft of the current key has been read. */
  loaded: boolean;
  /** The last save was refused because storage is full (the text stays in the box). */
  storageFull: boolean;
}

/** Runs `run` after `ms`; returns the function that cancels it. */
export type Schedule = (run: () => void, ms: number) => () => void;

const afterTimeout: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

/** How long typing must pause before the draft is saved. */
export const DRAFT_SAVE_DELAY_MS = 300;

/**
 * One composer's draft. `open(key)` loads the draft of `key` (keeping anything
 * typed while it loads); each change is saved `delayMs` after typing pauses,
 * and at once on `flush` (send, leaving the page, switching key). A save that
 * storage refuses keeps the text unsaved, so the next change or flush tries
 * again; the newest text is always the one written.
 */
export class DraftSaver {
  private readonly store = new Store<DraftState>({ text: '', loaded: false, storageFull: false });
  /** What the composer shows (for useStore). */
  readonly state: Readable<DraftState> = this.store;
  /** The text waiting to be saved under `key` (dirty until a save of it is started). */
  private pending = { key: '', text: '', dirty: false };
  /**
   * The box was typed in or emptied since `open` (or, before the first `open`, typed in): the stored draft, read
   * since, no longer replaces its text.
   */
  private edited = false;
  /** `open` was called: before, there is no key to save under. */
  private opened = false;
  private cancelTimer: (() => void) | undefined;

  constructor(
    private readonly drafts: DraftStorage,
    private readonly schedule: Schedule = afterTimeout,
    private readonly delayMs = DRAFT_SAVE_DELAY_MS,
  ) {}

  /** Starts editing the draft of `key`; returns the function that saves what is unsaved and lets the key go. */
  open(key: string): () => void {
    let closed = false;
    // Text typed before the first open is this key's: a box on screen before its draft is opened (as an effect
    // opening it after the commit that shows the box leaves it) must not lose what was typed there.
    const shown = this.store.get().text;
    const typedBefore = !this.opened && this.edited && shown !== '';
    this.opened = true;
    // Nothing of the key left stays in the box while this key's draft loads (typing at once would add to it).
    this.patch(typedBefore ? { loaded: false } : { loaded: false, text: '' });
    this.pending = typedBefore ? { key, text: shown, dirty: true } : { key, text: '', dirty: false };
    this.edited = typedBefore;
    if (typedBefore) this.scheduleSave();
    void this.drafts.load(key).then((text) => {
      if (closed) return;
      // Keep anything typed while the draft was loading, also once it was saved (then `dirty` is over, and
      // the read, begun before that save, still has the old draft), and an empty box after a send.
      if (!this.edited) {
        this.pending.text = text;
        this.patch({ text });
      }
      this.patch({ loaded: true });
    });
    return () => {
      closed = true;
      this.flush();
    };
  }

  /** The user changed the text: show it, and save it once typing pauses. */
  readonly setText = (text: string): void => {
    this.edited = true;
    this.pending = { key: this.pending.key, text, dirty: true };
    this.patch({ text });
    this.scheduleSave();
  };

  /** Empties the box without saving (the send path clears the stored draft itself). */
  readonly clear = (): void => {
    this.edited = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.pending = { key: this.pending.key, text: '', dirty: false };
    this.patch({ text: '' });
  };

  /** Saves the unsaved text now (nothing when all is saved). */
  readonly flush = (): void => {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const { key, text, dirty } = this.pending;
    if (!dirty || !this.opened) return;
    this.pending.dirty = false;
    void this.drafts.save(key, text).then(
      () => this.patch({ storageFull: false }),
      (err: unknown) => {
        // Storage refused: the text stays in the box; the next change retries, and the box says why.
        this.pending.dirty = true;
        this.patch({ storageFull: isCodelumiError(err) && err.code === 'quota:db' });
      },
    );
  };

  private scheduleSave(): void {
    this.cancelTimer?.();
    this.cancelTimer = this.schedule(() => this.flush(), this.delayMs);
  }

  private patch(change: Partial<DraftState>): void {
    const current = this.store.get();
    const next = { ...current, ...change };
    if (next.text !== current.text || next.loaded !== current.loaded || next.storageFull !== current.storageFull) {
      this.store.set(next);
    }
  }
}
