/**
 * Which language a workspace file is in, by its name, from the one table of
 * languages (lib/languages): the fence word it is quoted with in a prompt,
 * and which sandbox language runs it.
 */
import { languageOfExtension, languageOfFileName, type Language } from '../languages/languages';
import type { CheckLanguage } from './types';

/** The language of `path` (by file name, then extension), or undefined. */
export function languageOfPath(path: string): Language | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return languageOfFileName(name) ?? (dot > 0 ? languageOfExtension(name.slice(dot + 1)) : undefined);
}

/** The sandbox language that runs `path` (TSX counts as TypeScript, JSX as JavaScript), or undefined. */
export function checkLanguageOfPath(path: string): CheckLanguage | undefined {
  const runner = languageOfPath(path)?.runner;
  if (runner === 'python' || runner === 'javascript' || runner === 'typescript') return runner;
  if (runner === 'react') return /\.tsx$/i.test(path) ? 'typescript' : 'javascript';
  return undefined;
}

/** Whether a file of `language` can import a file of `other` in one program: JS and TS mix, Python stands alone. */
export function sameProgram(language: CheckLanguage, other: CheckLanguage | undefined): boolean {
  if (!other) return false;
  return language === 'python' ? other === 'python' : other !== 'python';
}
