/**
 * The learning engine's part of a prompt (lib/memory/learned-context.ts) as
 * labelled context sections: preferences, relevant corrections, and the
 * answer style to use.
 */
import type { LearnedContext } from '../memory/learned-context';
import type { ContextSection } from '../prompt/context-sections';
import { estimateTokens } from '../core/tokens';
import { CORRECTIONS_SECTION, PREFERENCES_SECTION, memoryItemId } from '../memory/quoted';

/** Sections for what was learned, in the order the model should weigh them. */
export function learnedSections(
  learned: Pick<LearnedContext, 'preferences' | 'corrections' | 'style'>,
): ContextSection[] {
  const sections: ContextSection[] = [];
  if (learned.preferences.length) {
    sections.push({
      ...PREFERENCES_SECTION,
      layout: 'list',
      items: learned.preferences.map((p) => ({
        id: memoryItemId(p.id),
        source: 'preference',
        label: p.text,
        text: p.text,
        tokens: estimateTokens(p.text),
      })),
    });
  }
  if (learned.corrections.length) {
    sections.push({
      ...CORRECTIONS_SECTION,
      layout: 'list',
      items: learned.corrections.map((c) => ({
        id: memoryItemId(c.id),
        source: 'correction',
        label: c.text,
        text: c.text,
        tokens: estimateTokens(c.text),
      })),
    });
  }
  if (learned.style) {
    sections.push({
      name: 'Answer style',
      heading: 'Answer style that works for this user on this kind of question',
      layout: 'list',
      items: [
        {
          id: `style:${learned.style.key}`,
          source: 'style',
          label: learned.style.label,
          text: learned.style.instruction,
          tokens: estimateTokens(learned.style.instruction),
        },
      ],
    });
  }
  return sections;
}
