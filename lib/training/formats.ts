/**
 * The files' line formats. SFT goes out as OpenAI-style chat (`{"messages":
 * [{role, content}…]}`, which TRL, Axolotl, Unsloth and mlx-lm read) or as
 * ShareGPT (`{"conversations": [{from, value}…]}`); preference pairs as
 * TRL's standard preference format (`{"prompt", "chosen", "rejected"}`),
 * with `system` when there is one, as Axolotl's `chatml.prompt_pairs` reads
 * it (TRL ignores the extra column). Each line holds only what the format
 * documents: provenance is in the data card, not in the lines.
 */
import type { PreferencePair, SftExample } from './types';

/** The SFT line formats. */
export type SftFormat = 'openai' | 'sharegpt';

/** The SFT file's name for each format. */
export const SFT_FILE: Record<SftFormat, string> = { openai: 'sft.jsonl', sharegpt: 'sharegpt.jsonl' };
/** The preference pairs' file name in the zip, whatever the SFT format (one TRL preference line per pair). */
export const PREFERENCE_FILE = 'preferences.jsonl';

/**
 * One SFT line in OpenAI chat form (TRL's conversational format): an
 * optional system message first, then user and assistant turns alternating,
 * the last one the assistant's (CHAT_LINE_SCHEMA).
 */
export interface ChatLine {
  messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
}
/** One SFT line in ShareGPT form: the same turns as ChatLine, as system/human/gpt (SHAREGPT_LINE_SCHEMA). */
export interface ShareGptLine {
  conversations: { from: 'system' | 'human' | 'gpt'; value: string }[];
}
/**
 * One preference line (TRL's standard preference format): the prompt, the
 * better and the worse answer; `system` only when the pair has one, for
 * Axolotl's chatml.prompt_pairs (PREFERENCE_LINE_SCHEMA).
 */
export interface PreferenceLine {
  system?: string;
  prompt: string;
  chosen: string;
  rejected: string;
}

/** The example as chat messages: the system prompt (when not empty), the earlier turns, the question, the answer. */
export function toChatLine(example: SftExample): ChatLine {
  return {
    messages: [
      ...(example.system.trim() ? [{ role: 'system' as const, content: example.system }] : []),
      ...example.history,
      { role: 'user', content: example.question },
      { role: 'assistant', content: example.answer },
    ],
  };
}

const SHAREGPT_FROM = { system: 'system', user: 'human', assistant: 'gpt' } as const;

/** The example as a ShareGPT conversation (system, then human/gpt turns). */
export function toShareGptLine(example: SftExample): ShareGptLine {
  return {
    conversations: toChatLine(example).messages.map((m) => ({ from: SHAREGPT_FROM[m.role], value: m.content })),
  };
}

/** The pair as a preference line; `system` only when there is one. */
export function toPreferenceLine(pair: PreferencePair): PreferenceLine {
  return {
    ...(pair.system.trim() ? { system: pair.system } : {}),
    prompt: pair.prompt,
    chosen: pair.chosen,
    rejected: pair.rejected,
  };
}

/** One JSON value per line, each line ended by a newline ('' for none). */
export function jsonl(values: readonly unknown[]): string {
  return values.map((v) => `${JSON.stringify(v)}\n`).join('');
}

/** The SFT file's text in `format`. */
export function sftJsonl(examples: readonly SftExample[], format: SftFormat): string {
  return jsonl(format === 'openai' ? examples.map(toChatLine) : examples.map(toShareGptLine));
}

/** The preference file's text. */
export function preferencesJsonl(pairs: readonly PreferencePair[]): string {
  return jsonl(pairs.map(toPreferenceLine));
}
