/**
 * Which code blocks Codelumi can run, and how: a fence's language (with its
 * aliases) and a look at the code decide whether it runs in the sandbox's
 * worker (Python, JavaScript, TypeScript) or renders in a preview pane
 * (HTML, React components), and whether it has side effects (network, DOM)
 * that keep it from running automatically.
 */

import {
  languageOfFence,
  type PreviewLanguage,
  type RunnerLanguage,
  type WorkerLanguage,
} from '../languages/languages';

export type { PreviewLanguage, RunnerLanguage, WorkerLanguage };

/** Matches JSX elements such as `<div`, `<App />` or `<>` at the start of an expression. */
const JSX_TAG = /(?:return|=>|=|\(|\?|:|&&|\|\|)\s*<(?:>|[A-Za-z][\w.]*(?:\s|\/?>))/;
const REACT_USE = /from\s+['"]react(?:-dom)?(?:\/client)?['"]|require\(\s*['"]react['"]\s*\)|\bReact\.\w+/;

/** True when the code contains JSX (so it needs the JSX transform). */
export function hasJsx(code: string): boolean {
  return JSX_TAG.test(code);
}

/**
 * The runner language of a fenced block, or undefined when Codelumi cannot
 * run it. JavaScript or TypeScript that renders JSX counts as a React
 * component (it gets a preview); `jsx`/`tsx` fences always do.
 */
export function runnerLanguage(fenceLanguage: string, code = ''): RunnerLanguage | undefined {
  const lang = languageOfFence(fenceLanguage)?.runner;
  if (!lang) return undefined;
  if ((lang === 'javascript' || lang === 'typescript') && hasJsx(code) && REACT_USE.test(code)) return 'react';
  return lang;
}

/** True for languages whose result is a rendered page rather than program output. */
export function isPreviewLanguage(lang: RunnerLanguage): lang is PreviewLanguage {
  return lang === 'html' || lang === 'react';
}

/** The TypeScript flavour of a React block, from its fence (tsx/ts → TypeScript syntax allowed). */
export function reactUsesTypeScript(fenceLanguage: string): boolean {
  const name = languageOfFence(fenceLanguage)?.name;
  return name === 'TypeScript';
}

const SIDE_EFFECTS: Record<WorkerLanguage, RegExp[]> = {
  javascript: [
    /\bfetch\s*\(/,
    /\bXMLHttpRequest\b/,
    /\bWebSocket\b/,
    /\bEventSource\b/,
    /\bnavigator\.sendBeacon\b/,
    /\bdocument\./,
    /\bwindow\./,
    /\blocalStorage\b/,
    /\bsessionStorage\b/,
    /\bindexedDB\b/,
    /\brequire\(\s*['"](?:node:)?(?:fs|http|https|net|child_process|dgram|os)['"]/,
    /from\s+['"](?:node:)?(?:fs|http|https|net|child_process)['"]/,
    /\bprocess\.exit\b/,
    /\bDeno\./,
    /\bBun\./,
  ],
  typescript: [],
  python: [
    /^[ \t]*(?:import|from)[ \t]+(?:requests|urllib|http|socket|aiohttp|httpx|smtplib|ftplib|subprocess|shutil|webbrowser|pyodide\.http|js)\b/m,
    /\bos\.(?:system|remove|unlink|rmdir|makedirs|mkdir|rename|popen)\b/,
    /\bopen\([^)]*['"][wax]b?\+?['"]/,
    /\binput\s*\(/,
  ],
};
SIDE_EFFECTS.typescript = SIDE_EFFECTS.javascript;

/**
 * True when the code looks like it reaches outside itself (network, DOM,
 * files, processes, user input). Such code never runs automatically; the
 * user runs it with the Run button. Previews always count as side effects.
 */
export function hasSideEffects(lang: RunnerLanguage, code: string): boolean {
  if (isPreviewLanguage(lang)) return true;
  return SIDE_EFFECTS[lang].some((re) => re.test(code));
}

/** What decides which blocks run by themselves (Settings: auto-run per language, and whether side effects may). */
export interface AutoRunSettings {
  autoRun: Partial<Record<RunnerLanguage, boolean>>;
  autoRunSideEffects: boolean;
}

/**
 * The auto-run rule, one place for the Response Processor's run requests
 * and the runner's warm-up: a worker program (not a preview) in a language
 * switched on, without side effects unless those are allowed too.
 */
export function autoRuns(
  block: { runner?: RunnerLanguage; preview: boolean; sideEffects: boolean },
  settings: AutoRunSettings,
): boolean {
  return (
    !!block.runner &&
    !block.preview &&
    !!settings.autoRun[block.runner] &&
    (settings.autoRunSideEffects || !block.sideEffects)
  );
}

/** Words for a language in buttons and status lines. */
export function languageLabel(lang: RunnerLanguage): string {
  return { python: 'Python', javascript: 'JavaScript', typescript: 'TypeScript', html: 'HTML', react: 'React' }[lang];
}
