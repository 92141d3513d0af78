/**
 * What the Build page needs from the Planner: the interface and records of
 * lib/planner/app-contract.ts (implemented by lib/planner/app-service.ts,
 * reached through the tab's services).
 */
export type * from '@/lib/planner/app-contract';
