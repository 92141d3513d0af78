/**
 * The Context Retriever: for one question, everything worth putting in the
 * prompt besides the conversation itself, in order of importance and within
 * a token budget derived from the model's context length:
 *   1. what was learned (preferences, relevant corrections, the answer style),
 *   2. the project (its stack, @-mentioned files, relevant code),
 *   3. related earlier conversations with the answers that worked.
 * Each retrieval is logged so the on-device reranker can learn which items
 * came before good answers.
 */
import type { CodelumiDB } from '../db/db';
import type { Message, RetrievalRecord } from '../core/records';
import { learningContext } from '../memory/learned-context';
import { memoryProfiles } from '../memory/memory-profiles';
import type { StylePrior } from '../patterns/priors';
import { childrenOf } from '../db/messages';
import type { ContextItem, ContextSection } from '../prompt/context-sections';
import { CONTEXT_SHARE, defaultAnswerReserve } from '../prompt/prompt';
import { estimateTokens } from '../core/tokens';
import { within } from '../core/timing';
import type { QuestionLane } from '../core/question-lane';
import type { EmbeddingStore } from './embedding-store';
import type { ProjectContextItem } from '../projects/project-context';
import { learnedSections } from './learned';
import { PAST_SECTION_HEADING, PAST_SECTION_NAME, PastConversations, renderPast } from './past';
import { trainAndEvaluate, type RerankerModel, type TrainingRow } from './reranker';

/** What a question is retrieved for: the chat actions' request, as is. */
/** What the retriever is asked for one answer. */
export interface RetrieveRequest {
  question: string;
  /** The last few messages before the question, for follow-ups ("and in Go?"). */
  conversationContext: string;
  conversationId?: string;
  projectId?: string;
  contextLength: number;
  /** Items the user dropped in the prompt inspector. */
  exclude?: string[];
  /** The user message being answered (ties the retrieval to the answer's outcome). */
  questionId?: string;
}

/** The retriever's input (the same request). */
export type RetrieveInput = RetrieveRequest;

/** Marked when a question went with part of the memories (the benchmark reads how many rows it held). */
const PARTIAL_MARK = 'codelumi:retrieve:learned-partial';

/** An item a project gives a prompt (lib/projects/project-context.ts). */
export type ProjectItem = ProjectContextItem;

/** The project source: the stack, @-mentioned files and relevant chunks for a question, within a budget. */
export type ProjectSource = (
  db: CodelumiDB,
  input: {
    projectId: string;
    question: string;
    mentions: string[];
    budgetTokens: number;
    exclude?: string[];
    indexWaitMs?: number;
    /** Never wait for an index still being loaded or built (the question goes without chunks). */
    coldFallback?: boolean;
  },
) => Promise<ProjectItem[]>;

export interface RetrieverOptions {
  store: EmbeddingStore;
  project?: {
    context: ProjectSource;
    mentions: (db: CodelumiDB, projectId: string, message: string) => Promise<string[]>;
    /** Builds the project's index ahead of its first question. */
    prepare?: (db: CodelumiDB, projectId: string) => Promise<unknown>;
  };
  now?: () => number;
  random?: () => number;
  /**
   * Evidence from elsewhere for answer styles (the community pack at tier 1 and
   * above, lib/community/pack), read for every question; none when absent.
   */
  stylePriors?: () => Promise<readonly StylePrior[]>;
  /** How long to wait for the question's embedding before going lexical only. */
  embedTimeoutMs?: number;
  /**
   * How long a question waits for an index that is still being built (past
   * questions after a start, a project's chunks after a scan) before going
   * without that source; the build goes on for the next question.
   */
  indexWaitMs?: number;
  /**
   * Save the past-questions index in IndexedDB and load it on open (the
   * worker); off, it is built in memory on first use.
   */
  persistIndexes?: boolean;
  /**
   * How long a question waits for the memories' first load (started at the
   * worker's start) before going with the rows read so far (50 ms).
   */
  memoryWaitMs?: number;
  /** Whose questions go first (the worker's `questionLane` by default): building and saving indexes wait for them. */
  lane?: QuestionLane;
}

const RERANKER_KEY = 'brain.reranker';

/** The project's stack section: its name in the inspector and trace, its heading as the model reads it. */
export const PROJECT_SECTION_NAME = 'Project';
export const PROJECT_SECTION_HEADING = 'The project this conversation is about (use its stack and conventions)';
/** The project's files and chunks section (forget-project.ts finds it by these). */
export const PROJECT_FILES_SECTION_NAME = 'Project files';
export const PROJECT_FILES_SECTION_HEADING = 'Files from the project (quote them exactly, with their paths)';
const PAST_MAX_TOKENS_PER_ITEM = 700;

/** The token budget for context, as constructPrompt will allow it. */
export function contextBudget(contextLength: number, questionTokens: number): number {
  const room = contextLength - defaultAnswerReserve(contextLength) - questionTokens - 200;
  return Math.max(0, Math.floor(room * CONTEXT_SHARE));
}

