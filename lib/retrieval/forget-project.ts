/**
 * Deleting a project so that nothing of it stays: its row, indexed files and
 * folder handle (lib/db/projects.ts), its conversations detached, and its
 * files' text inside the prompt traces of answers that were given them. The
 * chunk index lives in memory only (lib/projects/ranking.ts), in each thread
 * that built it: the caller drops it there (the page and the analysis
 * worker). Project chunks are never embedded, so no embedding row holds them.
 */
import type { CodelumiDB } from '../db/db';
import type { PromptTrace } from '../core/records';
import { deleteProject, projectFilePaths } from '../db/projects';
import { guardWrite } from '../db/guard';
import { SUMMARY_HEADING } from '../prompt/prompt';
import { PAST_SECTION_HEADING, PAST_SECTION_NAME } from './past';
import {
  PROJECT_FILES_SECTION_HEADING,
  PROJECT_FILES_SECTION_NAME,
  PROJECT_SECTION_HEADING,
  PROJECT_SECTION_NAME,
} from './retriever';

/** The inspector's label for an item of a deleted project. */
export const DELETED_PROJECT_LABEL = 'A project’s file, since deleted';
/** What stands in a trace's system prompt where a deleted project's stack or files were. */
export const DELETED_PROJECT_NOTE = '[A project was shown here; it has since been deleted.]';

const HEADINGS = new Map([
  [PROJECT_SECTION_NAME, PROJECT_SECTION_HEADING],
  [PROJECT_FILES_SECTION_NAME, PROJECT_FILES_SECTION_HEADING],
  [PAST_SECTION_NAME, PAST_SECTION_HEADING],
]);

/** The path a project item's id names (`file:<path>`, `chunk:<path>#<n>`), if it is one. */
function pathOf(itemId: string): string | undefined {
  if (itemId.startsWith('file:')) return itemId.slice(5);
  if (itemId.startsWith('chunk:')) return itemId.slice(6).replace(/#\d+$/, '');
  return undefined;
}

/**
 * The trace without the project sections that show project `projectId` (its
 * stack) or any of `paths` (its files), or undefined when it shows none. Their
 * items become placeholders of the same size; their text in the system prompt
 * becomes a note (up to the last occurrence of the next section's heading, so
 * a file's own copy of that heading cannot cut it short). Errs on removing too much: a section showing
 * another project's file of the same path goes too.
 */
export function scrubProjectTrace(
  trace: PromptTrace,
  projectId: string,
  paths: ReadonlySet<string>,
): PromptTrace | undefined {
  const sections = trace.sections ?? [];
  const shows = (s: (typeof sections)[number]) =>
    (s.name === PROJECT_SECTION_NAME || s.name === PROJECT_FILES_SECTION_NAME) &&
    s.items.some((i) => i.id === `stack:${projectId}` || paths.has(pathOf(i.id) ?? '\u0000'));
  if (!sections.some(shows)) return undefined;
  let n = 0;
  let system = trace.systemPrompt;
  // From the last section to the first, so the offsets found stay valid.
  for (let k = sections.length - 1; k >= 0; k--) {
    const s = sections[k];
    if (!shows(s)) continue;
    const header = `## ${HEADINGS.get(s.name)}\n`;
    const start = system.indexOf(header);
    if (start === -1) {
      // Not found as rendered: nothing of the prompt is kept rather than the project's text.
      system = DELETED_PROJECT_NOTE;
      break;
    }
    const next = sections
      .slice(k + 1)
      .map((later) => HEADINGS.get(later.name))
      .filter((h): h is string => !!h)
      // The last match: a file's own text may hold the heading, the sections after it are what the app wrote.
      .map((h) => system.lastIndexOf(`\n\n## ${h}\n`))
      .concat(trace.summary ? [system.lastIndexOf(`\n\n${SUMMARY_HEADING}\n`)] : [])
      .filter((at) => at > start);
    const end = next.length ? Math.min(...next) : system.length;
    system = `${system.slice(0, start)}${header}${DELETED_PROJECT_NOTE}${system.slice(end)}`;
  }
  return {
    ...trace,
    systemPrompt: system,
    sections: sections.map((s) =>
      shows(s)
        ? {
            ...s,
            items: s.items.map((i) => ({
              id: `deleted-project:${n++}`,
              label: DELETED_PROJECT_LABEL,
              tokens: i.tokens,
            })),
          }
        : s,
    ),
  };
}

/**
 * Deletes project `id` and every stored trace of it, in one transaction (see
 * the module's comment). Its conversations stay, detached.
 */
export async function forgetProject(db: CodelumiDB, id: string): Promise<void> {
  await guardWrite(() =>
    db.transaction(
      'rw',
      [db.projects, db.projectFiles, db.projectHandles, db.conversations, db.messages, db.indexes],
      async () => {
        const paths = new Set(await projectFilePaths(db, id));
        // Only the answers whose traces list a project's stack, file or chunk (the `*quotes` index).
        await db.messages
          .where('quotes')
          .startsWithAnyOf(['stack:', 'file:', 'chunk:'])
          .distinct()
          .filter((m) => !!m.trace?.sections)
          .modify((m) => {
            const scrubbed = scrubProjectTrace(m.trace!, id, paths);
            if (scrubbed) m.trace = scrubbed;
          });
        await deleteProject(db, id);
      },
    ),
  );
}
