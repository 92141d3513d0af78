/**
 * Forgetting one conversation in a big history (issue 14), in Node over
 * fake-indexeddb: `npx tsx scripts/bench/forget.ts [messages] [lib folder]`.
 * A profile of `messages` messages (conversations of 20 turns; every answer's
 * trace quotes two earlier answers and a memory) is written, one conversation
 * is deleted, and `forgetConversations` is timed (median of 3 fresh
 * profiles). Figures are relative (fake-indexeddb is not Chromium's
 * IndexedDB); run it against an older lib/ folder for a before/after.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { Message } from '../../lib/core/records';
import type * as DbModule from '../../lib/db/db';
import type * as ForgetModule from '../../lib/learning/forget';

const TURNS = 20;

async function load(lib: string) {
  const at = (p: string) => pathToFileURL(path.resolve(lib, p)).href;
  const db = (await import(at('db/db.ts'))) as typeof DbModule;
  const forget = (await import(at('learning/forget.ts'))) as typeof ForgetModule;
  return { ...db, ...forget };
}

/** A profile of `total` messages; returns the conversation to forget (the first, quoted by answers all over). */
async function fill(db: DbModule.CodelumiDB, total: number): Promise<string> {
  const conversations = Math.ceil(total / (TURNS * 2));
  const answers: string[] = [];
  let rows: Message[] = [];
  for (let c = 0; c < conversations; c++) {
    const conversationId = `c${c}`;
    await db.conversations.put({
      id: conversationId,
      title: `chat ${c}`,
      titleSource: 'user',
      pinned: 0,
      createdAt: c,
      updatedAt: c,
      messageCount: TURNS * 2,
    });
    let parentId: string | null = null;
    for (let t = 0; t < TURNS; t++) {
      const q = `${conversationId}-q${t}`;
      const a = `${conversationId}-a${t}`;
      const at = c * 1000 + t * 2;
      rows.push({
        id: q,
        conversationId,
        parentId,
        role: 'user',
        content: `question ${t} of chat ${c}`,
        status: 'complete',
        createdAt: at,
        updatedAt: at,
      });
      // Two earlier answers (the first chat's among them now and then) and a memory, as the retriever quotes them.
      const quoted = [
        answers[(c * 7 + t * 13) % Math.max(1, answers.length)],
        answers[(c * 3 + t) % Math.max(1, answers.length)],
      ].filter(Boolean);
      const items = [
        ...quoted.map((id) => ({ id: `qa:${id}`, label: `“question” (2026-01-01)`, tokens: 80 })),
        { id: `memory:m${t % 12}`, label: 'Prefers short answers', tokens: 5 },
      ];
      const system = `You are Codelumi.\n\n## Earlier conversations\n${quoted.map((id) => `Earlier (2026-01-01, chat “x”): ${id} ${'words '.repeat(60)}`).join('\n\n')}`;
      rows.push({
        id: a,
        conversationId,
        parentId: q,
        role: 'assistant',
        content: `answer ${t} of chat ${c} ${'text '.repeat(40)}`,
        status: 'complete',
        createdAt: at + 1,
        updatedAt: at + 1,
        trace: {
          model: 'm',
          contextLength: 8192,
          promptTokens: 400,
          historyIds: [q],
          omittedIds: [],
          systemPrompt: system,
          sections: [{ name: 'Earlier conversations', tokens: 300, items }],
        },
      });
      answers.push(a);
      parentId = a;
    }
    if (rows.length >= 5000) {
      await db.messages.bulkPut(rows);
      rows = [];
    }
  }
  await db.messages.bulkPut(rows);
  return 'c0';
}

async function main() {
  const total = Number(process.argv[2] ?? 20_000);
  const lib = process.argv[3] ?? path.resolve(import.meta.dirname, '../../lib');
  const { createDatabase, forgetConversations } = await load(lib);
  const times: number[] = [];
  let rewritten = 0;
  for (let run = 0; run < 3; run++) {
    const db = createDatabase({ name: `bench-forget-${run}`, indexedDB: new IDBFactory(), IDBKeyRange });
    const doomed = await fill(db, total);
    await db.conversations.update(doomed, { deletedAt: 1 });
    const before = await db.messages.toArray();
    const start = performance.now();
    await forgetConversations(db, [doomed], 100_000);
    times.push(performance.now() - start);
    const after = new Map((await db.messages.toArray()).map((m) => [m.id, JSON.stringify(m.trace)]));
    rewritten = before.filter((m) => after.has(m.id) && after.get(m.id) !== JSON.stringify(m.trace)).length;
    db.close();
  }
  times.sort((a, b) => a - b);
  console.log(
    `Forget 1 conversation of ${TURNS * 2} messages among ${total.toLocaleString('en')}: ${times[1].toFixed(0)} ms (median of 3; ${times.map((t) => t.toFixed(0)).join(' / ')}), ${rewritten} other answers' traces scrubbed`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
