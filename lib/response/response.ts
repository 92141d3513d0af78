/**
 * The Response Processor: what an answer contains (prose and code blocks with
 * language and file name, missing language tags filled in by detection, and
 * whether and how each block can run) and whether it followed the user's
 * stated preferences (a language, a package manager, a test runner, a
 * length). The markdown view, the run board and auto-run read its blocks
 * rather than finding code blocks and guessing languages themselves. An
 * ignored preference counts against the answer's style in the learning engine.
 */
import { extractCodeBlocks, type CodeBlock } from '../markdown/code-blocks';
import { splitMarkdownBlocks } from '../markdown/blocks';
import { describeAnswer } from '../patterns/classify';
import { fenceWordsOf, languageById } from '../languages/languages';
import {
  autoRuns,
  hasSideEffects,
  isPreviewLanguage,
  runnerLanguage,
  type AutoRunSettings,
  type RunnerLanguage,
} from '../runner/languages';
import type { RunnableBlock } from '../runner/board';
import { detectLanguage } from './language-detect';

/** A code block of an answer, as every part of Codelumi sees it. */
export interface ProcessedBlock extends CodeBlock, RunnableBlock {
  /** The fence's language, or the detected one when the fence had none ('' when unsure). */
  effectiveLanguage: string;
  /** True when the language was detected rather than written by the model. */
  detected: boolean;
  /**
   * How the block runs (a worker program or a preview), or undefined when it
   * cannot: its language has no runtime, or it is empty or still streaming.
   */
  runner?: RunnerLanguage;
  /** True when the block renders in a preview pane rather than running as a program. */
  preview: boolean;
  /** True when the block reaches outside itself (network, DOM, files): it never runs automatically. */
  sideEffects: boolean;
}

function processBlock(b: CodeBlock): ProcessedBlock {
  const detected = !b.language && b.closed ? detectLanguage(b.code) : '';
  const effectiveLanguage = b.language || detected;
  // A half-streamed block is not the model's code yet, and an empty one has nothing to run.
  const runner = b.closed && b.code.trim() ? runnerLanguage(effectiveLanguage, b.code) : undefined;
  return {
    ...b,
    effectiveLanguage,
    detected: !b.language && !!detected,
    runner,
    preview: !!runner && isPreviewLanguage(runner),
    sideEffects: !!runner && hasSideEffects(runner, b.code),
  };
}

/** The answer's code blocks, in order, with their effective languages and how each can run. */
export function processBlocks(answer: string): ProcessedBlock[] {
  return extractCodeBlocks(answer).map(processBlock);
}

/** A top-level part of an answer (see splitMarkdownBlocks) with its processed code blocks. */
export interface ProcessedPart {
  text: string;
  /** Offset of the part in the whole answer. */
  start: number;
  /**
   * The part's code blocks. `index` counts in the whole answer; `start` is
   * the offset in the part's own text (where a renderer of the part finds it).
   */
  blocks: ProcessedBlock[];
}

/**
 * The answer split into parts that render alone, each with its processed
 * code blocks. Parts of `previous` whose text and position are unchanged are
 * reused as they are, so a streaming answer processes only its growing end.
 */
export function processParts(answer: string, previous: readonly ProcessedPart[] = []): ProcessedPart[] {
  const known = new Map(previous.map((p) => [p.start, p]));
  let codeIndex = 0;
  return splitMarkdownBlocks(answer).map(({ text, start }) => {
    const first = codeIndex;
    const old = known.get(start);
    const reuse = old && old.text === text && (old.blocks[0]?.index ?? first) === first;
    const blocks = reuse ? old.blocks : processBlocks(text).map((b) => ({ ...b, index: first + b.index }));
    codeIndex += blocks.length;
    return reuse ? old : { text, start, blocks };
  });
}

/**
 * A processor of one answer as it grows: each call reuses the parts the last
 * call made that are unchanged (see processParts).
 */
