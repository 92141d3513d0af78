/**
 * What each table's rows must look like to be imported: the fields the app
 * reads to find, show and link a row (ids, links, times, kinds). Fields a
 * schema does not name pass through untouched, so a row comes back exactly as
 * it went out; the shapes are those of lib/core/records.ts, and events are
 * read with the app's own event schema (lib/db/events.ts).
 */
import * as z from '../core/zod';
import { readEvent } from '../db/events';
import type { ArchiveTable } from './format';
import { pathProblem } from '../runner/program-files';

const id = z.string().check(z.minLength(1));
const time = z.number();
const optionalString = z.optional(z.string());
const kinds = [
  'code_ran_ok',
  'code_copied',
  'thanks',
  'no_followup',
  'tests_passed',
  'repeated_question',
  'said_wrong',
  'code_error',
  'user_corrected',
  'left_immediately',
] as const;
const signalKind = z.enum(kinds);

const schemas: Record<Exclude<ArchiveTable, 'events'>, z.ZodMiniType> = {
  settings: z.looseObject({ key: id }),
  meta: z.looseObject({ key: id }),
  knownModels: z.looseObject({ host: id, models: z.array(z.looseObject({ name: z.string() })), savedAt: time }),
  projects: z.looseObject({
    id,
    name: z.string(),
    profile: z.optional(z.looseObject({ entries: z.array(z.looseObject({ id, name: z.string() })) })),
    createdAt: time,
    updatedAt: time,
  }),
  projectFiles: z.looseObject({ id, projectId: id, path: z.string(), content: z.string(), updatedAt: time }),
  conversations: z.looseObject({
    id,
    title: z.string(),
    titleSource: z.enum(['pending', 'auto', 'fallback', 'user']),
    pinned: z.union([z.literal(0), z.literal(1)]),
    createdAt: time,
    updatedAt: time,
    leafId: optionalString,
    deletedAt: z.optional(time),
    projectId: optionalString,
    messageCount: z.optional(z.count()),
    noLearn: z.optional(z.boolean()),
    noLearnChangedAt: z.optional(time),
  }),
  messages: z.looseObject({
    id,
    conversationId: id,
    parentId: z.nullable(z.string()),
    role: z.enum(['system', 'user', 'assistant']),
    content: z.string(),
    thinking: optionalString,
    status: z.enum(['streaming', 'complete', 'interrupted', 'error']),
    createdAt: time,
    updatedAt: time,
  }),
  drafts: z.looseObject({ key: id, text: z.string(), updatedAt: time }),
  runs: z.looseObject({
    id,
    messageId: id,
    conversationId: id,
    blockIndex: z.count(),
    language: z.string(),
    code: z.string(),
    status: z.enum(['ok', 'error', 'timeout']),
    createdAt: time,
  }),
  signals: z.looseObject({
    id,
    messageId: id,
    conversationId: z.string(),
    kind: signalKind,
    polarity: z.union([z.literal(1), z.literal(-1)]),
    confidence: z.number(),
    evidence: z.string(),
    createdAt: time,
  }),
  signalCorrections: z.looseObject({
    id,
    signalId: id,
    answerId: id,
    conversationId: z.string(),
    from: signalKind,
    to: z.enum([...kinds, 'none']),
    createdAt: time,
  }),
  answers: z.looseObject({
    messageId: id,
    conversationId: z.string(),
    questionKind: z.string(),
    answerStyle: z.string(),
    outcome: z.enum(['positive', 'negative', 'mixed', 'unknown']),
    usedMemoryIds: z.array(z.string()),
    createdAt: time,
    updatedAt: time,
  }),
  patterns: z.looseObject({
    id,
    questionKind: z.string(),
    answerStyle: z.string(),
    successes: z.number(),
    failures: z.number(),
    updatedAt: time,
  }),
  memories: z.looseObject({
    id,
    kind: z.enum(['preference', 'fact', 'correction', 'project_note', 'plan_lesson']),
    text: z.string(),
    source: z.enum(['explicit', 'inferred', 'user']),
    enabled: z.union([z.literal(0), z.literal(1)]),
    createdAt: time,
    updatedAt: time,
    messageId: optionalString,
    conversationId: optionalString,
    // Absent in archives from before memories kept their sources.
    sources: z.optional(
      z.array(
        z.looseObject({
          conversationId: optionalString,
          messageId: optionalString,
          evidence: optionalString,
          text: optionalString,
        }),
      ),
    ),
  }),
  trainingPairs: z.looseObject({
    id,
    messageId: id,
    question: z.string(),
    rejected: z.string(),
    chosen: z.string(),
    createdAt: time,
  }),
  retrievals: z.looseObject({
    id,
    questionId: id,
    createdAt: time,
    candidates: z.array(z.looseObject({ itemId: z.string(), features: z.array(z.number()) })),
  }),
  contributions: z.looseObject({ id, status: z.enum(['previewed', 'queued', 'sent', 'discarded']), createdAt: time }),
  personalModels: z.looseObject({
    id,
    name: z.string().check(z.minLength(1)),
    family: z.string(),
    version: z.number(),
    host: z.string(),
    base: z.string(),
    kind: z.enum(['personal', 'adapter']),
    system: z.string(),
    messages: z.array(z.looseObject({ role: z.enum(['user', 'assistant']), content: z.string() })),
    inputs: z.looseObject({
      memoryIds: z.array(z.string()),
      exampleIds: z.array(z.string()),
      conversationIds: z.array(z.string()),
    }),
    status: z.enum(['creating', 'created', 'failed', 'deleted']),
    createdAt: time,
    updatedAt: time,
  }),
  modelComparisons: z.looseObject({
    id,
    sessionId: id,
    questionId: id,
    conversationId: id,
    baseline: z.string(),
    candidate: z.string(),
    shownFirst: z.enum(['baseline', 'candidate']),
    verdict: z.enum(['baseline', 'candidate', 'same']),
    createdAt: time,
  }),
  plans: z.looseObject({
    id,
    title: z.string(),
    request: z.string(),
    plan: z.looseObject({
      goal: z.string(),
      files: z.array(z.looseObject({ path: z.string(), purpose: z.string() })),
      steps: z.array(
        z.looseObject({
          id,
          title: z.string(),
          files: z.array(z.string()),
          dependsOn: z.array(z.string()),
          check: z.looseObject({
            kind: z.enum(['test', 'run', 'preview', 'review']),
            testFile: optionalString,
            entry: optionalString,
            language: z.optional(z.enum(['python', 'javascript', 'typescript'])),
          }),
        }),
      ),
    }),
    status: z.enum(['planning', 'planning-failed', 'draft', 'executing', 'paused', 'stopped', 'done', 'failed']),
    model: z.string(),
    // A sentence (a failed step; rows stored before errors kept their code) or an error as a message keeps it.
    error: z.optional(
      z.union([
        z.string(),
        z.looseObject({ code: z.string(), message: z.string(), details: z.optional(z.looseObject({})) }),
      ]),
    ),
    conversationId: optionalString,
    projectId: optionalString,
    patternIds: z.array(z.string()),
    createdAt: time,
    updatedAt: time,
  }),
  planSteps: z.looseObject({
    id,
    planId: id,
    stepId: id,
    status: z.enum(['pending', 'writing', 'checking', 'fixing', 'passed', 'fixed', 'failed', 'skipped', 'accepted']),
    attempts: z.array(
      z.looseObject({
        n: z.number(),
        kind: z.enum(['write', 'fix', 'user-edit']),
        files: z.array(z.string()),
        check: z.optional(
          z.looseObject({
            status: z.enum(['ok', 'error', 'timeout', 'accepted', 'rejected']),
            passed: z.number(),
            failed: z.number(),
            message: optionalString,
            output: z.string(),
          }),
        ),
        startedAt: time,
      }),
    ),
    updatedAt: time,
  }),
  // The Planner's path rule (paths.ts) is the import's `rowCheck` hook (lib/planner/archive-rows.ts); here a path
  // is a workspace path the sandbox would take (no `..`, absolute, backslash or control character).
  workspaceFiles: z.looseObject({
    id,
    planId: id,
    path: z.string().check(
      z.minLength(1),
      z.refine((p) => pathProblem(p) === undefined, 'not a path inside the workspace'),
    ),
    version: z.int().check(z.minimum(1), z.maximum(1_000_000)),
    content: z.string(),
    stepId: z.string(),
    source: z.enum(['model', 'user']),
    createdAt: time,
  }),
};

/**
 * Checks one row of `table`. Returns why it is refused ("messages: role:
 * Invalid option …"), or undefined when it is fine. An event must also carry
 * its place in the log (`seq`), which the archive keeps.
 */
export function rowProblem(table: ArchiveTable, row: unknown): string | undefined {
  if (table === 'events') {
    const read = readEvent(row);
    if (!read.ok) return read.reason;
    return typeof read.event.seq === 'number' ? undefined : 'seq: missing';
  }
  const parsed = schemas[table].safeParse(row);
  if (parsed.success) return undefined;
  return parsed.error.issues
    .slice(0, 2)
    .map((i) => `${i.path.join('.') || '(row)'}: ${i.message}`)
    .join('; ');
}
