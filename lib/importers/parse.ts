/**
 * Reads an export whose format is told by its content, never by its name:
 * a JSON list of ChatGPT conversations or of Open WebUI chats, or a LobeChat
 * export object. Anything else is refused with a message that says what
 * Codelumi can read. Long lists are read one conversation at a time, with
 * progress, handing the thread back now and then.
 */
import { invalidImport } from './errors';
import { isJsonArray, jsonArrayElements } from './json-array';
import { isChatGptConversation, readChatGptConversation } from './chatgpt';
import { isOpenWebUiChat, readOpenWebUiChat } from './open-webui';
import { isLobeChatExport, readLobeChatExport } from './lobechat';
import { noSkips, type ImportedConversation, type ParsedExport, type SourceApp } from './types';

const WHAT_WE_READ =
  'Codelumi reads ChatGPT’s conversations.json (from its data export), Open WebUI’s chat export and LobeChat’s export.';

export interface ParseOptions {
  /** Called now and then with the share of the file read so far (0 to 1). */
  onProgress?: (fraction: number) => void;
  /** Resolves when the caller is ready for more (a worker lets other requests in). Awaited every few conversations. */
  breathe?: () => Promise<void>;
}

/** Conversations read between two breaths. */
const SLICE = 50;

/** The format of a list, from its first element. */
function listFormat(first: unknown): SourceApp {
  if (isChatGptConversation(first)) return 'chatgpt';
  if (isOpenWebUiChat(first)) return 'open-webui';
  throw invalidImport(`This JSON list is not of ChatGPT conversations or Open WebUI chats. ${WHAT_WE_READ}`);
}

/** Reads a list of conversations of one source, one element at a time. */
async function readList(text: string, options: ParseOptions): Promise<ParsedExport> {
  const skipped = noSkips();
  const conversations: ImportedConversation[] = [];
  let app: SourceApp | undefined;
  let index = 0;
  for (const { value, end } of jsonArrayElements(text)) {
    app ??= listFormat(value);
    const read =
      app === 'chatgpt' ? readChatGptConversation(value, index, skipped) : readOpenWebUiChat(value, index, skipped);
    if ('leftOut' in read) skipped.conversations.push({ title: read.title, reason: read.leftOut });
    else conversations.push(read);
    index++;
    if (index % SLICE === 0) {
      options.onProgress?.(end / text.length);
      await options.breathe?.();
    }
  }
  if (!app) throw invalidImport('The file is an empty list: there are no conversations in it.');
  options.onProgress?.(1);
  return { app, conversations, skipped };
}

/**
 * Reads `text` as one of the exports Codelumi knows. Throws `invalid:import`
 * (with what to do) for anything else: not JSON, a zip, another app's JSON,
 * a damaged or cut-short file. Reading writes nothing.
 */
export async function parseExport(text: string, options: ParseOptions = {}): Promise<ParsedExport> {
  const start = text.trimStart();
  if (start.startsWith('PK'))
    throw invalidImport(
      'This is a zip archive. Open it and choose the conversations.json inside (ChatGPT’s export is a zip).',
    );
  if (isJsonArray(text)) return readList(text, options);
  if (!start.startsWith('{')) throw invalidImport(`This file is not JSON. ${WHAT_WE_READ}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalidImport(
      `This file is not valid JSON (${err instanceof Error ? err.message : String(err)}): it is damaged or cut short.`,
    );
  }
  options.onProgress?.(1);
  if (isLobeChatExport(value)) return readLobeChatExport(value);
  // One conversation exported on its own.
  if (isChatGptConversation(value) || isOpenWebUiChat(value)) return readList(`[${text}]`, options);
  throw invalidImport(`This JSON file is not an export Codelumi can read. ${WHAT_WE_READ}`);
}
