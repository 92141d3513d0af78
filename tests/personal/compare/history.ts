/** Past conversations for the model check's tests, written through the app's own repositories. */
import type { CodelumiDB } from '@/lib/db/db';
import { createConversation } from '@/lib/db/conversations';
import { addUserMessage, completeAnswer, failAnswer, startAnswer } from '@/lib/db/messages';

export interface Asked {
  conversationId: string;
  questionId: string;
  answerId: string;
}

/** A conversation whose turns are `questions`, each answered (complete, unless `answered` is false). */
export async function converse(
  db: CodelumiDB,
  questions: string[],
  at: number,
  options: { answered?: boolean } = {},
): Promise<Asked[]> {
  const c = await createConversation(db, { title: questions[0]!.slice(0, 30) }, at);
  let parent: string | null = null;
  const out: Asked[] = [];
  for (const question of questions) {
    const q = await addUserMessage(db, c.id, parent, question, (at += 10));
    const a = await startAnswer(db, c.id, q.id, 'qwen2.5-coder:7b', (at += 10));
    if (options.answered === false)
      await failAnswer(db, a.id, { code: 'server:ollama', message: 'boom', details: {} }, { content: '' });
    else await completeAnswer(db, a.id, { content: `An answer to: ${question}` });
    out.push({ conversationId: c.id, questionId: q.id, answerId: a.id });
    parent = a.id;
  }
  return out;
}
