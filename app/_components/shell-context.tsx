'use client';
import { createContext, useContext } from 'react';

/** What pages can ask of the frame around them. */
export interface ShellApi {
  openSidebar(): void;
  closeSidebar(): void;
  focusSearch(): void;
  newChat(): void;
  /**
   * Asks before leaving the page shown: `guard` (set by a page that would lose
   * something, a temporary chat) decides whether and when `go` runs. Links in
   * the app and New chat go through it; null removes it.
   */
  guardLeaving(guard: LeaveGuard | null): void;
}

/** Runs `go` once leaving is confirmed (or never, when the user stays). */
export type LeaveGuard = (go: () => void) => void;

export const ShellContext = createContext<ShellApi | null>(null);

export function useShell(): ShellApi {
  const api = useContext(ShellContext);
  if (!api) throw new Error('useShell must be used inside <AppShell>');
  return api;
}
