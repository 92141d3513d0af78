/**
 * What another app shares into Codelumi (the Web Share Target): text, a link,
 * code files. The service worker reads the posted form into a SharedItem;
 * the chat turns it into the draft of a new chat.
 */
import { safeFence } from '../markdown/fences';

/** A shared file: its text when it is a text file small enough for a chat, else why it was left out. */
export interface SharedFile {
  name: string;
  type: string;
  bytes: number;
  content?: string;
  skipped?: 'binary' | 'too-large';
}

export interface SharedItem {
  title: string;
  text: string;
  url: string;
  files: SharedFile[];
  receivedAt: number;
  /** What was cut or left out to fit the limits below, in words for the notice (missing in items stored before the limits). */
  cut?: string[];
}

/** Larger files would not fit a model's context anyway. */
export const MAX_SHARED_FILE_BYTES = 256 * 1024;
/** Files past this many are left out (named in the notice). */
export const MAX_SHARED_FILES = 10;
/** Shared text past this is cut (far beyond any model's context). */
export const MAX_SHARED_TEXT_CHARS = 100_000;
export const MAX_SHARED_TITLE_CHARS = 500;
/** Browsers' own practical limit for an address; a longer "link" is not one. */
export const MAX_SHARED_URL_CHARS = 2048;
/** A share post larger than this is refused before it is read into memory. */
export const MAX_SHARE_BODY_BYTES = 16 * 1024 * 1024;

const count = (n: number) => n.toLocaleString('en');

/** The part of FormData the reader needs (the service worker's request.formData()). */
export interface SharedForm {
  get(name: string): FormDataEntryValue | null;
  getAll(name: string): FormDataEntryValue[];
}

const field = (form: SharedForm, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v.trim() : '';
};

/** The file's text, or why it cannot be a draft: binary (NUL bytes, not UTF-8) or too large. */
async function readSharedFile(file: File): Promise<SharedFile> {
  const base = { name: file.name || 'shared file', type: file.type, bytes: file.size };
  if (file.size > MAX_SHARED_FILE_BYTES) return { ...base, skipped: 'too-large' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.includes(0)) return { ...base, skipped: 'binary' };
  try {
    return { ...base, content: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ...base, skipped: 'binary' };
  }
}

/**
 * Reads a share target's form (fields title, text, url and files) within the
 * limits above. Never throws for odd content: unreadable files are listed
 * with the reason, and whatever was cut or left out is said in `cut`.
 */
export async function readSharedForm(form: SharedForm, receivedAt = Date.now()): Promise<SharedItem> {
  const cut: string[] = [];
  const all = form.getAll('files').filter((f): f is File => typeof f !== 'string');
  const files = all.slice(0, MAX_SHARED_FILES);
  if (all.length > files.length) {
    const names = all.slice(MAX_SHARED_FILES).map((f) => f.name || 'shared file');
    cut.push(
      `Only the first ${MAX_SHARED_FILES} files were kept; ${names.length} more were left out (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}).`,
    );
  }
  let title = field(form, 'title');
  if (title.length > MAX_SHARED_TITLE_CHARS) {
    title = title.slice(0, MAX_SHARED_TITLE_CHARS);
    cut.push(`The title was cut to its first ${count(MAX_SHARED_TITLE_CHARS)} characters.`);
  }
  let text = field(form, 'text');
  if (text.length > MAX_SHARED_TEXT_CHARS) {
    cut.push(`The text was cut to its first ${count(MAX_SHARED_TEXT_CHARS)} of ${count(text.length)} characters.`);
    text = text.slice(0, MAX_SHARED_TEXT_CHARS);
  }
  let url = field(form, 'url');
  if (url.length > MAX_SHARED_URL_CHARS) {
    url = '';
    cut.push(`The link was left out: it is longer than ${count(MAX_SHARED_URL_CHARS)} characters.`);
  }
  return {
    title,
    text,
    url,
    files: await Promise.all(files.map(readSharedFile)),
    receivedAt,
    ...(cut.length ? { cut } : {}),
  };
}

/** True when the item carries nothing a draft could hold. */
export function isEmptyShare(item: SharedItem): boolean {
  return !item.title && !item.text && !item.url && item.files.every((f) => f.content === undefined);
}

/** The fence language for a file name: its extension (the highlighter knows the aliases), or the name for Makefile-like files. */
export function fenceLanguage(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  if (dot > 0)
    return base
      .slice(dot + 1)
      .toLowerCase()
      .replace(/[^a-z0-9+#-]/g, '');
  return /^(makefile|dockerfile)$/i.test(base) ? base.toLowerCase() : '';
}

/** A code fence longer than any backtick run inside `content`, so the file cannot close it early. */
function fenced(content: string, language: string): string {
  const fence = safeFence(content);
  return `${fence}${language}\n${content.replace(/\n$/, '')}\n${fence}`;
}

/**
 * The draft text for a shared item: the text, the link (with its title when
 * the text does not already hold them), then each text file in a fenced code
 * block named after the file.
 */
export function composeSharedDraft(item: SharedItem): string {
  const parts: string[] = [];
  if (item.text) parts.push(item.text);
  if (item.url && !item.text.includes(item.url)) {
    parts.push(item.title && !item.text.includes(item.title) ? `${item.title}\n${item.url}` : item.url);
  } else if (item.title && !item.text && !item.url) {
    parts.push(item.title);
  }
  for (const file of item.files) {
    if (file.content !== undefined)
      parts.push(`\`${file.name}\`:\n\n${fenced(file.content, fenceLanguage(file.name))}`);
  }
  return parts.join('\n\n');
}

/** Puts shared text after what the user had already typed, so neither is lost. */
export function mergeDraft(existing: string, shared: string): string {
  return existing.trim() ? `${existing.trimEnd()}\n\n${shared}` : shared;
}

/** A short description of what was shared ("notes.py", "a link", "text"), for the notice. */
export function describeShare(item: SharedItem): { what: string; leftOut: string[] } {
  const kept = item.files.filter((f) => f.content !== undefined).map((f) => f.name);
  const what = kept.length ? kept.join(', ') : item.url ? 'a link' : 'text';
  const leftOut = item.files
    .filter((f) => f.skipped)
    .map((f) =>
      f.skipped === 'too-large'
        ? `${f.name} was left out: it is larger than ${MAX_SHARED_FILE_BYTES / 1024} KB.`
        : `${f.name} was left out: only text files can go into a chat.`,
    );
  return { what, leftOut: [...leftOut, ...(item.cut ?? [])] };
}
