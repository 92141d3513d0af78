/**
 * Anonymization of what the export writes, through the project's anonymizer
 * (lib/privacy/anonymize): secrets, home-directory paths and personal data in
 * every text field become typed placeholders (`<AWS_KEY>`, `<PATH>`,
 * `<EMAIL>`). Paths inside a project (`src/app.ts`) stay: they carry no
 * person and the code needs them to make sense.
 */
import { anonymize } from '../privacy/anonymize';
import type { PreferencePair, SftExample } from './types';

/** `text` with every secret and personal datum replaced. */
export function anonymizeText(text: string): string {
  return text ? anonymize(text).text : text;
}

/** The example with its system prompt, earlier turns, question and answer anonymized. */
export function anonymizeExample(example: SftExample): SftExample {
  return {
    ...example,
    system: anonymizeText(example.system),
    history: example.history.map((t) => ({ role: t.role, content: anonymizeText(t.content) })),
    question: anonymizeText(example.question),
    answer: anonymizeText(example.answer),
  };
}

/** The pair with its system prompt, prompt, chosen and rejected answers anonymized. */
export function anonymizePair(pair: PreferencePair): PreferencePair {
  return {
    ...pair,
    system: anonymizeText(pair.system),
    prompt: anonymizeText(pair.prompt),
    chosen: anonymizeText(pair.chosen),
    rejected: anonymizeText(pair.rejected),
  };
}
