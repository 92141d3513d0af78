/**
 * Preference pairs (prompt, chosen, rejected) for DPO/ORPO, from three
 * places where the user's behaviour says which of two answers was better:
 * a correction (what they said was right vs the answer they corrected), a
 * regeneration (the branch they kept and used vs the one they abandoned),
 * and a fix loop (the answer whose code passed vs the one whose code failed,
 * for the same request).
 */
import type { CodelumiDB } from '../db/db';
import type { Memory, Message, Run, SignalKind } from '../core/records';
import { correctionKey } from '../memory/learned';
import { correctionChosen } from '../memory/corrections';
import { extractCodeBlocks } from '../markdown/code-blocks';
import { SIGNAL_SPECS } from '../signals/kinds';
import { buildThread } from '../db/thread';
import { readTrainingSource, type TrainingSource } from './source';
import { answerEvidence, answerLanguage, inRange, languageId, round, systemFor } from './evidence';
import { describeAnswer } from '../patterns/classify';
import { anonymizePair, memoAnonymizer } from './anonymize';
import { dedupe, pairKey } from './dedupe';
import type { ExportFilters, PairSource, PreferencePair } from './types';

/** A finished assistant answer with words. */
function isAnswer(m: Message | undefined): m is Message {
  return !!m && m.role === 'assistant' && m.status === 'complete' && !!m.content.trim();
}

function isQuestion(m: Message | undefined): m is Message {
  return !!m && m.role === 'user' && !!m.content.trim();
}

/** The correction memories by their key: a correction's training pair belongs to the one with its key. */
function correctionMemories(source: TrainingSource): Map<string, Memory> {
  const out = new Map<string, Memory>();
  for (const m of source.memories.values()) if (m.kind === 'correction' && m.key) out.set(m.key, m);
  return out;
}

/**
 * Corrections: what the user said was right (chosen, as its memory holds it)
 * against the answer they corrected (rejected). Only while the correction's
 * memory stands: none when it was deleted, switched off or withdrawn
 * (confidence 0).
 */
export function correctionPairs(source: TrainingSource, filters: ExportFilters): PreferencePair[] {
  const memories = correctionMemories(source);
  return source.corrections.flatMap((p) => {
    const memory = memories.get(correctionKey(p.question, p.chosen));
    if (!memory || memory.enabled !== 1 || !(memory.confidence > 0)) return [];
    const answer = source.messages.get(p.messageId);
    const said = source.signals.get(p.messageId)?.find((s) => s.kind === 'user_corrected');
    const language = answer ? answerLanguage(source, answer) : languageId(describeAnswer(p.rejected).language);
    const chosen = correctionChosen(p, memory);
    if (!p.question.trim() || !chosen.trim() || !p.rejected.trim()) return [];
    const pair: PreferencePair = {
      id: `correction:${p.id}`,
      source: 'correction',
      conversationId: p.conversationId,
      projectId: source.conversations.get(p.conversationId)?.projectId,
      system: systemFor(source, answer, filters.systemPrompt),
      prompt: p.question,
      chosen,
      rejected: p.rejected,
      confidence: round(said?.confidence ?? SIGNAL_SPECS.user_corrected.confidence),
      language,
      createdAt: p.createdAt,
    };
    return [pair];
  });
}

/**
 * A pair of two answers to one request (a regeneration's branches, a fix
 * loop's failed and passing answers): its id, model, language and time are
 * the chosen answer's; the system prompt is `systemOf`'s, the one the request was asked under.
 */
function answerPair(
  source: TrainingSource,
  filters: ExportFilters,
  kind: 'regeneration' | 'fix',
  p: { chosen: Message; rejected: Message; request: Message; systemOf: Message; confidence: number },
): PreferencePair {
  return {
    id: `${kind}:${p.chosen.id}:${p.rejected.id}`,
    source: kind,
    conversationId: p.chosen.conversationId,
    projectId: source.conversations.get(p.chosen.conversationId)?.projectId,
    system: systemFor(source, p.systemOf, filters.systemPrompt),
    prompt: p.request.content,
    chosen: p.chosen.content,
    rejected: p.rejected.content,
    model: p.chosen.model ?? p.chosen.trace?.model,
    confidence: p.confidence,
    language: answerLanguage(source, p.chosen),
    createdAt: p.chosen.createdAt,
  };
}

