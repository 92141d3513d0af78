/**
 * The meta row holding the seq of the last event learned from: pruning keeps every event after it
 * (lib/learning/prune.ts), and an archive's import of events moves it (lib/archive).
 */
export const CURSOR_KEY = 'learning.cursor';