export function createPartsProcessor(): (answer: string) => ProcessedPart[] {
  let previous: ProcessedPart[] = [];
  return (answer) => (previous = processParts(answer, previous));
}

/**
 * The blocks a finished answer asks to run on its own (auto-run): worker
 * programs (not previews) in the languages switched on, without side effects
 * unless those are allowed.
 */
export function runRequests(blocks: readonly ProcessedBlock[], settings: AutoRunSettings): ProcessedBlock[] {
  return blocks.filter((b) => autoRuns(b, settings));
}

/** How a preference names a language; the fence words of each come from the languages table. */
const PREFERRED: Record<string, RegExp> = {
  TypeScript: /\btypescript\b|\bts\b/i,
  JavaScript: /\bjavascript\b|\bjs\b|\bvanilla js\b/i,
  Python: /\bpython\b/i,
  Go: /\bgo(?:lang)?\b/i,
  Rust: /\brust\b/i,
  Java: /\bjava\b(?!script)/i,
  Kotlin: /\bkotlin\b/i,
  'C#': /\bc#|\bcsharp\b/i,
};
const LANGUAGES = Object.fromEntries(
  Object.entries(PREFERRED).map(([name, names]) => [name, { names, fences: fenceWordsOf(name) }]),
);
/** Fences that are neither a program language nor a conflict (shell, config, data). */
const NEUTRAL = new Set([
  '',
  'env',
  ...['bash', 'json', 'yaml', 'toml', 'text', 'diff', 'dockerfile', 'sql', 'html', 'css', 'ini', 'markdown'].flatMap(
    (id) => {
      const l = languageById(id);
      return [l.id, ...l.aliases];
    },
  ),
]);

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
      if (!lang.names.test(text) || !/\b(?:use|using|uses|prefer|prefers|answer|write|code|examples?|in)\b/i.test(text))
        continue;
      if (fences.length > 0 && !fences.some((f) => lang.fences.includes(f))) {
        const shown = [
          ...new Set(blocks.map((b) => b.effectiveLanguage).filter((l) => l && !NEUTRAL.has(l.toLowerCase()))),
        ].join(', ');
        out.push({ memoryId: p.id, reason: `Code in ${shown} although you prefer ${name}` });
      }
    }
    // A package manager the user works with.
    for (const pm of [...NODE_PMS, ...PY_PMS]) {
      if (!PM_NAMES[pm].test(text)) continue;
      const family = NODE_PMS.includes(pm) ? NODE_PMS : PY_PMS;
      const others = family.filter(
        (o) => o !== pm && PACKAGE_MANAGERS[o].test(answer) && !PACKAGE_MANAGERS[pm].test(answer),
      );
      if (others.length) out.push({ memoryId: p.id, reason: `Used ${others.join(' and ')} although you use ${pm}` });
    }
    // A test runner.
    for (const [runner, used] of Object.entries(TEST_RUNNERS)) {
      if (!RUNNER_NAMES[runner].test(text)) continue;
      const others = Object.entries(TEST_RUNNERS)
        .filter(([o, re]) => o !== runner && re.test(answer) && !used.test(answer))
        .map(([o]) => o);
      if (others.length)
        out.push({ memoryId: p.id, reason: `Wrote ${others.join(' and ')} tests although you use ${runner}` });
    }
    // Length.
    if (/\b(?:short|shorter|concise|brief|terse)\b/i.test(text) && length === 'long')
      out.push({ memoryId: p.id, reason: 'A long answer although you prefer short ones' });
    if (
      /\b(?:detailed|thorough|long|in depth|in-depth)\b/i.test(text) &&
      length === 'short' &&
      !/\bshort\b/i.test(text)
    )
      out.push({ memoryId: p.id, reason: 'A short answer although you prefer detailed ones' });
  }
  // One reason per memory is enough.
  return out.filter((v, i) => out.findIndex((w) => w.memoryId === v.memoryId) === i);
}
