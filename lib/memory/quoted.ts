/**
 * Memories inside other answers' prompt traces. A trace keeps, for the prompt
 * inspector, every context item's label and the whole system prompt; a
 * memory is listed there by its text (`memory:<id>`, one `- <text>` line of
 * the preferences or corrections section). A trace keeps a memory's words
 * only while the memory holds them: when it is deleted (on the Memory page,
 * or with the conversation it was learned from) or edited to other words,
 * its item becomes a placeholder of the same size and its line a note.
 */
import type { CodelumiDB } from '../db/db';
import type { Memory, MemorySource, PromptTrace } from '../core/records';
import { withoutSources } from './sources';

/** The learned sections of a prompt that list memories, as the inspector names them and the model reads them. */
export const PREFERENCES_SECTION = { name: 'Preferences', heading: 'What you know about this user (follow these)' };
export const CORRECTIONS_SECTION = {
  name: 'Corrections',
  heading: 'Corrections this user made to earlier answers (do not repeat those mistakes)',
};
const HEADINGS = new Map([PREFERENCES_SECTION, CORRECTIONS_SECTION].map((s) => [s.name, s.heading]));

/** Why a memory's words leave the traces. */
export type MemoryGone = 'deleted' | 'edited';

/** The inspector's label for a memory that was deleted, or for the wording a memory had before an edit. */
export const MEMORY_LABEL: Record<MemoryGone, string> = {
  deleted: 'A memory, since deleted',
  edited: 'A memory’s earlier wording, since edited',
};
/** What stands in the system prompt where such a memory was listed. */
export const MEMORY_NOTE: Record<MemoryGone, string> = {
  deleted: '[A memory was listed here; it has since been deleted.]',
  edited: '[A memory was listed here; it has since been edited.]',
};

/** The id a trace lists memory `id` by. */
export const memoryItemId = (id: string) => `memory:${id}`;

/**
 * The trace without the memories whose item ids are in `gone`, or undefined
 * when it lists none of them. The items become placeholders (token counts
 * stay: they are what the prompt cost); each one's line in the system prompt
 * becomes the note. When the section's lines cannot be matched one to one
 * with its items, forgetting errs on removing too much: the whole system
 * prompt becomes the note.
 */
export function scrubMemoryTrace(
  trace: PromptTrace,
  gone: ReadonlySet<string>,
  why: MemoryGone,
): PromptTrace | undefined {
  const sections = trace.sections ?? [];
  const lists = (s: (typeof sections)[number]) => s.items.some((i) => gone.has(i.id));
  if (!sections.some(lists)) return undefined;
  let system: string | undefined = trace.systemPrompt;
  for (const s of sections) {
    if (!lists(s) || system === undefined) continue;
    system = scrubSection(system, s, gone, why);
  }
  // Numbered after the placeholders of earlier scrubs, so every item keeps an id of its own.
  let n = sections.flatMap((s) => s.items).filter((i) => i.id.startsWith('forgotten-memory:')).length;
  return {
    ...trace,
    systemPrompt: system ?? MEMORY_NOTE[why],
    sections: sections.map((s) =>
      lists(s)
        ? {
            ...s,
            items: s.items.map((i) =>
              gone.has(i.id) ? { id: `forgotten-memory:${n++}`, label: MEMORY_LABEL[why], tokens: i.tokens } : i,
            ),
          }
        : s,
    ),
  };
}

/** `system` with the lines of section `s`'s gone items replaced by the note; undefined when they cannot be found. */
function scrubSection(
  system: string,
  s: NonNullable<PromptTrace['sections']>[number],
  gone: ReadonlySet<string>,
  why: MemoryGone,
): string | undefined {
  const heading = HEADINGS.get(s.name);
  if (!heading) return undefined;
  const header = `## ${heading}\n`;
  const start = system.indexOf(header);
  if (start === -1) return undefined;
  const bodyStart = start + header.length;
  // A list section's items are one line each; the next section (or the summary) follows a blank line.
  const blank = system.indexOf('\n\n', bodyStart);
  const bodyEnd = blank === -1 ? system.length : blank;
  const lines = system.slice(bodyStart, bodyEnd).split('\n');
  if (lines.length !== s.items.length || !lines.every((line) => line.startsWith('- '))) return undefined;
  const kept = lines.map((line, i) => (gone.has(s.items[i].id) ? `- ${MEMORY_NOTE[why]}` : line));
  return system.slice(0, bodyStart) + kept.join('\n') + system.slice(bodyEnd);
}

/**
 * Inside a read-write transaction over `db.messages`: takes memories `ids`
 * out of every trace that lists them (see scrubMemoryTrace), except the
 * answers in `leave`. Reads only the answers that quoted them (the `*quotes`
 * index). Returns how many changed.
 */
export async function forgetQuotedMemories(
  db: CodelumiDB,
  ids: readonly string[],
  why: MemoryGone,
  leave: ReadonlySet<string> = new Set(),
): Promise<number> {
  if (ids.length === 0) return 0;
  const gone = new Set(ids.map(memoryItemId));
  return db.messages
    .where('quotes')
    .anyOf([...gone])
    .distinct()
    .filter((m) => !leave.has(m.id))
    .modify((m) => {
      const scrubbed = m.trace && scrubMemoryTrace(m.trace, gone, why);
      if (scrubbed) m.trace = scrubbed;
      else return false;
    });
}

/** What a memory's change does to its words in traces: they go with it, or no longer match it; undefined: unchanged. */
export function wordsChange(before: Memory, after: Memory | undefined): MemoryGone | undefined {
  if (!after) return 'deleted';
  return after.text !== before.text ? 'edited' : undefined;
}

/**
 * Inside a read-write transaction over memories and messages: takes the
 * sources `from` picks out of `memories` (withoutSources) and stores what is
 * left; a memory left with none goes. The words of those that went, or now
 * read in another source's words, leave every trace that listed them, except
 * the answers in `leave`.
 */
export async function withdrawSources(
  db: CodelumiDB,
  memories: readonly Memory[],
  from: (source: MemorySource) => boolean,
  now: number,
  leave?: ReadonlySet<string>,
): Promise<void> {
  const changed: Record<MemoryGone, string[]> = { deleted: [], edited: [] };
  for (const m of memories) {
    const left = withoutSources(m, from, now);
    if (left) await db.memories.put(left);
    else await db.memories.delete(m.id);
    const why = wordsChange(m, left);
    if (why) changed[why].push(m.id);
  }
  await forgetQuotedMemories(db, changed.deleted, 'deleted', leave);
  await forgetQuotedMemories(db, changed.edited, 'edited', leave);
}
