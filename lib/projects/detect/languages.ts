/**
 * The project's programming languages, by how many files each has. Docs,
 * data and config formats do not count; a language with a handful of files
 * in a big project (a build script) is left out.
 */
import { codeLanguageOf, extensionOf } from '../languages';
import type { DetectInput, Findings } from './findings';

const MAX_LANGUAGES = 6;

/** Entry keys for languages: "TypeScript" → "typescript", "C#" → "csharp", "C++" → "cpp". */
export function languageKey(language: string): string {
  return language
    .toLowerCase()
    .replace(/\+/g, 'p')
    .replace(/#/g, 'sharp')
    .replace(/[^a-z0-9]+/g, '-');
}

/** Adds the main languages with their file counts ("42 files") as detail and extensions as evidence. */
export function detectLanguages(input: DetectInput, found: Findings): void {
  const counts = new Map<string, { files: number; extensions: Map<string, number> }>();
  for (const path of input.paths) {
    const language = codeLanguageOf(path);
    if (!language) continue;
    const entry = counts.get(language) ?? { files: 0, extensions: new Map() };
    entry.files++;
    const ext = extensionOf(path);
    entry.extensions.set(ext, (entry.extensions.get(ext) ?? 0) + 1);
    counts.set(language, entry);
  }
  const total = [...counts.values()].reduce((n, c) => n + c.files, 0);
  const ranked = [...counts].sort((a, b) => b[1].files - a[1].files || a[0].localeCompare(b[0]));
  for (const [language, { files, extensions }] of ranked.slice(0, MAX_LANGUAGES)) {
    // In a project of hundreds of files, two shell scripts are not "a language of the project".
    if (total >= 50 && files / total < 0.02) continue;
    const evidence = [...extensions]
      .sort((a, b) => b[1] - a[1])
      .map(([ext, n]) => `${n} .${ext} file${n === 1 ? '' : 's'}`)
      .join(', ');
    found.add('language', languageKey(language), {
      name: language,
      detail: `${files} file${files === 1 ? '' : 's'}`,
      evidence,
    });
  }
}
