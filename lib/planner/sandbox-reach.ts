/**
 * Whether the sandbox can run a step's check, decided from the plan alone
 * (nothing is run): the check's kind, the language of its file, and the
 * packages the step says its code needs. The sandbox runs Python with the
 * standard library only, JavaScript and TypeScript with no npm package, and
 * previews HTML pages and React components (lib/runner/README.md).
 */
import { languageOfExtension } from '../languages/languages';
import { extensionOf } from '../projects/languages';
import { checkFileOf } from './plan-rules';
import { PYTHON_SANDBOX_MODULES } from './python-stdlib';
import type { CheckLanguage, PlanStep } from './types';

/** Whether a step's check can run in the sandbox, and why not when it cannot. */
export type CheckReach =
  { verifiable: true; language: CheckLanguage | 'html' | 'react' } | { verifiable: false; reason: string };

// Node modules the JavaScript test harness provides itself (lib/runner/js-harness.ts).
const JS_BUILTINS = new Set(['assert', 'node:assert', 'node:test', 'assert/strict', 'node:assert/strict']);
// What a preview page gets without installing anything (public/runner/react.js).
const PREVIEW_PACKAGES = new Set(['react', 'react-dom', 'react-dom/client']);

const quoteList = (names: string[]) => names.map((n) => `“${n}”`).join(', ');

/** The language the sandbox would run `path` as, from its extension; undefined when it has no runner for it. */
function runnerOf(path: string): { runner?: string; name?: string } {
  const language = languageOfExtension(extensionOf(path));
  return { runner: language?.runner, name: language?.name };
}

/** Python packages the step needs that the sandbox does not have (by top-level module name). */
function missingPython(packages: readonly string[]): string[] {
  return packages.filter((p) => !PYTHON_SANDBOX_MODULES.has(p.split('.')[0]));
}

/** Whether the sandbox can run this step's check (a `review` never runs: the user decides). Pure. */
export function checkReach(step: PlanStep): CheckReach {
  const { kind } = step.check;
  if (kind === 'review') return { verifiable: false, reason: 'You review this step: nothing runs it.' };
  const file = checkFileOf(step);
  if (!file)
    return {
      verifiable: false,
      reason: `Its ${kind} check names no file to ${kind === 'preview' ? 'render' : 'run'}.`,
    };
  const { runner, name } = runnerOf(file);
  const packages = step.packages ?? [];
  if (kind === 'preview') {
    if (runner !== 'html' && runner !== 'react' && runner !== 'javascript' && runner !== 'typescript') {
      return {
        verifiable: false,
        reason: `The sandbox previews HTML pages and React components, not ${name ?? `“${file}”`}.`,
      };
    }
    const missing = packages.filter((p) => !PREVIEW_PACKAGES.has(p));
    if (missing.length)
      return {
        verifiable: false,
        reason: `It needs ${quoteList(missing)}, which previews do not have (only React is there).`,
      };
    return { verifiable: true, language: runner === 'html' ? 'html' : 'react' };
  }
  if (runner === 'react') {
    return {
      verifiable: false,
      reason: `“${file}” is a React component: the sandbox renders those as previews and cannot ${kind} them.`,
    };
  }
  if (runner !== 'python' && runner !== 'javascript' && runner !== 'typescript') {
    return {
      verifiable: false,
      reason: `The sandbox cannot run ${name ?? `“${file}”`}: it runs Python, JavaScript and TypeScript.`,
    };
  }
  if (runner === 'python') {
    const missing = missingPython(packages);
    if (missing.length) {
      return {
        verifiable: false,
        reason: `It needs ${quoteList(missing)}, and the sandbox’s Python has the standard library only.`,
      };
    }
  } else {
    const missing = packages.filter((p) => !JS_BUILTINS.has(p));
    if (missing.length)
      return {
        verifiable: false,
        reason: `It needs the npm package${missing.length > 1 ? 's' : ''} ${quoteList(missing)}, and the sandbox installs none.`,
      };
  }
  return { verifiable: true, language: runner };
}
