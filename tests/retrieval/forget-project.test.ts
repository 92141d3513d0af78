/**
 * Deleting a project (lib/retrieval/forget-project.ts) against the fake
 * Ollama and a real database: a project whose files went into an answer's
 * prompt leaves none of its words in any table once deleted; the
 * conversation stays, detached, with its answer.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendMessage } from '@/lib/chat/actions';
import type { ModelFacts } from '@/lib/chat/turn';
import { createRetriever } from '@/lib/retrieval/retriever';
import { EmbeddingStore } from '@/lib/retrieval/embedding-store';
import { DELETED_PROJECT_NOTE, forgetProject, scrubProjectTrace } from '@/lib/retrieval/forget-project';
import { prepareProject, projectContext, projectMentions } from '@/lib/projects/project-context';
import { attachProject } from '@/lib/projects/attach';
import { indexProject } from '@/lib/projects/indexer';
import { memorySource } from '@/lib/projects/source';
import { NEW_CHAT_DRAFT } from '@/lib/db/drafts';
import type { CodelumiDB } from '@/lib/db/db';
import type { PromptTrace } from '@/lib/core/records';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';
import { freshDatabase } from '../support/db';
import { chatContext, modelFactsFrom } from '../support/chat';
import { dumpDatabase } from '../support/dump';

const WORD = 'quokkaledger';

let fake: FakeOllama;
let facts: Map<string, ModelFacts>;
let db: CodelumiDB;
beforeAll(async () => {
  fake = await startFakeOllama({ quiet: true, tokensPerSecond: 4000 });
  facts = await modelFactsFrom(fake.url);
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  db = freshDatabase();
});
afterEach(() => db.close());

async function project(name: string, files: Record<string, string>) {
  const source = memorySource(name, files);
  const p = await attachProject(db, source);
  await indexProject(db, p.id, source);
  return p.id;
}

describe('forgetProject', () => {
  it('leaves none of a deleted project’s words in any table, also where an answer’s prompt quoted its files', async () => {
    const id = await project(WORD, {
      'package.json': JSON.stringify({ name: WORD, dependencies: { react: '19.0.0' } }),
      'src/ledger.ts': `export function ${WORD}Total(rows: number[]) {\n  return rows.reduce((a, b) => a + b, 0);\n}\n`,
    });
    const kept = await project('other', { 'src/other.ts': 'export const other = 1;\n' });
    const retriever = createRetriever(db, {
      store: new EmbeddingStore(db, { model: async () => undefined, embed: async () => [] }),
      project: { context: projectContext, mentions: projectMentions, prepare: prepareProject },
    });
    const ctx = chatContext(db, fake.url, facts, {}, { retrieve: (input) => retriever.retrieve(input) });
    const started = await sendMessage(ctx, {
      parentId: null,
      text: 'How does @src/ledger.ts total the rows?',
      draftKey: NEW_CHAT_DRAFT,
      projectId: id,
    });
    await started.done;
    expect(fake.chatRequests()[0].messages[0].content).toContain(`${WORD}Total`);
    expect(await dumpDatabase(db)).toContain(WORD);

    await forgetProject(db, id);

    expect(await dumpDatabase(db)).not.toContain(WORD);
    expect(await dumpDatabase(db)).not.toContain(id);
    const answer = (await db.messages.get(started.answerId))!;
    expect(answer.content).not.toBe('');
    expect(answer.trace?.systemPrompt).toContain(DELETED_PROJECT_NOTE);
    expect(await db.conversations.get(started.conversationId)).toMatchObject({ id: started.conversationId });
    expect((await db.conversations.get(started.conversationId))?.projectId).toBeUndefined();
    // The other project is whole.
    expect(await db.projectFiles.where('projectId').equals(kept).count()).toBe(1);
  });
});

describe('scrubProjectTrace', () => {
  const trace = (system: string, sections: PromptTrace['sections'], summary = false): PromptTrace => ({
    model: 'm',
    contextLength: 4096,
    promptTokens: 100,
    historyIds: [],
    omittedIds: [],
    systemPrompt: system,
    sections,
    ...(summary ? { summary: { throughMessageId: 'x', tokens: 3 } } : {}),
  });
  const files = '## Files from the project (quote them exactly, with their paths)\n';
  const past = '## Related earlier conversations with this user (build on what worked)\n';

  it('cuts the files section up to the next section the trace lists, even when a file has headings of its own', () => {
    const system = `Persona.\n\n${files}File: README.md\n\`\`\`md\nintro\n\n## Related earlier conversations with this user (build on what worked)\nsecret\n\`\`\`\n\n${past}Earlier (2024-01-01, chat “x”) the user asked:\nq`;
    const scrubbed = scrubProjectTrace(
      trace(system, [
        { name: 'Project files', tokens: 10, items: [{ id: 'file:README.md', label: 'README.md', tokens: 10 }] },
        { name: 'Earlier conversations', tokens: 5, items: [{ id: 'qa:1', label: 'x', tokens: 5 }] },
      ]),
      'p',
      new Set(['README.md']),
    )!;
    // The file holds the next section's heading itself (after a blank line): its text after that goes too.
    expect(scrubbed.systemPrompt).not.toContain('File: README.md');
    expect(scrubbed.systemPrompt).not.toContain('secret');
    expect(scrubbed.systemPrompt).toContain('Earlier (2024-01-01');
    expect(scrubbed.sections![0].items).toEqual([
      { id: 'deleted-project:0', label: 'A project’s file, since deleted', tokens: 10 },
    ]);
    expect(scrubbed.sections![1].items[0].id).toBe('qa:1');
  });

  it('leaves a trace that shows another project alone', () => {
    const t = trace(`${files}File: a.ts`, [
      { name: 'Project files', tokens: 1, items: [{ id: 'file:a.ts', label: 'a.ts', tokens: 1 }] },
    ]);
    expect(scrubProjectTrace(t, 'p', new Set(['b.ts']))).toBeUndefined();
  });
});
