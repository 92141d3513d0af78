/**
 * Test-only helpers, bundled by global-setup and injected into a page of the
 * app's origin: they prepare and read IndexedDB through the app's own
 * repositories (lib/db), so tests set up real data the real way.
 */
import { createDatabase, type CodelumiDB } from '../../lib/db/db';
import { getSettings, type Settings } from '../../lib/db/settings';
import { createConversation, deleteConversation } from '../../lib/db/conversations';
import { PAST_SECTION_HEADING } from '../../lib/retrieval/past';
import { PREFERENCES_SECTION } from '../../lib/memory/quoted';
import {
  addUserMessage,
  completeAnswer,
  conversationMessages,
  failAnswer,
  interruptAnswer,
  startAnswer,
} from '../../lib/db/messages';
import type { AppEvent, Message, SignalKind } from '../../lib/core/records';
import type { StoredError } from '../../lib/core/errors';
import { attachProject } from '../../lib/projects/attach';
import { indexProject } from '../../lib/projects/indexer';
import { memorySource } from '../../lib/projects/source';
import { fillEverything, snapshot } from '../../tests/archive/sample';

function open(): CodelumiDB {
  return createDatabase();
}

async function withDb<T>(fn: (db: CodelumiDB) => Promise<T>): Promise<T> {
  const db = open();
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

export { configure } from './configure-entry';

export function readSettings(): Promise<Settings> {
  return withDb(getSettings);
}

export interface SeedTurn {
  question: string;
  answer: string;
  /** Default complete. */
  status?: 'complete' | 'interrupted' | 'error' | 'streaming';
  error?: StoredError;
}

/** Creates a conversation with the given turns; returns its id and message ids (question, answer, …). */
export function seedConversation(spec: {
  title?: string;
  model?: string;
  turns: SeedTurn[];
  startAt?: number;
  pinned?: boolean;
}): Promise<{ conversationId: string; messageIds: string[] }> {
  return withDb(async (db) => {
    let at = spec.startAt ?? Date.now() - spec.turns.length * 2000;
    const conversation = await createConversation(db, { title: spec.title, model: spec.model }, at);
    if (spec.pinned) await db.conversations.update(conversation.id, { pinned: 1 });
    const ids: string[] = [];
    let parent: string | null = null;
    for (const turn of spec.turns) {
      const q = await addUserMessage(db, conversation.id, parent, turn.question, (at += 1000));
      const a = await startAnswer(db, conversation.id, q.id, spec.model ?? 'qwen2.5-coder:7b', (at += 1000));
      const status = turn.status ?? 'complete';
      if (status === 'complete') await completeAnswer(db, a.id, { content: turn.answer });
      else if (status === 'interrupted') await interruptAnswer(db, a.id, 'reload', { content: turn.answer });
      else if (status === 'error')
        await failAnswer(db, a.id, turn.error ?? { code: 'server:ollama', message: 'boom', details: {} }, {
          content: turn.answer,
        });
      else await db.messages.update(a.id, { content: turn.answer });
      ids.push(q.id, a.id);
      parent = a.id;
    }
    return { conversationId: conversation.id, messageIds: ids };
  });
}

/** Every message of a conversation, all branches, oldest first. */
export function messagesOf(conversationId: string): Promise<Message[]> {
  return withDb(async (db) =>
    (await conversationMessages(db, conversationId)).sort((a, b) => a.createdAt - b.createdAt),
  );
}

/** Row counts and raw rows of a table, for assertions. */
export function table(name: string): Promise<unknown[]> {
  return withDb((db) => db.table(name).toArray());
}

/**
 * A conversation of `turns` question/answer pairs written in one bulk
 * transaction (for benchmarks and long-conversation tests). Answers come from
 * `answerText(i)`; pass source as a string of a function `(i) => string`.
 */
export function seedLongConversation(spec: {
  turns: number;
  title?: string;
  model?: string;
  answerSource: string;
  questionSource?: string;
}): Promise<{ conversationId: string; lastMessageId: string }> {
  const answerText = new Function(`return (${spec.answerSource})`)() as (i: number) => string;
  const questionText = spec.questionSource
    ? (new Function(`return (${spec.questionSource})`)() as (i: number) => string)
    : (i: number) => `Question ${i}: how do I do step ${i}?`;
  return withDb(async (db) => {
    const start = Date.now() - spec.turns * 2 * 1000;
    const conversation = await createConversation(
      db,
      { title: spec.title ?? `Long conversation (${spec.turns * 2} messages)`, model: spec.model },
      start,
    );
    const rows: Message[] = [];
    let parent: string | null = null;
    for (let i = 0; i < spec.turns; i++) {
      const qAt = start + i * 2000;
      const q: Message = {
        id: crypto.randomUUID(),
        conversationId: conversation.id,
        parentId: parent,
        role: 'user',
        content: questionText(i),
        status: 'complete',
        createdAt: qAt,
        updatedAt: qAt,
      };
      const a: Message = {
        id: crypto.randomUUID(),
        conversationId: conversation.id,
        parentId: q.id,
        role: 'assistant',
        content: answerText(i),
        status: 'complete',
        model: spec.model ?? 'qwen2.5-coder:7b',
        createdAt: qAt + 1000,
        updatedAt: qAt + 1000,
      };
      rows.push(q, a);
      parent = a.id;
    }
    await db.transaction('rw', db.messages, db.conversations, async () => {
      await db.messages.bulkAdd(rows);
      await db.conversations.update(conversation.id, {
        leafId: parent ?? undefined,
        messageCount: rows.length,
        updatedAt: rows[rows.length - 1]?.createdAt ?? start,
      });
    });
    return { conversationId: conversation.id, lastMessageId: parent ?? '' };
  });
}

/**
 * A large history for benchmarks: `conversations` × `turns` question/answer
 * pairs and `signals` signals on random answers, written in bulk.
 */
export function seedBulk(spec: {
  conversations: number;
  turns: number;
  signals: number;
}): Promise<{ answerIds: string[]; conversationIds: string[] }> {
  return withDb(async (db) => {
    const answerIds: string[] = [];
    const conversationIds: string[] = [];
    const base = Date.now() - 30 * 86_400_000;
    const topics = [
      'react hooks',
      'python lists',
      'sql joins',
      'git rebase',
      'css grid',
      'docker volumes',
      'typescript generics',
      'go channels',
    ];
    for (let c = 0; c < spec.conversations; c++) {
      const start = base + c * 60_000;
      const conversation = await createConversation(db, { title: `History ${c}: ${topics[c % topics.length]}` }, start);
      conversationIds.push(conversation.id);
      const rows: Message[] = [];
      let parent: string | null = null;
      for (let i = 0; i < spec.turns; i++) {
        const at = start + i * 2000;
        const q: Message = {
          id: crypto.randomUUID(),
          conversationId: conversation.id,
          parentId: parent,
          role: 'user',
          content: `How do I handle ${topics[(c + i) % topics.length]} case ${i} in my project?`,
          status: 'complete',
          createdAt: at,
          updatedAt: at,
        };
        const a: Message = {
          id: crypto.randomUUID(),
          conversationId: conversation.id,
          parentId: q.id,
          role: 'assistant',
          status: 'complete',
          model: 'qwen2.5-coder:7b',
          createdAt: at + 1000,
          updatedAt: at + 1000,
          content: `For ${topics[(c + i) % topics.length]}, start small.\n\n\`\`\`ts\nexport const step${i} = (x: number) => x * ${i};\n\`\`\`\n\nThen test it.`,
        };
        rows.push(q, a);
        answerIds.push(a.id);
        parent = a.id;
      }
      await db.transaction('rw', db.messages, db.conversations, async () => {
        await db.messages.bulkAdd(rows);
        await db.conversations.update(conversation.id, {
          leafId: parent ?? undefined,
          messageCount: rows.length,
          updatedAt: rows[rows.length - 1].createdAt,
        });
      });
    }
    const kinds: SignalKind[] = [
      'thanks',
      'code_copied',
      'no_followup',
      'said_wrong',
      'code_error',
      'repeated_question',
    ];
    const signals = Array.from({ length: spec.signals }, (_, i) => {
      const kind = kinds[i % kinds.length];
      const messageId = answerIds[(i * 7919) % answerIds.length];
      return {
        id: crypto.randomUUID(),
        messageId,
        conversationId: '',
        kind,
        polarity: (['said_wrong', 'code_error', 'repeated_question'].includes(kind) ? -1 : 1) as 1 | -1,
        confidence: 0.7,
        evidence: 'seeded',
        createdAt: base + i * 1000,
        source: 'event' as const,
        sourceId: `seed:${i}`,
      };
    });
    for (let i = 0; i < signals.length; i += 2000) await db.signals.bulkAdd(signals.slice(i, i + 2000));
    return { answerIds, conversationIds };
  });
}

/** Appends `count` copy events on the given answers (a backlog for the learning engine). */
export function seedEventBacklog(spec: { answerIds: string[]; count: number }): Promise<number> {
  return withDb(async (db) => {
    const now = Date.now();
    // A copy event names its conversation as the page writes it (the engine reads each row against its kind's shape).
    const answers = await db.messages.bulkGet(spec.answerIds);
    const conversationOf = new Map(answers.flatMap((m) => (m ? [[m.id, m.conversationId] as const] : [])));
    const events = Array.from({ length: spec.count }, (_, i): AppEvent => {
      const messageId = spec.answerIds[(i * 104729) % spec.answerIds.length];
      return {
        kind: 'copy',
        conversationId: conversationOf.get(messageId) ?? '',
        messageId,
        at: now - spec.count + i,
        data: { what: 'code', blockIndex: 0 },
      };
    });
    await db.events.bulkAdd(events);
    return events.length;
  });
}

/**
 * What only grows, grown past its caps: `readEvents` copy events a month old that the learning engine has read (the
 * cursor is moved past them), `retrievals` logs of one existing question, and `orphanEmbeddings` question
 * embeddings whose message does not exist.
 */
export function seedGrowth(spec: {
  questionId: string;
  readEvents: number;
  retrievals: number;
  orphanEmbeddings: number;
}): Promise<void> {
  return withDb(async (db) => {
    const old = Date.now() - 30 * 86_400_000;
    const events = Array.from({ length: spec.readEvents }, (_, i): AppEvent => ({
      kind: 'hidden',
      conversationId: 'gone',
      at: old + i,
    }));
    const last = await db.events.bulkAdd(events, { allKeys: true });
    await db.meta.put({ key: 'learning.cursor', value: Math.max(...(last as number[])) });
    await db.retrievals.bulkPut(
      Array.from({ length: spec.retrievals }, (_, i) => ({
        id: `seeded-${i}`,
        questionId: spec.questionId,
        createdAt: old + i,
        candidates: [],
      })),
    );
    await db.embeddings.bulkPut(
      Array.from({ length: spec.orphanEmbeddings }, (_, i) => ({
        id: `nomic-embed-text|q:gone-${i}`,
        model: 'nomic-embed-text',
        itemKey: `q:gone-${i}`,
        textHash: 'h',
        vector: new Float32Array(8),
        updatedAt: old,
      })),
    );
  });
}

/** A project indexed from files given as text (as an upload would be), without going through the page. */
export function seedProject(spec: { name: string; files: Record<string, string> }): Promise<{ projectId: string }> {
  return withDb(async (db) => {
    const source = memorySource(spec.name, spec.files);
    const project = await attachProject(db, source);
    await indexProject(db, project.id, source);
    return { projectId: project.id };
  });
}

/** `count` enabled memories (preferences, facts, corrections, project notes) on varied topics, written in bulk. For benchmarks. */
export function seedMemories(spec: { count: number }): Promise<number> {
  return withDb(async (db) => {
    const topics = [
      'react hooks',
      'python lists',
      'sql joins',
      'git rebase',
      'css grid',
      'docker volumes',
      'typescript generics',
      'go channels',
      'rust lifetimes',
      'bash loops',
    ];
    const kinds = ['preference', 'fact', 'correction', 'project_note'] as const;
    const now = Date.now();
    const rows = Array.from({ length: spec.count }, (_, i) => {
      const topic = topics[i % topics.length];
      const kind = kinds[i % kinds.length];
      const text =
        kind === 'preference'
          ? `Prefers ${['short', 'detailed', 'typed', 'tested'][i % 4]} examples for ${topic} (${i})`
          : kind === 'fact'
            ? `Works on service ${i} that uses ${topic}`
            : kind === 'correction'
              ? `For ${topic}, do not use the deprecated API variant ${i}; use the current one`
              : `Module ${i} handles ${topic}`;
      return {
        id: crypto.randomUUID(),
        kind,
        text,
        source: (i % 3 === 0 ? 'user' : 'explicit') as 'user' | 'explicit',
        confidence: 0.8,
        enabled: 1 as const,
        key: `seed-${i}`,
        topic: kind === 'correction' ? topic : undefined,
        hits: 1,
        createdAt: now - i * 60_000,
        updatedAt: now - i * 60_000,
      };
    });
    for (let i = 0; i < rows.length; i += 2000) await db.memories.bulkAdd(rows.slice(i, i + 2000));
    return rows.length;
  });
}

/** A generated Next.js/TypeScript project of `files` source files (about 40 lines each), indexed as an upload would be. For benchmarks. */
export function seedGeneratedProject(spec: {
  name: string;
  files: number;
}): Promise<{ projectId: string; paths: string[] }> {
  return withDb(async (db) => {
    const files: Record<string, string> = {
      'package.json': JSON.stringify(
        {
          name: spec.name,
          dependencies: { next: '15.0.0', react: '19.0.0', zod: '3.23.0' },
          devDependencies: { typescript: '5.6.0', vitest: '2.1.0' },
        },
        null,
        2,
      ),
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, jsx: 'preserve' } }, null, 2),
      'package-lock.json': '{}',
    };
    const areas = ['billing', 'users', 'search', 'auth', 'reports', 'orders', 'inventory', 'mail'];
    for (let i = 0; i < spec.files - 3; i++) {
      const area = areas[i % areas.length];
      const lines = [
        `import { z } from 'zod';`,
        '',
        `/** ${area} helper ${i}. */`,
        `export const ${area}Schema${i} = z.object({ id: z.string(), amount: z.number() });`,
        '',
      ];
      for (let k = 0; k < 8; k++)
        lines.push(
          `export function ${area}Step${i}_${k}(input: number[]): number {`,
          `  return input.reduce((sum, n) => sum + n * ${k}, ${i});`,
          '}',
          '',
        );
      files[`src/${area}/module-${Math.floor(i / 50)}/${area}-${i}.ts`] = lines.join('\n');
    }
    const source = memorySource(spec.name, files);
    const project = await attachProject(db, source);
    await indexProject(db, project.id, source);
    return { projectId: project.id, paths: Object.keys(files) };
  });
}