/** Runs `work`, leaving a `codelumi:retrieve:<name>` performance measure (read by the benchmarks). */
async function stage<T>(name: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    const entry = `codelumi:retrieve:${name}`;
    if (performance.getEntriesByName(entry).length >= 200) performance.clearMeasures(entry);
    performance.measure(entry, { start });
  }
}

export interface Retriever {
  retrieve(input: RetrieveInput): Promise<ContextSection[]>;
  /** Builds the indexes and caches a retrieval reads (for the project too, when given), so the next question does not wait for them. */
  warm(projectId?: string): Promise<void>;
  /** Background work: embed some past questions (when an embedding model is installed). */
  embedSome(limit?: number): Promise<number>;
  /** Retrains the reranker from logged retrievals and outcomes; returns the model (undefined: not enough data yet). */
  train(): Promise<RerankerModel | undefined>;
  /** The reranker as last trained. */
  reranker(): Promise<RerankerModel | undefined>;
  /** These conversations got messages with old times (a later export of an imported one): their questions are read again. */
  reread(conversationIds: Iterable<string>): void;
  /** These conversations were forgotten: their questions leave the index (and its saved copy), its term counts and the vectors in memory. */
  forget(conversationIds: Iterable<string>): Promise<void>;
  /** The past-questions index, for its state (ready, loaded or built) and for saving it now. */
  readonly pastIndex: PastConversations['index'];
}

