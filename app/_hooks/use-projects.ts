'use client';
import { useSyncExternalStore } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Project } from '@/lib/db/records';
import { listProjects, projectFilePaths } from '@/lib/db/projects';
import { ProjectScans, type ScanState } from '@/lib/projects/scans';
import { useServices } from '../_components/services';

/** Every project, by name, live across tabs. */
export function useProjects(): Project[] | undefined {
  const { db } = useServices();
  return useLiveQuery(() => listProjects(db), [db]);
}

/** The indexed file paths of a project (from the index alone), live; [] without a project. */
export function useProjectPaths(projectId: string | undefined): string[] | undefined {
  const { db } = useServices();
  return useLiveQuery(async () => (projectId ? projectFilePaths(db, projectId) : []), [db, projectId]);
}

/** This tab's project scans: they go on when the user leaves the Projects page. */
export const projectScans = new ProjectScans();

/** The running scan of a project, if any, re-rendering as it progresses. */
export function useProjectScan(projectId: string): ScanState | undefined {
  return useSyncExternalStore(
    (onChange) => projectScans.subscribe(onChange),
    () => projectScans.get(projectId),
    () => undefined,
  );
}
