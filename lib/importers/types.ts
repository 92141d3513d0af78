/**
 * What the importers read out of another assistant's export, before it
 * becomes Codelumi's rows: plain data, with the source's own ids, so the
 * same file imported twice maps to the same rows.
 */

/** The assistants whose exports Codelumi reads. */
export type SourceApp = 'chatgpt' | 'open-webui' | 'lobechat';

/** The name a user knows each source by. */
export const SOURCE_NAMES: Record<SourceApp, string> = {
  chatgpt: 'ChatGPT',
  'open-webui': 'Open WebUI',
  lobechat: 'LobeChat',
};

/** One message as the source had it; parents come before their children in a conversation's list. */
export interface ImportedMessage {
  sourceId: string;
  /** The source id of the message it follows (null: a first message). */
  parentSourceId: string | null;
  role: 'user' | 'assistant';
  content: string;
  model?: string;
  createdAt: number;
}

/** One conversation as the source had it. */
export interface ImportedConversation {
  sourceId: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  /** Parents before children; every parentSourceId is null or an earlier message's sourceId. */
  messages: ImportedMessage[];
  /** The last message of the branch the source showed. */
  leafSourceId: string;
}

/**
 * Parts of the export that were left out, by reason ("system messages",
 * "images and files" …), with how many of each; conversations left out
 * whole are listed by title with the reason.
 */
export interface SkipReport {
  parts: Record<string, number>;
  conversations: { title: string; reason: string }[];
}

/** An export read whole: the conversations it holds and what was left out. */
export interface ParsedExport {
  app: SourceApp;
  conversations: ImportedConversation[];
  skipped: SkipReport;
}

/** An empty skip report. */
export function noSkips(): SkipReport {
  return { parts: {}, conversations: [] };
}

/** Counts `n` parts left out for `reason`. */
export function skipPart(report: SkipReport, reason: string, n = 1): void {
  report.parts[reason] = (report.parts[reason] ?? 0) + n;
}