/** A row or more in every table, as raw records (tests/archive/sample.ts): two conversations, one with two branches. */
export function seedEverything(): Promise<void> {
  return withDb(fillEverything);
}

/**
 * A conversation in the bin (deleted now, within its undo window) that saying
 * `secret` taught a memory also taught elsewhere, and an answer of another
 * conversation whose prompt quoted both (its trace lists `qa:` and `memory:`
 * items, and the system prompt holds their text). Returns the ids.
 */
export function seedQuotedInBin(spec: { secret: string }): Promise<{ binned: string; quotingAnswer: string }> {
  return withDb(async (db) => {
    const binned = await seedConversation({
      title: 'Staging keys',
      turns: [{ question: spec.secret, answer: 'Noted.' }],
    });
    const other = await seedConversation({
      title: 'Key rotation',
      turns: [{ question: 'How often?', answer: 'Weekly.' }],
    });
    const [question, answer] = binned.messageIds;
    const said = (conversationId: string, messageId: string, words: string) => ({
      conversationId,
      messageId,
      evidence: `You said: “${words}”`,
      text: words,
    });
    await db.memories.add({
      id: 'mem-keys',
      kind: 'fact',
      source: 'explicit',
      confidence: 0.8,
      enabled: 1,
      hits: 2,
      ...said(binned.conversationId, question, spec.secret),
      sources: [
        said(other.conversationId, other.messageIds[0], 'Rotates keys weekly.'),
        said(binned.conversationId, question, spec.secret),
      ],
      createdAt: Date.now() - 5000,
      updatedAt: Date.now() - 4000,
    });
    const quotingAnswer = other.messageIds[1];
    await db.messages.update(quotingAnswer, {
      trace: {
        model: 'qwen2.5-coder:7b',
        contextLength: 8192,
        promptTokens: 60,
        historyIds: [other.messageIds[0]],
        omittedIds: [],
        systemPrompt: [
          'You are Codelumi.',
          '',
          `## ${PREFERENCES_SECTION.heading}`,
          `- ${spec.secret}`,
          '',
          `## ${PAST_SECTION_HEADING}`,
          `Earlier (2026-01-01, chat “Staging keys”):\nQ: ${spec.secret}\nA: Noted.`,
        ].join('\n'),
        sections: [
          {
            name: PREFERENCES_SECTION.name,
            tokens: 10,
            items: [{ id: 'memory:mem-keys', label: spec.secret, tokens: 10 }],
          },
          {
            name: 'Earlier',
            tokens: 20,
            items: [{ id: `qa:${answer}`, label: `Staging keys: ${spec.secret}`, tokens: 20 }],
          },
        ],
      },
    });
    await deleteConversation(db, binned.conversationId);
    return { binned: binned.conversationId, quotingAnswer };
  });
}

