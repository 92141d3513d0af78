'use client';
/**
 * Where the Build page finds the Planner service: the tab's services
 * (lib/services builds it over lib/planner/app-service.ts).
 */
import { useServices } from '../services';
import type { PlannerService } from './planner-service';

/** The tab's Planner service. */
export function usePlannerService(): PlannerService {
  return useServices().planner;
}
