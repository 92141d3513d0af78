/**
 * The Response Processor: what an answer contains (prose and code blocks with
 * language and file name, missing language tags filled in by detection) and
 * whether it followed the user's stated preferences (a language, a package
 * manager, a test runner, a length). An ignored preference counts against the
 * answer's style in the learning engine.
 */
import { extractCodeBlocks, type CodeBlock } from '../markdown/code-blocks';
import { describeAnswer } from '../learning/classify';
import { detectLanguage } from './language-detect';

export interface ProcessedBlock extends CodeBlock {
  /** The fence's language, or the detected one when the fence had none ('' when unsure). */
  effectiveLanguage: string;
  /** True when the language was detected rather than written by the model. */
  detected: boolean;
}

/** The answer's code blocks with their effective languages. */
export function processBlocks(answer: string): ProcessedBlock[] {
  return extractCodeBlocks(answer).map((b) => {
    const detected = !b.language && b.closed ? detectLanguage(b.code) : '';
    return { ...b, effectiveLanguage: b.language || detected, detected: !b.language && !!detected };
  });
}

const LANGUAGES: Record<string, { names: RegExp; fences: string[] }> = {
  TypeScript: { names: /\btypescript\b|\bts\b/i, fences: ['ts', 'typescript', 'tsx', 'mts', 'cts'] },
  JavaScript: { names: /\bjavascript\b|\bjs\b|\bvanilla js\b/i, fences: ['js', 'javascript', 'jsx', 'mjs', 'cjs'] },
  Python: { names: /\bpython\b/i, fences: ['py', 'python', 'python3'] },
  Go: { names: /\bgo(?:lang)?\b/i, fences: ['go', 'golang'] },
  Rust: { names: /\brust\b/i, fences: ['rs', 'rust'] },
  Java: { names: /\bjava\b(?!script)/i, fences: ['java'] },
  Kotlin: { names: /\bkotlin\b/i, fences: ['kt', 'kotlin'] },
  'C#': { names: /\bc#|\bcsharp\b/i, fences: ['cs', 'csharp'] },
};
/** Fences that are neither a program language nor a conflict (shell, config, data). */
const NEUTRAL = new Set(['', 'bash', 'sh', 'shell', 'zsh', 'console', 'json', 'yaml', 'yml', 'toml', 'text', 'txt', 'diff', 'dockerfile', 'sql', 'html', 'css', 'ini', 'env', 'markdown', 'md']);

const PACKAGE_MANAGERS: Record<string, RegExp> = {
  pnpm: /(?:^|\s)pnpm (?:add|install|i|dlx|run)\b/m,
  yarn: /(?:^|\s)yarn (?:add|install|dlx|run)?\b/m,
  npm: /(?:^|\s)(?:npm (?:install|i|add|run)\b|npx )/m,
  bun: /(?:^|\s)bun (?:add|install|run|x)\b/m,
  uv: /(?:^|\s)uv (?:add|pip|run|sync)\b/m,
  poetry: /(?:^|\s)poetry (?:add|install|run)\b/m,
  pip: /(?:^|\s)pip3? install\b/m,
};
const NODE_PMS = ['pnpm', 'yarn', 'npm', 'bun'];
const PY_PMS = ['uv', 'poetry', 'pip'];

const TEST_RUNNERS: Record<string, RegExp> = {
  Vitest: /\bvi\.(?:fn|mock|spyOn)\b|from ['"]vitest['"]/,
  Jest: /\bjest\.(?:fn|mock|spyOn)\b|from ['"]@jest\//,
  pytest: /\bimport pytest\b|\bdef test_\w+\(/,
  unittest: /\bimport unittest\b|unittest\.TestCase/,
};

/** A preference the answer did not follow, in plain words. */
export interface Violation {
  memoryId: string;
  reason: string;
}

const PM_NAMES = Object.fromEntries([...NODE_PMS, ...PY_PMS].map((pm) => [pm, new RegExp(`\\b${pm}\\b`, 'i')]));
const RUNNER_NAMES = Object.fromEntries(Object.keys(TEST_RUNNERS).map((r) => [r, new RegExp(`\\b${r}\\b`, 'i')]));

/**
 * The preferences (memory texts) this answer ignored. Only clear cases count:
 * code in another language when one is asked for, another package manager's
 * commands, another test runner, a long answer to someone who prefers short
 * ones (and the reverse). Pass the preferences the model was given: it cannot
 * ignore what it was not told.
 */
export function findViolations(answer: string, preferences: readonly { id: string; text: string }[]): Violation[] {
  if (preferences.length === 0) return [];
  const blocks = processBlocks(answer);
  const fences = blocks.map((b) => b.effectiveLanguage.toLowerCase()).filter((l) => !NEUTRAL.has(l));
  const length = describeAnswer(answer).length;
  const out: Violation[] = [];
  for (const p of preferences) {
    const text = p.text;
    if (/\b(?:never|don't|do not|avoid)\b/i.test(text)) continue;
    // A language the user wants code in.
    for (const [name, lang] of Object.entries(LANGUAGES)) {
      if (!lang.names.test(text) || !/\b(?:use|using|uses|prefer|prefers|answer|write|code|examples?|in)\b/i.test(text)) continue;
      if (fences.length > 0 && !fences.some((f) => lang.fences.includes(f))) {
        const shown = [...new Set(blocks.map((b) => b.effectiveLanguage).filter((l) => l && !NEUTRAL.has(l.toLowerCase())))].join(', ');
        out.push({ memoryId: p.id, reason: `Code in ${shown} although you prefer ${name}` });
      }
    }
    // A package manager the user works with.
    for (const pm of [...NODE_PMS, ...PY_PMS]) {
      if (!PM_NAMES[pm].test(text)) continue;
      const family = NODE_PMS.includes(pm) ? NODE_PMS : PY_PMS;
      const others = family.filter((o) => o !== pm && PACKAGE_MANAGERS[o].test(answer) && !PACKAGE_MANAGERS[pm].test(answer));
      if (others.length) out.push({ memoryId: p.id, reason: `Used ${others.join(' and ')} although you use ${pm}` });
    }
    // A test runner.
    for (const [runner, used] of Object.entries(TEST_RUNNERS)) {
      if (!RUNNER_NAMES[runner].test(text)) continue;
      const others = Object.entries(TEST_RUNNERS).filter(([o, re]) => o !== runner && re.test(answer) && !used.test(answer)).map(([o]) => o);
      if (others.length) out.push({ memoryId: p.id, reason: `Wrote ${others.join(' and ')} tests although you use ${runner}` });
    }
    // Length.
    if (/\b(?:short|shorter|concise|brief|terse)\b/i.test(text) && length === 'long') out.push({ memoryId: p.id, reason: 'A long answer although you prefer short ones' });
    if (/\b(?:detailed|thorough|long|in depth|in-depth)\b/i.test(text) && length === 'short' && !/\bshort\b/i.test(text)) out.push({ memoryId: p.id, reason: 'A short answer although you prefer detailed ones' });
  }
  // One reason per memory is enough.
  return out.filter((v, i) => out.findIndex((w) => w.memoryId === v.memoryId) === i);
}
