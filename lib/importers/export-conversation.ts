/** One conversation read from the database as a file to download. */
import type { CodelumiDB } from '../db/db';
import { conversationToMarkdown } from './export-markdown';
import { conversationToJson } from './export-json';
import { fileNameFor } from './file-name';

/** A file ready to save. */
export interface ExportFile {
  fileName: string;
  type: string;
  text: string;
}

/** The conversation `id` as Markdown (the branch on screen) or JSON (every branch); undefined when it is gone. */
export async function exportConversation(
  db: CodelumiDB,
  id: string,
  format: 'md' | 'json',
  now = Date.now(),
): Promise<ExportFile | undefined> {
  const conversation = await db.conversations.get(id);
  if (!conversation || conversation.deletedAt) return undefined;
  const messages = await db.messages.where('conversationId').equals(id).toArray();
  if (format === 'md')
    return {
      fileName: fileNameFor(conversation.title, 'md'),
      type: 'text/markdown;charset=utf-8',
      text: conversationToMarkdown(conversation, messages),
    };
  return {
    fileName: fileNameFor(conversation.title, 'json'),
    type: 'application/json;charset=utf-8',
    text: `${JSON.stringify(conversationToJson(conversation, messages, now), null, 2)}\n`,
  };
}
