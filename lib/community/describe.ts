/**
 * The words a shared pattern carries, generated from its two keys only
 * ("react debugging questions: short, code first answers"), never from the
 * user's questions or Codelumi's answers.
 */
import { parseKindKey, styleLabel } from '../patterns/classify';
import { MAX_DESCRIPTION_CHARS } from '../privacy/hub-api';

const INTENT_WORDS: Record<string, string> = {
  explain: 'explanation',
  write: 'code-writing',
  debug: 'debugging',
  fix_error: 'error-fixing',
  refactor: 'refactoring',
  review: 'review',
  compare: 'comparison',
  how_to: 'how-to',
  other: 'other',
};

/** A plain description of (question kind → answer style), at most MAX_DESCRIPTION_CHARS long. */
export function describePattern(questionKind: string, answerStyle: string): string {
  const { topic, intent } = parseKindKey(questionKind);
  return `${topic} ${INTENT_WORDS[intent] ?? intent} questions: ${styleLabel(answerStyle)} answers`.slice(
    0,
    MAX_DESCRIPTION_CHARS,
  );
}