/** The ids of every conversation's thread on screen (root to its `leafId`). */
function threads(source: TrainingSource): Set<string> {
  const byConversation = new Map<string, Message[]>();
  for (const m of source.messages.values()) {
    const list = byConversation.get(m.conversationId);
    if (list) list.push(m);
    else byConversation.set(m.conversationId, [m]);
  }
  const on = new Set<string>();
  for (const [id, messages] of byConversation) {
    for (const e of buildThread(messages, source.conversations.get(id)?.leafId)) on.add(e.message.id);
  }
  return on;
}

/**
 * Regenerations: sibling answers to one question where one is on the
 * conversation's thread and was used (a positive outcome, counting "the
 * conversation went on from it" with the weight of the weakest positive
 * signal, no_followup), and another is off the thread with no positive signal.
 */
export function regenerationPairs(source: TrainingSource, filters: ExportFilters): PreferencePair[] {
  const onThread = threads(source);
  const out: PreferencePair[] = [];
  for (const question of source.messages.values()) {
    if (!isQuestion(question)) continue;
    const answers = (source.children.get(question.id) ?? []).filter(isAnswer);
    if (answers.length < 2) continue;
    const kept = answers.find((a) => onThread.has(a.id));
    if (!kept) continue;
    const continued = (source.children.get(kept.id) ?? []).some((m) => m.role === 'user');
    const used = answerEvidence(source.signals.get(kept.id) ?? [], continued ? ['no_followup'] : []);
    if (used.outcome !== 'positive') continue;
    for (const other of answers) {
      if (other.id === kept.id || onThread.has(other.id)) continue;
      if ((source.signals.get(other.id) ?? []).some((s) => s.polarity > 0)) continue;
      out.push(
        answerPair(source, filters, 'regeneration', {
          chosen: kept,
          rejected: other,
          request: question,
          systemOf: kept,
          confidence: used.confidence,
        }),
      );
    }
  }
  return out;
}

/** Runs of the model's own code: a run of code the user edited says nothing about the answer. */
const ownRuns = (runs: readonly Run[] | undefined) => (runs ?? []).filter((r) => !r.edited);

/** How "Fix it" opens its follow-up (lib/runner/follow-ups.ts `fixPrompt`). */
const FIX_LEAD = /^Fix it: this .+ code failed when I ran it\./;

/** The code a "Fix it" prompt quotes (its first code block), or undefined when `m` is not one. */
function quotedCode(m: Message | undefined): string | undefined {
  if (!m || m.role !== 'user' || !FIX_LEAD.test(m.content)) return undefined;
  return extractCodeBlocks(m.content)
    .find((b) => b.closed)
    ?.code.trim();
}

/**
 * The answer a "Fix it" prompt was about: the latest answer of its
 * conversation, written before it, with a failed run of the model's own
 * code that is the code the prompt quotes. "Fix it" sends its follow-up
 * after the thread's last message, which need not be that answer, so the
 * prompt's parent says nothing; undefined when no run matches.
 */
function fixedAnswer(source: TrainingSource, prompt: Message | undefined): Message | undefined {
  const code = quotedCode(prompt);
  if (!prompt || code === undefined) return undefined;
  let found: Message | undefined;
  for (const [messageId, runs] of source.runs) {
    const m = source.messages.get(messageId);
    if (!isAnswer(m) || m.conversationId !== prompt.conversationId || m.createdAt > prompt.createdAt) continue;
    if (!ownRuns(runs).some((r) => r.status !== 'ok' && r.code.trim() === code)) continue;
    if (!found || m.createdAt > found.createdAt) found = m;
  }
  return found;
}

