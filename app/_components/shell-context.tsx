'use client';
import { createContext, useContext } from 'react';

/** What pages can ask of the frame around them. */
export interface ShellApi {
  openSidebar(): void;
  closeSidebar(): void;
  focusSearch(): void;
  newChat(): void;
}

export const ShellContext = createContext<ShellApi | null>(null);

export function useShell(): ShellApi {
  const api = useContext(ShellContext);
  if (!api) throw new Error('useShell must be used inside <AppShell>');
  return api;
}
