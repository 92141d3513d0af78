/**
 * Explicit statements the user makes about themselves or their work, which
 * become memories at once: "remember that …", "I prefer short answers",
 * "always use TypeScript", "we use pnpm and Vitest".
 */
import type { MemoryKind } from '../core/records';
import { MAX_MESSAGE_CHARS, splitMessage } from '../signals/text/normalize';

export interface StatedMemory {
  kind: MemoryKind;
  /** The memory, in the user's words, tidied into a statement. */
  text: string;
  /** The sentence it came from. */
  evidence: string;
}

const RULES: { kind: MemoryKind; pattern: RegExp; text: (m: RegExpExecArray) => string }[] = [
  {
    kind: 'fact',
    pattern: /\b(?:please\s+)?(?:remember|note|keep in mind|don't forget|do not forget)(?: that)?[:,]?\s+(\S.{2,})/i,
    text: (m) => m[1],
  },
  {
    kind: 'preference',
    pattern:
      /\bi (?:would |'d )?(?:prefer|like|want|need)\s+((?:short|shorter|concise|brief|long|longer|detailed|more detailed|simple|simpler|minimal|terse|verbose|step[- ]by[- ]step|code[- ]only|commented|well[- ]commented)\b.{0,80}|(?:answers|responses|explanations|code|examples)\b.{3,80}|(?:you )?to (?:always|never|use|avoid|answer|reply|respond|explain|write|keep|include|show).{3,80})/i,
    text: (m) => `Prefers ${m[1]}`,
  },
  { kind: 'preference', pattern: /\bi prefer\s+(.{3,80})/i, text: (m) => `Prefers ${m[1]}` },
  {
    kind: 'preference',
    pattern:
      /\b(?:(?:please|pls)\s+)?(always|never|don't ever|do not ever|don't|do not)\s+(use|write|add|include|answer|reply|respond|give|show|explain|suggest|recommend|put|import)\s+(.{2,80})/i,
    text: (m) => `${m[1].toLowerCase().startsWith('always') ? 'Always' : 'Never'} ${m[2]} ${m[3]}`,
  },
  {
    kind: 'preference',
    pattern: /\b(?:from now on|going forward|in the future|for future answers),?\s+(.{3,100})/i,
    text: (m) => m[1],
  },
  {
    kind: 'preference',
    pattern:
      /\b(?:answer|reply|respond|write (?:the )?code|give (?:me )?(?:code|examples))\s+(?:only\s+)?in\s+([a-z#+.][a-z#+.\s]{1,29}?)(?:\s+(?:please|from now on|only))?(?:[.!,]|$)/i,
    text: (m) => `Answer in ${m[1].trim()}`,
  },
  {
    kind: 'preference',
    pattern:
      /\b(?:keep (?:your |the )?(?:answers|responses|it) (short|brief|concise|simple)|be (?:more )?(concise|brief|terse|detailed|thorough))\b/i,
    text: (m) => `Prefers ${(m[1] ?? m[2]).toLowerCase()} answers`,
  },
  {
    kind: 'project_note',
    pattern:
      /\b(?:we|our (?:team|project|app|codebase|company|stack)|my (?:project|app|team|codebase|stack))\s+(?:use|uses|is using|are using|runs on|is built (?:with|on)|is on|deploys? (?:to|on))\s+(.{2,100})/i,
    text: (m) => `Uses ${m[1]}`,
  },
  { kind: 'project_note', pattern: /\bour stack is\s+(.{2,100})/i, text: (m) => `Stack: ${m[1]}` },
  {
    kind: 'fact',
    pattern: /\bi(?:'m| am) (?:using|on|working (?:with|in|on))\s+(.{2,80})/i,
    text: (m) => `Works with ${m[1]}`,
  },
  { kind: 'fact', pattern: /\bcall me\s+([a-z][\w .'-]{1,30})/i, text: (m) => `Wants to be called ${m[1]}` },
];

/** Clean one memory text: first clause, no trailing filler, capitalised, ends without punctuation. */
function tidy(text: string): string {
  const t = text
    .split(/(?<=[.!?])\s|\n/)[0]
    .replace(/(?<!\s)\s+(?:please|pls|thanks|thank you|ok|okay)[.!]*$/i, '')
    .replace(/(?<![\s.,;:!])[\s.,;:!]+$/, '')
    .trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** Inline code and quoted strings in a sentence: a rule that fires inside one is quoting, not stating. */
function quotedSpans(sentence: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of sentence.matchAll(/`[^`\n]+`|(?<=^|[\s(\[{:=,])["“'][^"“”'\n]{2,80}?["”'](?=$|[\s)\]},.;:!?])/g)) {
    spans.push([m.index, m.index + m[0].length]);
  }
  return spans;
}

/**
 * Memories stated in a user message. Questions ("should I always use X?")
 * and statements inside code or quotes are not memories.
 */
export function extractStatedMemories(message: string): StatedMemory[] {
  const { prose } = splitMessage(message);
  // Work on the original casing of the user's own words (splitMessage lower-cases prose).
  const own = message
    .slice(0, MAX_MESSAGE_CHARS)
    .replace(/(```|~~~)[\s\S]*?(\1|$)/g, ' ')
    .split('\n')
    .filter((l) => !/^\s*>/.test(l))
    .join('\n');
  if (!prose) return [];
  const sentences = own
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const found: StatedMemory[] = [];
  const seen = new Set<string>();
  for (const sentence of sentences) {
    if (/\?\s*$/.test(sentence) || /^(?:should|can|could|would|do|does|is|are|how|what|why)\b/i.test(sentence))
      continue;
    const quoted = quotedSpans(sentence);
    for (const rule of RULES) {
      const m = rule.pattern.exec(sentence);
      if (!m || quoted.some(([from, to]) => m.index >= from && m.index < to)) continue;
      const text = tidy(rule.text(m));
      if (text.length < 4 || seen.has(text.toLowerCase())) break;
      seen.add(text.toLowerCase());
      found.push({ kind: rule.kind, text, evidence: sentence.slice(0, 300) });
      break;
    }
  }
  return found;
}
