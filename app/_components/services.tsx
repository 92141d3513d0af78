'use client';
/**
 * The tab's services (lib/services), provided to the React tree. They are
 * built outside React; components reach them through `useServices` and
 * subscribe to their stores with `useStore`.
 */
import { createContext, useContext } from 'react';
import type { Services } from '@/lib/services/services';

export type { Services };

/** Holds the tab's services; provided once by <AppShell>. */
export const ServicesContext = createContext<Services | null>(null);

/** The tab's services; throws outside the app shell (a programming error). */
export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices must be used inside <AppShell>');
  return services;
}
