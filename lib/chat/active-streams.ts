/**
 * The answers this tab is streaming right now, held in memory so the screen
 * can follow every token while IndexedDB gets throttled saves. Components
 * subscribe to one answer; other tabs follow the saves through Dexie.
 */
import { derived, Store, type Readable } from '../core/store';

export type StreamPhase = 'waiting' | 'thinking' | 'answering';

export interface ActiveStream {
  messageId: string;
  conversationId: string;
  content: string;
  thinking: string;
  phase: StreamPhase;
  startedAt: number;
  /** When the first token arrived. */
  firstTokenAt?: number;
  abort: () => void;
}

type Listener = () => void;

/** A small observable store of active streams, keyed by message id (built on lib/core/store). */
export class ActiveStreams {
  private readonly store = new Store<ReadonlyMap<string, ActiveStream>>(new Map());
  /** Every stream by message id: a new map on each start, update or end, the same one between (for useStore). */
  readonly state: Readable<ReadonlyMap<string, ActiveStream>> = this.store;

  get(messageId: string): ActiveStream | undefined {
    return this.store.get().get(messageId);
  }

  /** True while some answer in `conversationId` is streaming in this tab. */
  busyIn(conversationId: string): boolean {
    for (const s of this.store.get().values()) if (s.conversationId === conversationId) return true;
    return false;
  }

  all(): ActiveStream[] {
    return [...this.store.get().values()];
  }

  start(stream: ActiveStream): void {
    this.store.update((streams) => new Map(streams).set(stream.messageId, stream));
  }

  update(
    messageId: string,
    patch: Partial<Pick<ActiveStream, 'content' | 'thinking' | 'phase' | 'firstTokenAt'>>,
  ): void {
    const cur = this.get(messageId);
    if (!cur) return;
    this.store.update((streams) => new Map(streams).set(messageId, { ...cur, ...patch }));
  }

  end(messageId: string): void {
    if (!this.store.get().has(messageId)) return;
    this.store.update((streams) => {
      const next = new Map(streams);
      next.delete(messageId);
      return next;
    });
  }

  /** Stops every stream of a conversation (Esc, Stop). */
  abortConversation(conversationId: string): void {
    for (const s of this.store.get().values()) if (s.conversationId === conversationId) s.abort();
  }

  /** One answer's stream (undefined when it is not streaming), telling its listeners only about that answer. */
  stream(messageId: string): Readable<ActiveStream | undefined> {
    return derived(this.store, (streams) => streams.get(messageId));
  }

  /** Calls `listener` when the answer `messageId` starts, changes or ends. */
  subscribe(messageId: string, listener: Listener): () => void {
    return this.stream(messageId).subscribe(listener);
  }

  /** Called on any start, update or end. */
  subscribeAll(listener: Listener): () => void {
    return this.store.subscribe(listener);
  }
}
