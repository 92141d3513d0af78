/**
 * SFT examples: answers that went well by the calibrated signals, with the
 * question they answered, the system prompt and the earlier turns that were
 * sent with them. The personal model (lib/personal) reads the best of them
 * as its few-shot history.
 */
import type { CodelumiDB } from '../db/db';
import type { Message } from '../core/records';
import { readTrainingSource, type TrainingSource } from './source';
import { answerEvidence, answerLanguage, historyFor, inRange, systemFor } from './evidence';
import { anonymizeExample, memoAnonymizer } from './anonymize';
import { dedupe, sftKey } from './dedupe';
import type { ExportFilters, SftExample } from './types';

/** An answer the export could learn from: finished, with words, answering a user's question. */
function questionOf(source: TrainingSource, answer: Message): Message | undefined {
  if (answer.role !== 'assistant' || answer.status !== 'complete' || !answer.content.trim()) return undefined;
  const question = answer.parentId ? source.messages.get(answer.parentId) : undefined;
  return question?.role === 'user' && question.content.trim() ? question : undefined;
}

/**
 * Every answer with a positive outcome whose positive strength reaches
 * `filters.minConfidence`, within the filters, before anonymization and
 * de-duplication. `ignoreLanguage` lists what the language filter would
 * choose from (the dialog's language list).
 */
export function sftCandidates(
  source: TrainingSource,
  filters: ExportFilters,
  options: { ignoreLanguage?: boolean } = {},
): SftExample[] {
  const out: SftExample[] = [];
  for (const answer of source.messages.values()) {
    const question = questionOf(source, answer);
    if (!question) continue;
    const conversation = source.conversations.get(answer.conversationId)!;
    if (filters.projectId !== undefined && conversation.projectId !== filters.projectId) continue;
    if (!inRange(filters, answer.createdAt)) continue;
    const { outcome, confidence, evidence } = answerEvidence(source.signals.get(answer.id) ?? []);
    if (outcome !== 'positive' || evidence.length === 0 || confidence < filters.minConfidence) continue;
    const language = answerLanguage(source, answer);
    if (!options.ignoreLanguage && filters.language !== undefined && language !== filters.language) continue;
    out.push({
      id: answer.id,
      conversationId: answer.conversationId,
      projectId: conversation.projectId,
      system: systemFor(source, answer, filters.systemPrompt),
      history: historyFor(source, answer, question.id),
      question: question.content,
      answer: answer.content,
      model: answer.model ?? answer.trace?.model,
      confidence,
      evidence,
      language,
      createdAt: answer.createdAt,
    });
  }
  return out;
}

/** The candidates as they are exported: anonymized when asked, each (question, answer) once (the most confident), best first. */
export function sftExamplesFrom(source: TrainingSource, filters: ExportFilters, limit?: number): SftExample[] {
  return sftExamplesOf(sftCandidates(source, filters), filters, limit);
}

/** `candidates` (already within the filters, language included) as they are exported: see sftExamplesFrom. */
export function sftExamplesOf(candidates: SftExample[], filters: ExportFilters, limit?: number): SftExample[] {
  let examples = candidates;
  if (filters.anonymize) {
    const clean = memoAnonymizer();
    examples = examples.map((e) => anonymizeExample(e, clean));
  }
  const best = dedupe(examples, sftKey).sort((a, b) => b.confidence - a.confidence || b.createdAt - a.createdAt);
  return limit === undefined ? best : best.slice(0, limit);
}

/**
 * The answers that went well, best (highest confidence) first: never one
 * from a conversation in the bin, forgotten or kept out of learning; each
 * (question, answer) once; anonymized when `filters.anonymize`.
 */
export async function selectSftExamples(
  db: CodelumiDB,
  filters: ExportFilters,
  options?: { limit?: number },
): Promise<SftExample[]> {
  return sftExamplesFrom(await readTrainingSource(db), filters, options?.limit);
}
