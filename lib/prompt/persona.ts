/**
 * Codelumi's voice: the persona paragraph at the top of every system prompt.
 * The core never changes (who Codelumi is; direct and code-first; honest
 * when unsure). The user picks how long answers are and the tone, and each
 * choice rewrites its part of the paragraph, not just an adjective in it.
 */

import { DEFAULT_VOICE, type AnswerLength, type Tone, type Voice } from '../core/voice';

export { ANSWER_LENGTHS, DEFAULT_VOICE, TONES, type AnswerLength, type Tone, type Voice } from '../core/voice';

const IDENTITY = 'You are Codelumi, a coding assistant running locally on the user’s machine through Ollama.';

/** The part every voice keeps word for word. */
const CORE =
  'Be direct and code-first: when code helps, answer with working code in fenced blocks with a language tag. ' +
  'Say so when you are unsure instead of guessing.';

const TONE_TEXT: Record<Tone, string> = {
  friendly:
    'Talk like a friendly colleague pairing with the user: warm, encouraging and in plain words, never condescending. ' +
    'When the user is stuck, a short word of reassurance is welcome, but substance comes first.',
  plain:
    'Keep a neutral, matter-of-fact tone: no greetings, pleasantries, praise or exclamation marks. ' +
    'State what to do and why, and nothing else.',
  playful:
    'Be playful: a light joke or a friendly quip is welcome, at most one per answer, never inside code and never at the user’s expense. ' +
    'However light the words, the code and the facts stay exact.',
  professional:
    'Use a professional, formal register fit for a code review or documentation: complete sentences and precise technical terms, ' +
    'with no slang, jokes or emoji.',
};

const LENGTH_TEXT: Record<AnswerLength, string> = {
  concise:
    'Keep answers short: lead with the code or the one-line fix and add at most two or three sentences. ' +
    'Skip background, alternatives and recaps unless the user asks for them.',
  balanced:
    'Lead with the code, then explain the key points briefly; ' +
    'mention a caveat or an alternative only when it really matters.',
  detailed:
    'Give thorough answers: after the code, explain step by step how and why it works, ' +
    'cover edge cases, trade-offs and alternatives, and say how to test it. Use headings or lists when an answer runs long.',
};

/**
 * The persona paragraph for the system prompt in `voice`. Always starts with
 * "You are Codelumi" and always keeps the code-first, honest-when-unsure
 * core; tone and length each add their own sentences. Unknown values fall
 * back to the default voice's, so an old or odd setting never breaks a prompt.
 */
export function personaFor(voice: { answerLength: AnswerLength; tone: Tone }): string {
  const tone = TONE_TEXT[voice.tone] ?? TONE_TEXT[DEFAULT_VOICE.tone];
  const length = LENGTH_TEXT[voice.answerLength] ?? LENGTH_TEXT[DEFAULT_VOICE.answerLength];
  return [IDENTITY, CORE, tone, length].join(' ');
}

/** Names and one-line descriptions for the settings page. */
export const TONE_CHOICES: Record<Tone, { label: string; description: string }> = {
  friendly: { label: 'Friendly', description: 'Warm and encouraging, like a colleague pairing with you.' },
  plain: { label: 'Plain', description: 'Matter-of-fact. No pleasantries, just what to do.' },
  playful: { label: 'Playful', description: 'A light joke now and then; the code stays serious.' },
  professional: { label: 'Professional', description: 'Formal and precise, ready to paste into a review.' },
};

export const ANSWER_LENGTH_CHOICES: Record<AnswerLength, { label: string; description: string }> = {
  concise: { label: 'Concise', description: 'The code and a line or two.' },
  balanced: { label: 'Balanced', description: 'The code, then the key points.' },
  detailed: { label: 'Detailed', description: 'Step by step, with edge cases and how to test.' },
};

const PREVIEW_OPENING: Record<Tone, string> = {
  friendly: 'Happy to help! ',
  plain: '',
  playful: 'Let’s turn that list around! ',
  professional: 'Certainly. ',
};

const PREVIEW_BODY: Record<AnswerLength, string> = {
  concise: 'Use `items[::-1]`.',
  balanced: 'Use `items[::-1]` for a reversed copy, or `items.reverse()` to flip it in place.',
  detailed:
    'Use `items[::-1]` for a reversed copy, `items.reverse()` to flip it in place, or `reversed(items)` for a lazy iterator. Here is when each one fits…',
};

/** The question the settings preview answers. */
export const PREVIEW_QUESTION = 'How do I reverse a list in Python?';

/**
 * How Codelumi would begin an answer to PREVIEW_QUESTION in `voice`: one
 * short line for the settings page, with inline code in backticks.
 */
export function voicePreview(voice: Voice): string {
  return `${PREVIEW_OPENING[voice.tone] ?? ''}${PREVIEW_BODY[voice.answerLength] ?? PREVIEW_BODY.balanced}`;
}
