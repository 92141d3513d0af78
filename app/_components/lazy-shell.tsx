'use client';
/**
 * The page's first load carries only React and this static shell; the app
 * (database, Ollama client, chat) arrives as its own chunk right after, so
 * the window paints at once and first-load JavaScript stays small.
 */
import dynamic from 'next/dynamic';
import { ShellSkeleton } from './shell-skeleton';

const AppShell = dynamic(() => import('./app-shell').then((m) => m.AppShell), {
  ssr: false,
  loading: () => <ShellSkeleton />,
});

export function LazyShell({ children }: { children: React.ReactNode }) {
  return <AppShell>{children}</AppShell>;
}
