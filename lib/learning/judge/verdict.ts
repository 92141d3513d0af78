/**
 * What the judge asks the local model and what it accepts back: a prompt that
 * states the six classes the way the training data was labelled, Ollama's
 * structured output (`format`, a JSON schema) and a zod check of the reply.
 * A reply that does not fit is not a verdict: the detector's reading stands.
 */
import * as z from '../../core/zod';
import { MODEL_CLASSES, type ModelClass } from '../../signals/learned/model';

/** The model's verdict on one follow-up. */
export interface Verdict {
  label: ModelClass;
  /** How sure the model says it is, 0–1. */
  confidence: number;
}

/** The JSON schema sent as `format`: Ollama constrains the reply to it. */
export const VERDICT_FORMAT = {
  type: 'object',
  properties: {
    label: { type: 'string', enum: [...MODEL_CLASSES] },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
  },
  required: ['label', 'confidence'],
} as const;

const verdictSchema = z.object({
  label: z.enum(MODEL_CLASSES),
  confidence: z.number().check(z.minimum(0), z.maximum(1)),
});

/** The verdict in a reply's text, or undefined when it is not one (not JSON, another shape, a label not offered). */
export function parseVerdict(text: string): Verdict | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = verdictSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** What the judge shows the model: the exchange and the follow-up, each cut to a size a small model reads well. */
export interface JudgeInput {
  question?: string;
  answer: string;
  followUp: string;
}

const SYSTEM = `You classify a developer's follow-up message to a coding assistant's answer. Reply with JSON only.
Labels:
- thanks: opens by approving of the answer or thanking for it ("thanks, that works", "it builds now").
- code_error: pastes error output: an error message, a traceback, a failing test run, compiler or build output.
- said_wrong: says the answer is wrong, does not work or is incomplete, without pasting the error or giving the fix.
- user_corrected: supplies the fix, a constraint or a fact the answer got wrong or missed ("no, use X", "I mean...", "in C++").
- repeated_question: asks for the same thing again (a resend, "try again", "show the whole code again", a rephrased re-ask).
- new_question: anything else: a new request, a follow-up question, "continue", answering the assistant's question.
confidence: how sure you are, from 0 to 1.`;

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n[…cut]`;
}

/** The chat messages of one judging request. */
export function judgeMessages(input: JudgeInput): { role: 'system' | 'user'; content: string }[] {
  const parts = [
    input.question ? `Developer's question:\n${cut(input.question, 1500)}` : undefined,
    `Assistant's answer:\n${cut(input.answer, 1500)}`,
    `Developer's follow-up (classify this):\n${cut(input.followUp, 2000)}`,
  ].filter((p): p is string => !!p);
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: parts.join('\n\n---\n\n') },
  ];
}
