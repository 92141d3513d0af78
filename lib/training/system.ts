/**
 * The system prompt an exported example carries when the user keeps "the one
 * actually used". A stored prompt quotes more than the answer's own chat:
 * earlier exchanges of other chats (`qa:<id>` items), memories
 * (`memory:<id>` items) and a summary of older turns. The export cleans it
 * the way the backup does (lib/archive/export.ts): the exchanges of chats it
 * leaves out (bin, "Don't learn from this") and the lines of memories that
 * are switched off, withdrawn, deleted or worded otherwise now become notes.
 * Where that cannot be done reliably the example gets the neutral prompt.
 */
import type { Message, PromptTrace } from '../core/records';
import { FORGOTTEN_NOTE, scrubTrace } from '../retrieval/forget-trace';
import { PAST_SECTION_HEADING } from '../retrieval/past';
import { CORRECTIONS_SECTION, MEMORY_NOTE, PREFERENCES_SECTION, scrubMemoryTrace } from '../memory/quoted';
import type { TrainingSource } from './source';

/** The system prompt an example carries when the user chooses "neutral", or when the used one cannot be cleaned. */
export const NEUTRAL_SYSTEM_PROMPT = 'You are a helpful coding assistant.';

const MEMORY_PREFIX = 'memory:';

/** The memory items of `trace` whose words may not go out: gone (absent, off, withdrawn) or worded otherwise now. */
function withheldMemories(source: TrainingSource, trace: PromptTrace): { gone: Set<string>; edited: Set<string> } {
  const gone = new Set<string>();
  const edited = new Set<string>();
  for (const item of (trace.sections ?? []).flatMap((s) => s.items)) {
    if (!item.id.startsWith(MEMORY_PREFIX)) continue;
    const id = item.id.slice(MEMORY_PREFIX.length);
    const memory = source.memories.get(id);
    if (!memory || memory.enabled !== 1 || !(memory.confidence > 0)) gone.add(item.id);
    // The item's label is the memory's text when the prompt was made (lib/retrieval/learned.ts).
    else if (source.withheld.editedMemories.has(id) || item.label !== memory.text) edited.add(item.id);
  }
  return { gone, edited };
}

/** True when the prompt has sections whose quoted items the trace does not list (a trace from before sections). */
function unlisted(trace: PromptTrace): boolean {
  if (trace.sections?.length) return false;
  const headings = [PAST_SECTION_HEADING, PREFERENCES_SECTION.heading, CORRECTIONS_SECTION.heading];
  return headings.some((h) => trace.systemPrompt.includes(`## ${h}\n`));
}

/** A whole prompt replaced by a note: what is left says nothing a model should learn from. */
const WHOLE_NOTES = new Set<string>([FORGOTTEN_NOTE, MEMORY_NOTE.deleted, MEMORY_NOTE.edited]);

/**
 * The answer's recorded system prompt without what the export may not carry
 * ('' when none was recorded), or undefined when it cannot be cleaned
 * reliably: a prompt quoting earlier chats or memories that its trace does
 * not list item by item, or one the scrub had to replace whole.
 */
export function cleanedSystemPrompt(source: TrainingSource, answer: Message): string | undefined {
  let trace = answer.trace;
  if (!trace?.systemPrompt) return '';
  if (unlisted(trace)) return undefined;
  trace = scrubTrace(trace, source.withheld.answers) ?? trace;
  const { gone, edited } = withheldMemories(source, trace);
  if (gone.size) trace = scrubMemoryTrace(trace, gone, 'deleted') ?? trace;
  if (edited.size) trace = scrubMemoryTrace(trace, edited, 'edited') ?? trace;
  return WHOLE_NOTES.has(trace.systemPrompt) ? undefined : trace.systemPrompt;
}
