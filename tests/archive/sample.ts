/** A database with a row or more in every table, written as raw records (what an archive must carry). */
import type { CodelumiDB } from '@/lib/db/db';
import type { AppEvent, Conversation, Message } from '@/lib/core/records';

const T = 1_700_000_000_000;

/** Two conversations (one with a regenerated answer: two branches), and a row in every other table. */
export async function fillEverything(db: CodelumiDB): Promise<void> {
  const conversations: Conversation[] = [
    {
      id: 'c1',
      title: 'React hooks',
      titleSource: 'auto',
      pinned: 1,
      createdAt: T,
      updatedAt: T + 50,
      leafId: 'a1b',
      messageCount: 3,
      projectId: 'p1',
    },
    {
      id: 'c2',
      title: 'SQL joins',
      titleSource: 'user',
      pinned: 0,
      createdAt: T + 100,
      updatedAt: T + 150,
      leafId: 'a2',
      messageCount: 2,
      systemPrompt: 'Use PostgreSQL.',
    },
  ];
  const m = (
    x: Partial<Message> & Pick<Message, 'id' | 'conversationId' | 'parentId' | 'role' | 'content' | 'createdAt'>,
  ): Message => ({
    status: 'complete',
    updatedAt: x.createdAt,
    ...x,
  });
  const messages: Message[] = [
    m({
      id: 'q1',
      conversationId: 'c1',
      parentId: null,
      role: 'user',
      content: 'How does useEffect cleanup work?',
      createdAt: T + 1,
    }),
    m({
      id: 'a1a',
      conversationId: 'c1',
      parentId: 'q1',
      role: 'assistant',
      content: 'First try.',
      createdAt: T + 2,
      model: 'qwen',
    }),
    m({
      id: 'a1b',
      conversationId: 'c1',
      parentId: 'q1',
      role: 'assistant',
      content: 'The cleanup runs before the next effect.',
      thinking: 'Let me think.',
      createdAt: T + 3,
      model: 'qwen',
      metrics: { evalCount: 12, doneReason: 'stop' },
      trace: {
        model: 'qwen',
        contextLength: 8192,
        promptTokens: 40,
        historyIds: ['q1'],
        omittedIds: [],
        systemPrompt: 'You are Codelumi.',
      },
    }),
    m({
      id: 'q2',
      conversationId: 'c2',
      parentId: null,
      role: 'user',
      content: 'LEFT JOIN vs INNER JOIN?',
      createdAt: T + 101,
    }),
    m({
      id: 'a2',
      conversationId: 'c2',
      parentId: 'q2',
      role: 'assistant',
      content: 'A LEFT JOIN keeps…',
      createdAt: T + 102,
      status: 'interrupted',
      stopReason: 'user',
    }),
  ];
  const events: AppEvent[] = [
    { kind: 'message_sent', conversationId: 'c1', messageId: 'q1', at: T + 1 },
    { kind: 'answer_done', conversationId: 'c1', messageId: 'a1b', at: T + 4 },
    { kind: 'copy', conversationId: 'c1', messageId: 'a1b', at: T + 5, data: { what: 'code', blockIndex: 0 } },
    { kind: 'new_chat', conversationId: 'c1', at: T + 6 },
  ];
  await db.transaction('rw', db.tables, async () => {
    await db.conversations.bulkAdd(conversations);
    await db.messages.bulkAdd(messages);
    await db.events.bulkAdd(events);
    await db.settings.bulkAdd([
      { key: 'ollamaHost', value: 'http://127.0.0.1:11434' },
      { key: 'defaultModel', value: 'qwen2.5-coder:7b' },
    ]);
    // Derived data, never archived: a saved search index.
    await db.indexes.add({ key: 'past-questions', format: 1, covers: T, data: '{"terms":["pg_dump"]}', savedAt: T });
    await db.meta.bulkAdd([
      { key: 'learning.cursor', value: 4 },
      {
        key: 'brain.reranker',
        value: { weights: [0.5, -0.25], bias: 0.1, mean: [0, 0], scale: [1, 1], trainedOn: 40, trainedAt: T },
      },
    ]);
    await db.knownModels.add({
      host: 'http://127.0.0.1:11434',
      savedAt: T,
      models: [
        {
          name: 'qwen',
          family: 'qwen2',
          parameterSize: '7B',
          quantization: 'Q4',
          sizeBytes: 1,
          modifiedAt: '2024',
          digest: 'x',
          capabilities: ['completion'],
        },
      ],
    });
    await db.projects.add({
      id: 'p1',
      name: 'shop',
      source: 'upload',
      filesRevision: 2,
      profile: {
        detectedAt: T,
        entries: [
          {
            id: 'framework:next',
            category: 'framework',
            name: 'Next.js',
            version: '15',
            evidence: ['package.json'],
            origin: 'detected',
            confirmed: true,
          },
        ],
      },
      createdAt: T,
      updatedAt: T + 10,
    });
    await db.projectFiles.add({
      id: 'p1:src/app.ts',
      projectId: 'p1',
      path: 'src/app.ts',
      content: 'export const shop = 1;\n',
      size: 23,
      updatedAt: T,
      hash: 'h',
    });
    await db.projectHandles.add({ projectId: 'p1', handle: {} as FileSystemDirectoryHandle });
    await db.drafts.add({ key: 'c2', text: 'and FULL JOIN?', updatedAt: T + 160 });
    await db.runs.add({
      id: 'r1',
      messageId: 'a1b',
      conversationId: 'c1',
      blockIndex: 0,
      language: 'javascript',
      code: '1+1',
      status: 'ok',
      stdout: '2',
      stderr: '',
      durationMs: 3,
      createdAt: T + 7,
      edited: false,
      trigger: 'user',
    });
    await db.signals.add({
      id: 's1',
      messageId: 'a1b',
      conversationId: 'c1',
      kind: 'code_copied',
      polarity: 1,
      confidence: 0.6,
      evidence: 'copied code',
      createdAt: T + 5,
      source: 'event',
      sourceId: '3',
    });
    await db.signalCorrections.add({
      id: 'sc1',
      signalId: 's1',
      answerId: 'a1b',
      conversationId: 'c1',
      from: 'code_copied',
      to: 'none',
      evidence: 'copied code',
      createdAt: T + 8,
    });
    await db.answers.add({
      messageId: 'a1b',
      conversationId: 'c1',
      questionKind: 'react/explain',
      topic: 'react',
      intent: 'explain',
      answerStyle: 'short|code-first|no-steps|no-tests',
      language: 'javascript',
      outcome: 'positive',
      score: 0.6,
      signalCount: 1,
      usedMemoryIds: ['mem1'],
      createdAt: T + 3,
      updatedAt: T + 9,
    });
    await db.patterns.add({
      id: 'react/explain|short',
      questionKind: 'react/explain',
      answerStyle: 'short|code-first|no-steps|no-tests',
      successes: 1,
      failures: 0,
      updatedAt: T + 9,
    });
    await db.memories.add({
      id: 'mem1',
      kind: 'preference',
      text: 'Prefers TypeScript.',
      source: 'explicit',
      confidence: 0.9,
      enabled: 1,
      key: 'prefers typescript',
      hits: 2,
      conversationId: 'c1',
      createdAt: T,
      updatedAt: T + 20,
    });
    await db.trainingPairs.add({
      id: 'tp1',
      conversationId: 'c2',
      messageId: 'a2',
      question: 'LEFT JOIN?',
      rejected: 'A LEFT JOIN keeps…',
      chosen: 'It keeps all left rows.',
      createdAt: T + 103,
    });
    await db.retrievals.add({
      id: 'rt1',
      questionId: 'q2',
      createdAt: T + 101,
      candidates: [{ itemId: 'past:q1', features: [0.2, 0.4], baseline: 0.3, included: true }],
    });
    await db.contributions.add({
      id: 'ct1',
      payload: { kind: 'pattern', n: 1 },
      status: 'previewed',
      createdAt: T + 11,
    });
    await db.personalModels.add({
      id: 'pm1',
      name: 'codelumi-ada:v1',
      family: 'codelumi-ada',
      version: 1,
      host: 'http://127.0.0.1:11434',
      base: 'qwen',
      kind: 'personal',
      system: 'I prefer TypeScript.',
      messages: [
        { role: 'user', content: 'How does useEffect cleanup work?' },
        { role: 'assistant', content: 'The cleanup runs before the next effect.' },
      ],
      parameters: { num_ctx: 8192 },
      inputs: { memoryIds: ['mem1'], exampleIds: ['a1b'], conversationIds: ['c1'] },
      status: 'created',
      createdAt: T + 30,
      updatedAt: T + 31,
    });
    await db.modelComparisons.add({
      id: 'mc1',
      sessionId: 'cs1',
      questionId: 'q2',
      conversationId: 'c2',
      baseline: 'qwen',
      candidate: 'codelumi-ada:v1',
      shownFirst: 'candidate',
      verdict: 'candidate',
      createdAt: T + 32,
    });
    // A plan started from c1, executed: one step checked, its workspace file in two versions (the model's, the user's).
    await db.plans.add({
      id: 'pl1',
      title: 'A hook that counts clicks',
      request: 'Build me a click counter hook',
      plan: {
        goal: 'A hook that counts clicks',
        files: [{ path: 'src/useClicks.ts', purpose: 'The hook' }],
        steps: [
          {
            id: 's1',
            title: 'Write the hook',
            detail: 'useClicks() returns the count and a click handler.',
            files: ['src/useClicks.ts'],
            dependsOn: [],
            check: { kind: 'review', description: 'The user reads it.' },
          },
        ],
      },
      status: 'done',
      model: 'qwen',
      conversationId: 'c1',
      patternIds: [],
      createdAt: T + 40,
      updatedAt: T + 45,
    });
    await db.planSteps.add({
      id: 'pl1:s1',
      planId: 'pl1',
      stepId: 's1',
      status: 'accepted',
      attempts: [
        {
          n: 1,
          kind: 'write',
          prompt: '[user]\nWrite step s1: Write the hook',
          answer: '```ts src/useClicks.ts\nexport const useClicks = () => 0;\n```',
          files: ['src/useClicks.ts'],
          check: { status: 'accepted', passed: 0, failed: 0, output: '' },
          startedAt: T + 41,
          finishedAt: T + 42,
        },
      ],
      updatedAt: T + 44,
    });
    await db.workspaceFiles.bulkAdd([
      {
        id: 'pl1:src/useClicks.ts:1',
        planId: 'pl1',
        path: 'src/useClicks.ts',
        version: 1,
        content: 'export const useClicks = () => 0;',
        stepId: 's1',
        source: 'model',
        createdAt: T + 42,
      },
      {
        id: 'pl1:src/useClicks.ts:2',
        planId: 'pl1',
        path: 'src/useClicks.ts',
        version: 2,
        content: 'export const useClicks = () => 1;',
        stepId: 's1',
        source: 'user',
        createdAt: T + 43,
      },
    ]);
    await db.embeddings.add({
      id: 'nomic|past:q1',
      model: 'nomic',
      itemKey: 'past:q1',
      textHash: 'h',
      vector: new Float32Array([0.1, 0.2]),
      updatedAt: T,
    });
  });
}

/** Every table's rows as JSON, sorted by primary key (vectors as arrays). */
export async function snapshot(db: CodelumiDB, leave: string[] = []): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of db.tables) {
    if (leave.includes(table.name)) continue;
    out[table.name] = JSON.parse(
      JSON.stringify(await table.toArray(), (_k, v: unknown) => (v instanceof Float32Array ? [...v] : v)),
    ) as unknown[];
  }
  return out;
}
