/**
 * The answers this tab is streaming right now, held in memory so the screen
 * can follow every token while IndexedDB gets throttled saves. Components
 * subscribe to one answer; other tabs follow the saves through Dexie.
 */

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

/** A small observable store of active streams, keyed by message id. */
export class ActiveStreams {
  private streams = new Map<string, ActiveStream>();
  private listeners = new Map<string, Set<Listener>>();
  private anyListeners = new Set<Listener>();

  get(messageId: string): ActiveStream | undefined {
    return this.streams.get(messageId);
  }

  /** True while some answer in `conversationId` is streaming in this tab. */
  busyIn(conversationId: string): boolean {
    for (const s of this.streams.values()) if (s.conversationId === conversationId) return true;
    return false;
  }

  all(): ActiveStream[] {
    return [...this.streams.values()];
  }

  start(stream: ActiveStream): void {
    this.streams.set(stream.messageId, stream);
    this.emit(stream.messageId);
  }

  update(messageId: string, patch: Partial<Pick<ActiveStream, 'content' | 'thinking' | 'phase' | 'firstTokenAt'>>): void {
    const cur = this.streams.get(messageId);
    if (!cur) return;
    this.streams.set(messageId, { ...cur, ...patch });
    this.emit(messageId);
  }

  end(messageId: string): void {
    if (this.streams.delete(messageId)) this.emit(messageId);
  }

  /** Stops every stream of a conversation (Esc, Stop). */
  abortConversation(conversationId: string): void {
    for (const s of this.streams.values()) if (s.conversationId === conversationId) s.abort();
  }

  subscribe(messageId: string, listener: Listener): () => void {
    let set = this.listeners.get(messageId);
    if (!set) this.listeners.set(messageId, (set = new Set()));
    set.add(listener);
    return () => {
      set!.delete(listener);
      if (set!.size === 0) this.listeners.delete(messageId);
    };
  }

  /** Called on any start, update or end. */
  subscribeAll(listener: Listener): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  private emit(messageId: string): void {
    this.listeners.get(messageId)?.forEach((l) => l());
    this.anyListeners.forEach((l) => l());
  }
}
