'use client';
/**
 * Where the Build page finds the Planner service: provided once, above the
 * page, by whoever builds the tab's services (lib/services).
 */
import { createContext, useContext } from 'react';
import type { PlannerService } from './planner-service';

/** Holds the tab's Planner service. */
export const PlannerServiceContext = createContext<PlannerService | null>(null);

/** The tab's Planner service; throws when none is provided (a programming error, like useServices). */
export function usePlannerService(): PlannerService {
  const service = useContext(PlannerServiceContext);
  if (!service) throw new Error('usePlannerService must be used inside <PlannerServiceContext.Provider>');
  return service;
}
