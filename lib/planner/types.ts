/**
 * The Planner's records (plans, step runs, workspace file versions, the dry
 * run), as every file of lib/planner imports them. The shapes are defined in
 * lib/core/plan-records.ts beside every other stored record, because the
 * database (lib/db) types its tables with them and may import only lib/core.
 */
export type * from '../core/plan-records';
