/**
 * The attached project's stack as the Planner's learning reads it: the names
 * of the profile entries the user keeps ("Python", "Click", "pytest"), so a
 * plan for a project is filed under that project's kind and finds the
 * lessons of projects like it, not only of requests worded like it.
 */
import type { CodelumiDB } from '../db/db';
import { activeEntries } from '../projects/profile';

/** The project's stack entry names; empty without a project, a profile, or when it is gone. */
export async function projectStackOf(db: CodelumiDB, projectId: string | undefined): Promise<string[]> {
  if (!projectId) return [];
  const project = await db.projects.get(projectId);
  return activeEntries(project?.profile).map((e) => e.name);
}