/** Every table of the database, rows sorted by primary key, as plain JSON (vectors as arrays). */
export function allTables(): Promise<Record<string, unknown[]>> {
  return withDb((db) => snapshot(db));
}

/**
 * `count` answers of one question kind and answer style that went well, as
 * the learning engine records them (answer records with their outcome), in a
 * conversation of their own: evidence enough for a pattern the install is sure of.
 */
export function seedConfidentPattern(spec: { kind: string; style: string; count: number }): Promise<string> {
  return withDb(async (db) => {
    const at = Date.now() - 60_000;
    const conversation = await createConversation(db, { title: 'Earlier answers' }, at);
    const [topic, intent] = spec.kind.split('/');
    await db.answers.bulkPut(
      Array.from({ length: spec.count }, (_, i) => ({
        messageId: `seeded-answer-${i}-${conversation.id}`,
        conversationId: conversation.id,
        questionKind: spec.kind,
        topic,
        intent,
        answerStyle: spec.style,
        language: '',
        outcome: 'positive' as const,
        score: 0.8,
        contribution: { outcome: 'positive', positive: 0.8, negative: 0 },
        signalCount: 1,
        usedMemoryIds: [],
        createdAt: at + i,
        updatedAt: at + i,
      })),
    );
    return conversation.id;
  });
}
