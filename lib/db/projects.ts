/**
 * Projects as the user manages them: attach (create), rename, delete, the
 * stack profile they correct, the kept folder handle, and reading the
 * indexed files. Indexing itself is lib/projects/indexer.ts.
 */
import type { CodelumiDB } from './db';
import { projectChunksIndex } from './indexes';
import type { Project, ProjectFile, ProjectProfile } from '../core/records';
import { guardWrite } from './guard';
import { newId } from '../core/ids';

/** The id of a project's file row: stable per path, so a re-scan overwrites in place. */
export function projectFileId(projectId: string, path: string): string {
  return `${projectId}:${path}`;
}

/** Creates an empty project (files come from the first scan). */
export async function createProject(
  db: CodelumiDB,
  init: { name: string; source: Project['source'] },
  at = Date.now(),
): Promise<Project> {
  const project: Project = {
    id: newId(),
    name: cleanName(init.name) || 'Project',
    source: init.source,
    createdAt: at,
    updatedAt: at,
  };
  await guardWrite(() => db.projects.add(project));
  return project;
}

function cleanName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().slice(0, 120);
}

/** Every project, by name. */
export async function listProjects(db: CodelumiDB): Promise<Project[]> {
  const all = await db.projects.toArray();
  return all.sort(
    (a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.createdAt - b.createdAt,
  );
}

/** Renames a project (empty names are ignored). */
export async function renameProject(db: CodelumiDB, id: string, name: string, at = Date.now()): Promise<void> {
  const clean = cleanName(name);
  if (!clean) return;
  await guardWrite(() => db.projects.update(id, { name: clean, updatedAt: at }));
}

/**
 * Deletes a project with its indexed files and folder handle. Its
 * conversations stay, no longer attached to a project.
 */
export async function deleteProject(db: CodelumiDB, id: string): Promise<void> {
  await guardWrite(() =>
    db.transaction('rw', [db.projects, db.projectFiles, db.projectHandles, db.conversations, db.indexes], async () => {
      await db.projectFiles.where('projectId').equals(id).delete();
      // Its saved chunk index holds the files' words.
      await db.indexes.delete(projectChunksIndex(id));
      await db.projectHandles.delete(id);
      await db.conversations
        .where('projectId')
        .equals(id)
        .modify((c) => {
          delete c.projectId;
        });
      await db.projects.delete(id);
    }),
  );
}

/** Applies a change to a project's profile in one transaction (the user's edits on the Projects page). */
export async function updateProjectProfile(
  db: CodelumiDB,
  id: string,
  change: (profile: ProjectProfile) => ProjectProfile,
  at = Date.now(),
): Promise<void> {
  await guardWrite(() =>
    db.transaction('rw', db.projects, async () => {
      const project = await db.projects.get(id);
      if (!project) return;
      const profile = change(project.profile ?? { entries: [], detectedAt: 0 });
      await db.projects.update(id, { profile, updatedAt: at });
    }),
  );
}

/** The paths of a project's indexed files, sorted, read from the index alone (no file contents are loaded). */
export async function projectFilePaths(db: CodelumiDB, projectId: string): Promise<string[]> {
  // Primary keys ("<projectId>:<path>") come in one read; an index's own keys would walk a cursor, a round trip per file.
  const ids = await db.projectFiles.where('projectId').equals(projectId).primaryKeys();
  const prefix = projectFileId(projectId, '');
  return ids.map((id) => String(id).slice(prefix.length));
}

/** One indexed file, or undefined. */
export function getProjectFile(db: CodelumiDB, projectId: string, path: string): Promise<ProjectFile | undefined> {
  return db.projectFiles.get(projectFileId(projectId, path));
}

/** Keeps the browser's handle on the project's folder, for re-scans. */
export async function saveProjectHandle(
  db: CodelumiDB,
  projectId: string,
  handle: FileSystemDirectoryHandle,
): Promise<void> {
  await guardWrite(() => db.projectHandles.put({ projectId, handle }));
}

/** The kept folder handle of a project, if it was attached with the folder picker. */
export async function getProjectHandle(
  db: CodelumiDB,
  projectId: string,
): Promise<FileSystemDirectoryHandle | undefined> {
  return (await db.projectHandles.get(projectId))?.handle;
}
