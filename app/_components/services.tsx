'use client';
/**
 * The app's long-lived objects, created once per tab: the database, the
 * streams this tab is running, the pull manager, the memory worker and the
 * service worker's updates.
 * Components reach them through `useServices`; all logic lives in lib/.
 */
import { createContext, useContext } from 'react';
import type { CodelumiDB } from '@/lib/db/db';
import type { ActiveStreams } from '@/lib/chat/active-streams';
import type { PullManager } from '@/lib/ollama/pull-manager';
import type { MemoryWorkerClient } from '@/lib/worker/client';
import type { NewAppEvent } from '@/lib/db/records';
import type { RunBoard } from '@/lib/runner/board';
import type { UpdateController } from '@/lib/pwa/update-controller';

export interface Services {
  db: CodelumiDB;
  streams: ActiveStreams;
  pulls: PullManager;
  memory: MemoryWorkerClient;
  /** Code runs of this tab (the sandbox starts on the first run). */
  runner: RunBoard;
  /** The service worker's updates (null in development and where service workers are unavailable). */
  updates: UpdateController | null;
  /** This page's origin, for CORS advice. */
  origin: string;
  /** Records what the user did (copy, sent, left …) for the learning engine and wakes it. Never throws. */
  report: (event: NewAppEvent) => void;
}

export const ServicesContext = createContext<Services | null>(null);

/** The tab's services; throws outside the app shell (a programming error). */
export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices must be used inside <AppShell>');
  return services;
}
