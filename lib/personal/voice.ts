/**
 * Memories as the user would say them. Learning stores what the user said in
 * the third person ("Prefers short answers", "Uses pnpm"); a personal model's
 * system text speaks as the user to the model ("I prefer short answers"), the
 * way the user first said it. A text no rule knows is kept as it is.
 */
import type { Memory } from '../core/records';

const RULES: [RegExp, (rest: string) => string][] = [
  [/^prefers\s+/i, (rest) => `I prefer ${rest}`],
  [/^uses\s+/i, (rest) => `I use ${rest}`],
  [/^works with\s+/i, (rest) => `I work with ${rest}`],
  [/^wants to be called\s+/i, (rest) => `Call me ${rest}`],
  [/^wants\s+/i, (rest) => `I want ${rest}`],
  [/^likes\s+/i, (rest) => `I like ${rest}`],
  [/^stack:\s*/i, (rest) => `Our stack is ${rest}`],
];

/** "When asked about “x”: y" (lib/memory/learned.ts rememberCorrection). */
const CORRECTION = /^When asked about “([^”]*)”:\s*/;

/** One memory in the user's own voice, as one line of the system text. */
export function inUserVoice(memory: Pick<Memory, 'kind' | 'text'>): string {
  const text = memory.text.trim().replace(/\s+/g, ' ');
  if (memory.kind === 'correction') {
    const m = CORRECTION.exec(text);
    if (m) return `When I asked about “${m[1]}”, I corrected you: ${text.slice(m[0].length)}`;
    return `I corrected you once: ${text}`;
  }
  for (const [pattern, say] of RULES) {
    const m = pattern.exec(text);
    if (m) return say(text.slice(m[0].length));
  }
  return text;
}
