/**
 * Taking a forgotten conversation out of the prompt traces of other answers.
 * A trace keeps, for the prompt inspector, the label of every context item
 * and the whole system prompt; an earlier conversation quoted there holds the
 * user's words. Scrubbing replaces such an item by a placeholder of the same
 * size, and its text in the system prompt by a note, so the trace still
 * says how the prompt was made without holding what was deleted.
 */
import type { PromptTrace } from '../core/records';
import { SUMMARY_HEADING } from '../prompt/prompt';
import { PAST_SECTION_HEADING } from './past';

/** The inspector's label for an item whose conversation was deleted. */
export const FORGOTTEN_LABEL = 'An earlier conversation, since deleted';
/** What stands in the system prompt where a deleted conversation was quoted. */
export const FORGOTTEN_NOTE = '[An earlier conversation was quoted here; it has since been deleted.]';

/** Where each rendered past exchange starts in the section's body (see `renderPast`). */
const PAST_ITEM_START = /(?:^|\n\n)Earlier \(\d{4}-\d{2}-\d{2}, chat “/g;

/**
 * The trace without the items whose ids are in `forgotten` (`qa:<answerId>`),
 * or undefined when it quotes none of them. The section's token counts stay
 * (they are what the prompt cost). When the quoted blocks cannot be told
 * apart in the system prompt, the whole earlier-conversations section's text
 * is replaced by the note: forgetting errs on removing too much.
 */
export function scrubTrace(trace: PromptTrace, forgotten: ReadonlySet<string>): PromptTrace | undefined {
  const sections = trace.sections ?? [];
  if (!sections.some((s) => s.items.some((i) => forgotten.has(i.id)))) return undefined;
  // Numbered after the placeholders of earlier forgettings, so every item keeps an id of its own.
  let n = sections.flatMap((s) => s.items).filter((i) => i.id.startsWith('forgotten:')).length;
  const scrubbed = sections.map((s) => ({
    ...s,
    items: s.items.map((i) =>
      forgotten.has(i.id) ? { id: `forgotten:${n++}`, label: FORGOTTEN_LABEL, tokens: i.tokens } : i,
    ),
  }));
  const past = sections.find(
    (s) => s.items.some((i) => forgotten.has(i.id)) && s.items.every((i) => i.id.startsWith('qa:')),
  );
  const systemPrompt = past
    ? scrubSystemPrompt(
        trace.systemPrompt,
        past.items.map((i) => forgotten.has(i.id)),
        !!trace.summary,
      )
    : FORGOTTEN_NOTE;
  return { ...trace, sections: scrubbed, systemPrompt };
}

/** The system prompt with the past exchanges marked in `drop` (in section order) replaced by the note. */
function scrubSystemPrompt(system: string, drop: boolean[], hasSummary: boolean): string {
  const header = `## ${PAST_SECTION_HEADING}\n`;
  const at = system.indexOf(header);
  // A prompt that never had the section cannot be scrubbed piecewise: nothing of it is kept.
  if (at === -1) return FORGOTTEN_NOTE;
  const bodyStart = at + header.length;
  const summaryAt = hasSummary ? system.lastIndexOf(`\n\n${SUMMARY_HEADING}\n`) : -1;
  const bodyEnd = summaryAt >= bodyStart ? summaryAt : system.length;
  const body = system.slice(bodyStart, bodyEnd);
  const starts = [...body.matchAll(PAST_ITEM_START)].map((m) => m.index + (m[0].startsWith('\n') ? 2 : 0));
  let kept: string;
  if (starts.length !== drop.length || starts[0] !== 0) kept = FORGOTTEN_NOTE;
  else {
    const blocks = starts.map((start, i) => body.slice(start, i + 1 < starts.length ? starts[i + 1] - 2 : body.length));
    kept = blocks.map((block, i) => (drop[i] ? FORGOTTEN_NOTE : block)).join('\n\n');
  }
  return system.slice(0, bodyStart) + kept + system.slice(bodyEnd);
}
