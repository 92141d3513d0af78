'use client';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Project } from '@/lib/core/records';
import { listProjects, projectFilePaths } from '@/lib/db/projects';
import type { ScanState } from '@/lib/projects/scans';
import { useServices } from '../_components/services';
import { useStore } from './use-store';
import { useKeyedLiveQuery } from './use-keyed-live-query';

/** Every project, by name, live across tabs. */
export function useProjects(): Project[] | undefined {
  const { db } = useServices();
  return useLiveQuery(() => listProjects(db), [db]);
}

const NO_PATHS: string[] = [];

/** The indexed file paths of a project (from the index alone), live; [] without a project, undefined while they load. */
export function useProjectPaths(projectId: string | undefined): string[] | undefined {
  const { db } = useServices();
  // Never the files of the project before (picked in the header a moment ago): an `@` typed meanwhile offers none.
  const paths = useKeyedLiveQuery(projectId ?? '', async () => (projectId ? projectFilePaths(db, projectId) : []), [
    db,
  ]);
  return projectId ? paths : NO_PATHS;
}

/** The running scan of a project, if any, re-rendering as it progresses. */
export function useProjectScan(projectId: string): ScanState | undefined {
  return useStore(useServices().scans.state, (scans) => scans.get(projectId));
}