export function createRetriever(db: CodelumiDB, options: RetrieverOptions): Retriever {
  const now = options.now ?? Date.now;
  const indexWaitMs = options.indexWaitMs ?? 1000;
  const past = new PastConversations(db, options.store, { persist: options.persistIndexes, lane: options.lane });
  let model: RerankerModel | undefined;
  let modelLoaded = false;

  const loadModel = async () => {
    if (!modelLoaded) {
      model = (await db.meta.get(RERANKER_KEY))?.value as RerankerModel | undefined;
      modelLoaded = true;
    }
    return model;
  };

  return {
    retrieve: (input) =>
      stage('all', async () => {
        const exclude = new Set(input.exclude ?? []);
        const budget = contextBudget(input.contextLength, estimateTokens(input.question));
        /** At most this much of the budget goes to the project's files and chunks. */
        const filesBudget = Math.floor(budget * 0.7);
        const sections: ContextSection[] = [];
        let used = 0;
        const take = (items: ContextItem[], cap: number): ContextItem[] => {
          const out: ContextItem[] = [];
          let spent = 0;
          for (const item of items) {
            if (exclude.has(item.id)) continue;
            if (spent + item.tokens > cap || used + spent + item.tokens > budget) continue;
            spent += item.tokens;
            out.push(item);
          }
          used += spent;
          return out;
        };

        // The slow parts run at once: the question's embedding (Ollama), what was
        // learned, the project, and the earlier conversations (only their semantic half waits for the embedding).
        const vector = within(options.store.embedQuery(input.question), options.embedTimeoutMs ?? 1500);
        const learnedWork = stage('learned', async () =>
          learningContext(
            db,
            input.question,
            input.conversationContext,
            options.random,
            // Without the community's evidence the user's own still steers: a pack that cannot be read is left out.
            await (options.stylePriors?.() ?? Promise.resolve([])).catch((err: unknown) => {
              console.warn('Codelumi could not read the community pack', err);
              return [];
            }),
            {
              budgetMs: options.memoryWaitMs ?? 50,
              // The question went with the memories read so far: the trace for the benchmark says how many.
              onPartial: (rowsHeld) => {
                // Bounded like the stage measures: a long session does not keep every mark.
                if (performance.getEntriesByName(PARTIAL_MARK).length >= 200) performance.clearMarks(PARTIAL_MARK);
                performance.mark(PARTIAL_MARK, { detail: { rowsHeld } });
              },
            },
          ),
        );
        const projectWork =
          input.projectId && options.project
            ? stage('project', async () => {
                const projectId = input.projectId!;
                const mentions = await options.project!.mentions(db, projectId, input.question).catch(() => []);
                return options
                  .project!.context(db, {
                    projectId,
                    question: input.question,
                    mentions,
                    budgetTokens: filesBudget,
                    exclude: [...exclude],
                    indexWaitMs,
                    coldFallback: true,
                  })
                  .catch(() => [] as ProjectItem[]);
              })
            : Promise.resolve([] as ProjectItem[]);
        const pastWork = stage('past', async () =>
          past.candidates(input.question, {
            excludeConversationId: input.conversationId,
            projectId: input.projectId,
            now: now(),
            model: await loadModel(),
            queryVector: vector,
            indexWaitMs,
            // A question never waits on a build: until the index is ready, the newest questions.
            recentFallback: true,
          }),
        );

        // 1. What was learned: small, and always first.
        for (const s of learnedSections(await learnedWork)) {
          const items = take(s.items, budget);
          if (items.length) sections.push({ ...s, items });
        }

        // 2. The project: its stack, mentioned files, then relevant code.
        const projectItems = await projectWork;
        const stack = take(
          projectItems
            .filter((i) => i.kind === 'stack')
            .map((i) => ({ id: i.id, source: 'stack' as const, label: i.label, text: i.text, tokens: i.tokens })),
          budget,
        );
        if (stack.length)
          sections.push({
            name: PROJECT_SECTION_NAME,
            heading: PROJECT_SECTION_HEADING,
            layout: 'list',
            items: stack,
          });
        const files = take(
          projectItems
            .filter((i) => i.kind !== 'stack')
            .map((i) => ({
              id: i.id,
              source: i.kind === 'file' ? ('file' as const) : ('chunk' as const),
              label: i.label,
              text: i.text,
              tokens: i.tokens,
            })),
          filesBudget,
        );
        if (files.length)
          sections.push({
            name: PROJECT_FILES_SECTION_NAME,
            heading: PROJECT_FILES_SECTION_HEADING,
            layout: 'blocks',
            items: files,
          });

        // 3. Related earlier conversations, ranked (learned order once it beats the untrained one).
        const candidates = await pastWork;
        const pastBudget = Math.min(budget - used, 2 * PAST_MAX_TOKENS_PER_ITEM);
        const pastItems: ContextItem[] = candidates.slice(0, 3).map((c) => {
          const text = renderPast(c, Math.min(PAST_MAX_TOKENS_PER_ITEM, Math.max(120, Math.floor(pastBudget / 2))));
          const gist = c.question.replace(/\s+/g, ' ').slice(0, 60);
          return {
            id: `qa:${c.answerId}`,
            source: 'conversation',
            label: `“${gist}${c.question.length > 60 ? '…' : ''}” (${new Date(c.at).toISOString().slice(0, 10)})`,
            text,
            tokens: estimateTokens(text),
          };
        });
        const chosen = take(pastItems, pastBudget);
        if (chosen.length)
          sections.push({
            name: PAST_SECTION_NAME,
            heading: PAST_SECTION_HEADING,
            layout: 'blocks',
            items: chosen,
          });

        // A question in a conversation kept out of learning teaches the reranker nothing: no log.
        const learning = !input.conversationId || !(await db.conversations.get(input.conversationId))?.noLearn;
        if (input.questionId && candidates.length && learning) {
          const included = new Set(chosen.map((i) => i.id));
          const record: RetrievalRecord = {
            id: `${input.questionId}:${now()}`,
            questionId: input.questionId,
            createdAt: now(),
            candidates: candidates.map((c) => ({
              itemId: `qa:${c.answerId}`,
              features: c.features,
              baseline: c.baseline,
              included: included.has(`qa:${c.answerId}`),
            })),
          };
          await db.retrievals.put(record).catch(() => undefined);
        }
        return sections;
      }),

    async warm(projectId) {
      await Promise.all([
        past.refresh(),
        // Which model embeds (an /api/tags round trip, then kept a few minutes): not on the first question's path.
        options.store.currentModel(),
        // The memories and each correction's comparison profile, read once and then kept current by id.
        memoryProfiles(db).start(),
        loadModel(),
        projectId && options.project?.prepare ? options.project.prepare(db, projectId) : undefined,
      ]);
    },

    embedSome: (limit) => past.embedSome(limit),

    reread: (conversationIds) => past.reread(conversationIds),

    forget: (conversationIds) => past.forget(conversationIds),

    pastIndex: past.index,

    async train() {
      const rows: TrainingRow[] = [];
      const retrievals = await db.retrievals.orderBy('createdAt').reverse().limit(2000).toArray();
      // A few bulk reads, not two round trips per retrieval.
      const answers = await childrenOf(
        db,
        retrievals.map((r) => r.questionId),
      );
      const records = await db.answers.bulkGet(answers.map((a) => a.id));
      const outcomes = new Map(answers.map((a, i) => [a.id, records[i]?.outcome]));
      const answersTo = new Map<string, Message[]>();
      for (const a of answers) {
        const siblings = answersTo.get(a.parentId!);
        if (siblings) siblings.push(a);
        else answersTo.set(a.parentId!, [a]);
      }
      for (const r of retrievals) {
        for (const answer of answersTo.get(r.questionId) ?? []) {
          const outcome = outcomes.get(answer.id);
          if (outcome !== 'positive' && outcome !== 'negative') continue;
          const inPrompt = new Set((answer.trace?.sections ?? []).flatMap((s) => s.items.map((i) => i.id)));
          for (const c of r.candidates) {
            if (!inPrompt.has(c.itemId)) continue;
            rows.push({ features: c.features, label: outcome === 'positive' ? 1 : 0, at: r.createdAt });
          }
        }
      }
      const trained = trainAndEvaluate(rows, now());
      if (trained) {
        model = trained;
        modelLoaded = true;
        await db.meta.put({ key: RERANKER_KEY, value: trained });
      }
      return trained;
    },

    reranker: loadModel,
  };
}
