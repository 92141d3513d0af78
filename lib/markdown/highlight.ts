/**
 * Syntax highlighting with Shiki, loaded only when the first code block
 * needs it, with each language's grammar fetched the first time it is seen.
 * Output carries both light and dark colours as CSS variables.
 */
import type { HighlighterCore } from 'shiki/core';
import { languageOfFence } from '../languages/languages';

type GrammarModule = Promise<{ default: unknown }>;

/** The grammars Codelumi can load, by canonical name. */
const GRAMMARS: Record<string, () => GrammarModule> = {
  javascript: () => import('shiki/langs/javascript.mjs'),
  typescript: () => import('shiki/langs/typescript.mjs'),
  jsx: () => import('shiki/langs/jsx.mjs'),
  tsx: () => import('shiki/langs/tsx.mjs'),
  python: () => import('shiki/langs/python.mjs'),
  json: () => import('shiki/langs/json.mjs'),
  bash: () => import('shiki/langs/bash.mjs'),
  html: () => import('shiki/langs/html.mjs'),
  css: () => import('shiki/langs/css.mjs'),
  sql: () => import('shiki/langs/sql.mjs'),
  yaml: () => import('shiki/langs/yaml.mjs'),
  markdown: () => import('shiki/langs/markdown.mjs'),
  go: () => import('shiki/langs/go.mjs'),
  rust: () => import('shiki/langs/rust.mjs'),
  java: () => import('shiki/langs/java.mjs'),
  c: () => import('shiki/langs/c.mjs'),
  cpp: () => import('shiki/langs/cpp.mjs'),
  csharp: () => import('shiki/langs/csharp.mjs'),
  php: () => import('shiki/langs/php.mjs'),
  ruby: () => import('shiki/langs/ruby.mjs'),
  kotlin: () => import('shiki/langs/kotlin.mjs'),
  swift: () => import('shiki/langs/swift.mjs'),
  dockerfile: () => import('shiki/langs/dockerfile.mjs'),
  toml: () => import('shiki/langs/toml.mjs'),
  diff: () => import('shiki/langs/diff.mjs'),
  xml: () => import('shiki/langs/xml.mjs'),
  graphql: () => import('shiki/langs/graphql.mjs'),
  scss: () => import('shiki/langs/scss.mjs'),
  vue: () => import('shiki/langs/vue.mjs'),
  lua: () => import('shiki/langs/lua.mjs'),
  powershell: () => import('shiki/langs/powershell.mjs'),
  makefile: () => import('shiki/langs/makefile.mjs'),
};

/** The canonical grammar name for a fence language, or undefined when none is available. */
export function grammarFor(language: string): string | undefined {
  // A word that names no language may still be a grammar's own name.
  const name = languageOfFence(language)?.grammar ?? language.toLowerCase();
  return name in GRAMMARS ? name : undefined;
}

let highlighter: Promise<HighlighterCore> | undefined;
const loading = new Map<string, Promise<void>>();

function getHighlighter(): Promise<HighlighterCore> {
  highlighter ??= (async () => {
    const [{ createHighlighterCore }, { createJavaScriptRegexEngine }] = await Promise.all([
      import('shiki/core'),
      import('shiki/engine/javascript'),
    ]);
    return createHighlighterCore({
      // The "default" GitHub themes: every token colour meets WCAG AA (4.5:1) on our code backgrounds.
      themes: [import('shiki/themes/github-light-default.mjs'), import('shiki/themes/github-dark-default.mjs')],
      langs: [],
      engine: createJavaScriptRegexEngine({ forgiving: true }),
    });
  })();
  return highlighter;
}

/**
 * Loads Shiki and the grammar for `language` (once); false when the language
 * is unknown. Kept apart from highlighting so a caller can time the two
 * separately: loading fetches code, highlighting only computes.
 */
export async function prepareLanguage(language: string): Promise<boolean> {
  const name = grammarFor(language);
  if (!name) return false;
  const hl = await getHighlighter();
  let ready = loading.get(name);
  if (!ready) {
    ready = GRAMMARS[name]().then((m) => hl.loadLanguage(m.default as Parameters<HighlighterCore['loadLanguage']>[0]));
    loading.set(name, ready);
  }
  await ready;
  return true;
}

/**
 * HTML for `code` highlighted as `language`, or undefined when the language is
 * unknown. Shiki escapes the code, so the HTML is safe to insert.
 */
export async function highlightCode(code: string, language: string): Promise<string | undefined> {
  if (!(await prepareLanguage(language))) return undefined;
  const hl = await getHighlighter();
  const name = grammarFor(language)!;
  return hl.codeToHtml(code, {
    lang: name,
    themes: { light: 'github-light-default', dark: 'github-dark-default' },
    defaultColor: false,
  });
}
