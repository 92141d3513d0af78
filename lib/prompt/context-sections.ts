/**
 * What goes into a prompt besides the conversation: labelled sections of
 * items (a preference, a correction, the answer style, the project's stack,
 * a file, an earlier conversation …). Each item has a stable id, so the
 * prompt inspector can show it and the user can drop it and regenerate.
 */

export type ContextSource = 'preference' | 'correction' | 'style' | 'stack' | 'file' | 'chunk' | 'conversation';

export interface ContextItem {
  /** Stable across requests (e.g. `memory:<id>`, `file:src/app.ts`, `qa:<answerId>`). */
  id: string;
  source: ContextSource;
  /** Short words for the inspector. */
  label: string;
  /** What the model reads. */
  text: string;
  tokens: number;
}

export interface ContextSection {
  /** Name in the inspector and the trace ("Preferences", "Project files" …). */
  name: string;
  /** Heading the model reads, saying how to use the section. */
  heading: string;
  /** 'list': one "- item" per line; 'blocks': items as paragraphs (files, conversations). */
  layout: 'list' | 'blocks';
  items: ContextItem[];
}

/** Removes the items the user dropped (by id) and sections left empty. */
export function withoutExcluded(
  sections: readonly ContextSection[],
  exclude: readonly string[] = [],
): ContextSection[] {
  if (exclude.length === 0) return sections.filter((s) => s.items.length > 0);
  const drop = new Set(exclude);
  return sections
    .map((s) => ({ ...s, items: s.items.filter((i) => !drop.has(i.id)) }))
    .filter((s) => s.items.length > 0);
}

/** The section as the model reads it. */
export function renderSection(section: ContextSection): string {
  const body =
    section.layout === 'list'
      ? section.items.map((i) => `- ${i.text}`).join('\n')
      : section.items.map((i) => i.text).join('\n\n');
  return `## ${section.heading}\n${body}`;
}
