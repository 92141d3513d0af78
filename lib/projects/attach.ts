/**
 * Attaching a folder as a project and finding it again for a re-scan. A
 * folder picked with the File System Access API keeps its handle, so a
 * re-scan reads it again (asking for permission again when the browser
 * forgot it); an uploaded folder has to be chosen again.
 */
import type { CodelumiDB } from '../db/db';
import type { Project } from '../core/records';
import { createProject, getProjectHandle, saveProjectHandle } from '../db/projects';
import type { FileSource } from './source';
import { ensureReadPermission, handleSource, type DirectoryHandleLike } from './sources/handle';

/** Creates the project for a picked or uploaded folder (named after it) and keeps the folder's handle when there is one. */
export async function attachProject(
  db: CodelumiDB,
  source: FileSource,
  handle?: DirectoryHandleLike,
  at = Date.now(),
): Promise<Project> {
  const project = await createProject(db, { name: source.name, source: handle ? 'folder' : 'upload' }, at);
  if (handle) await saveProjectHandle(db, project.id, handle as unknown as FileSystemDirectoryHandle);
  return project;
}

/**
 * The kept folder of a project, readable, for a re-scan; undefined for an
 * uploaded project (the user must choose the folder again). Must be called
 * from a click: the browser may ask for permission. Throws `denied:folder`.
 */
export async function keptFolder(db: CodelumiDB, projectId: string): Promise<FileSource | undefined> {
  const handle = (await getProjectHandle(db, projectId)) as unknown as DirectoryHandleLike | undefined;
  if (!handle) return undefined;
  await ensureReadPermission(handle);
  return handleSource(handle);
}
