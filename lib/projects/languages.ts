/**
 * What a file is, from its name: the language it is written in (for the
 * profile's language counts) and the tag of a fenced code block (so a model
 * sees and quotes it as that language).
 */

import { languageOfExtension, languageOfFileName, type Language } from '../languages/languages';

/** The last segment of a "/"-separated path. */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? path : path.slice(i + 1);
}

/** The lower-case extension without the dot ("" when there is none; ".env" has none). */
export function extensionOf(path: string): string {
  const name = baseName(path);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

function kindOf(path: string): Language | undefined {
  const name = baseName(path).toLowerCase();
  const named = languageOfFileName(name);
  if (named) return named;
  if (name.startsWith('dockerfile.') || name.endsWith('.dockerfile')) return languageOfFileName('dockerfile');
  if (name.startsWith('.env.')) return languageOfFileName('.env');
  return languageOfExtension(extensionOf(path));
}

/** The fence tag for a file's code block ("ts", "python" …), or "" when unknown. */
export function fenceFor(path: string): string {
  return kindOf(path)?.fence ?? '';
}

/** The programming language of a file for the profile's counts, or undefined for docs, data and unknown files. */
export function codeLanguageOf(path: string): string | undefined {
  const kind = kindOf(path);
  return kind?.code ? kind.name : undefined;
}
