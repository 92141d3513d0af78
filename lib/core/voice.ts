/**
 * The voice a user picks for Codelumi: how long answers are and how they
 * sound. The settings store these values; the persona (lib/prompt/persona.ts)
 * turns them into words of the system prompt.
 */

/** How much Codelumi writes around the code. */
export const ANSWER_LENGTHS = ['concise', 'balanced', 'detailed'] as const;
export type AnswerLength = (typeof ANSWER_LENGTHS)[number];

/** How Codelumi sounds. */
export const TONES = ['friendly', 'plain', 'playful', 'professional'] as const;
export type Tone = (typeof TONES)[number];

/** One user's choice of answer length and tone. */
export interface Voice {
  answerLength: AnswerLength;
  tone: Tone;
}

/** The voice of a user who never changed it. */
export const DEFAULT_VOICE: Readonly<Voice> = { answerLength: 'balanced', tone: 'friendly' };