/**
 * Fix loops: an answer whose code failed (a run of its own, unedited code
 * with an error or time-out) against the answer whose code then ran clean
 * under "Fix it" (an unedited run with trigger 'fix' and status 'ok'), for
 * the user's original request. The failed answer is the one whose code the
 * "Fix it" prompt quotes. A chain of failed attempts pairs the passing code
 * with the first failing answer, because that one answered the request
 * itself. No pair when the chosen answer's own outcome is negative or mixed.
 */
export function fixPairs(source: TrainingSource, filters: ExportFilters): PreferencePair[] {
  const out: PreferencePair[] = [];
  for (const [messageId, runs] of source.runs) {
    const pass = ownRuns(runs).find((r) => r.trigger === 'fix' && r.status === 'ok');
    const chosen = source.messages.get(messageId);
    if (!pass || !isAnswer(chosen)) continue;
    const prompt = (m: Message) => (m.parentId ? source.messages.get(m.parentId) : undefined);
    let rejected = fixedAnswer(source, prompt(chosen));
    for (let guard = 0; rejected && guard < 20; guard++) {
      const earlier = fixedAnswer(source, prompt(rejected));
      if (!earlier) break;
      rejected = earlier;
    }
    const request = rejected ? prompt(rejected) : undefined;
    if (!rejected || !isQuestion(request) || quotedCode(request) !== undefined) continue;
    const extra: SignalKind[] = pass.passed ? ['code_ran_ok', 'tests_passed'] : ['code_ran_ok'];
    const { outcome, confidence } = answerEvidence(source.signals.get(chosen.id) ?? [], extra);
    if (outcome === 'negative' || outcome === 'mixed') continue;
    out.push(answerPair(source, filters, 'fix', { chosen, rejected, request, systemOf: rejected, confidence }));
  }
  return out;
}

const SOURCES: Record<PairSource, (source: TrainingSource, filters: ExportFilters) => PreferencePair[]> = {
  correction: correctionPairs,
  regeneration: regenerationPairs,
  fix: fixPairs,
};

/** Every pair within the filters, before anonymization and de-duplication (`ignoreLanguage`: for the language list). */
export function pairCandidates(
  source: TrainingSource,
  filters: ExportFilters,
  options: { ignoreLanguage?: boolean } = {},
): PreferencePair[] {
  return (Object.keys(SOURCES) as PairSource[])
    .flatMap((name) => SOURCES[name](source, filters))
    .filter(
      (p) =>
        p.confidence >= filters.minConfidence &&
        inRange(filters, p.createdAt) &&
        (filters.projectId === undefined || p.projectId === filters.projectId) &&
        (options.ignoreLanguage || filters.language === undefined || p.language === filters.language),
    );
}

/** The pairs as exported: anonymized when asked, each (prompt, chosen, rejected) once (the most confident), best first. */
export function preferencePairsFrom(source: TrainingSource, filters: ExportFilters): PreferencePair[] {
  return preferencePairsOf(pairCandidates(source, filters), filters);
}

/** `candidates` (already within the filters, language included) as they are exported: see preferencePairsFrom. */
export function preferencePairsOf(candidates: PreferencePair[], filters: ExportFilters): PreferencePair[] {
  let pairs = candidates;
  if (filters.anonymize) {
    const clean = memoAnonymizer();
    pairs = pairs.map((p) => anonymizePair(p, clean));
  }
  return dedupe(pairs, pairKey).sort((a, b) => b.confidence - a.confidence || b.createdAt - a.createdAt);
}

/**
 * The preference pairs of corrections, regenerations and fix loops, best
 * first: never one from a conversation in the bin, forgotten or kept out of
 * learning, nor from a correction whose memory was deleted (its pair went
 * with it); anonymized when `filters.anonymize`.
 */
export async function selectPreferencePairs(db: CodelumiDB, filters: ExportFilters): Promise<PreferencePair[]> {
  return preferencePairsFrom(await readTrainingSource(db), filters);
}
