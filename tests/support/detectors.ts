/**
 * Every function that runs regular expressions over untrusted text (model
 * answers, user messages, pasted logs, project files, imported data), each as
 * text → anything. The time-budget test runs all of them over adversarial
 * inputs. A new detector goes here: one line.
 */
import { detectLanguage } from '@/lib/response/language-detect';
import { findViolations, processBlocks } from '@/lib/response/response';
import { cleanSummary } from '@/lib/prompt/summary';
import { estimateTokens } from '@/lib/core/tokens';
import { splitThinkTags } from '@/lib/response/think-tags';
import { cleanModelTitle, fallbackTitle } from '@/lib/chat/title';
import { normalizeHost } from '@/lib/db/settings';
import { classifyQuestion, describeAnswer } from '@/lib/patterns/classify';
import { correctionText, questionGist } from '@/lib/memory/learned';
import { extractStatedMemories } from '@/lib/memory/statements';
import { detectTextSignals } from '@/lib/signals/text/detect';
import { detectSignals } from '@/lib/signals/learned/detect';
import { errorInOutputBlock, errorStartIn, findPastedError, looksLikeLogLine } from '@/lib/signals/text/errors';
import { classifyFollowUp } from '@/lib/signals/text/follow-up';
import {
  clausesOf,
  contentWords,
  isQuestion,
  MAX_MESSAGE_CHARS,
  normalizeProse,
  splitMessage,
} from '@/lib/signals/text/normalize';
import { similarityProfile } from '@/lib/signals/text/similarity';
import { splitMarkdownBlocks } from '@/lib/markdown/blocks';
import { extractCodeBlocks } from '@/lib/markdown/code-blocks';
import { closesFence, openingFence } from '@/lib/markdown/fences';
import { markdownToPlainText } from '@/lib/markdown/plain-text';
import { safeUrl } from '@/lib/markdown/safe-url';
import { chunkFile } from '@/lib/projects/chunks';
import { detectStack, isManifest } from '@/lib/projects/detect';
import { IgnoreRules } from '@/lib/projects/gitignore';
import { activeMention, parseMentions } from '@/lib/projects/mentions';
import { skipFileByName } from '@/lib/projects/rules';
import { pickRunnableBlock } from '@/lib/runner/follow-ups';
import { hasJsx, hasSideEffects, runnerLanguage } from '@/lib/runner/languages';
import { usesModules } from '@/lib/runner/transpile';
import { makeSnippet } from '@/lib/search/conversation-search';

const PREFERENCES = [
  { id: 'ts', text: 'Prefers TypeScript in code examples' },
  { id: 'pnpm', text: 'Uses pnpm' },
  { id: 'vitest', text: 'Writes tests with Vitest' },
  { id: 'short', text: 'Prefers short, concise answers' },
];

/** The manifests stack detection reads by content (each given the adversarial text). */
const MANIFESTS = [
  'package.json',
  'tsconfig.json',
  'pyproject.toml',
  'requirements.txt',
  'Pipfile',
  'go.mod',
  'go.work',
  'Cargo.toml',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'Gemfile',
  'composer.json',
  'App.csproj',
  '.nvmrc',
  '.python-version',
  'Dockerfile',
  'compose.yaml',
];

/**
 * A per-line detector as its callers use it: on each line of a message as
 * splitMessage reads it (the first MAX_MESSAGE_CHARS), and on the whole text
 * as one huge line.
 */
function perLine(text: string, f: (line: string) => unknown): void {
  f(text);
  for (const line of text.slice(0, MAX_MESSAGE_CHARS).split('\n')) f(line);
}

/** Name → the detector applied to one untrusted text. */
export const DETECTORS: Record<string, (text: string) => unknown> = {
  // Language of untagged blocks and the Response Processor.
  'response/language-detect detectLanguage': detectLanguage,
  'response/response processBlocks': processBlocks,
  'response/response findViolations': (t) => findViolations(t, PREFERENCES),
  'prompt/summary cleanSummary': cleanSummary,
  'core/tokens estimateTokens': estimateTokens,
  // Signal detection, statements, classification, corrections.
  'signals/text/detect detectTextSignals (message)': (t) =>
    detectTextSignals({ message: t, prevUser: 'How do I sort a list?', prevAssistant: 'Use sorted(xs).' }),
  'signals/text/detect detectTextSignals (answer)': (t) =>
    detectTextSignals({ message: 'that did not work', prevUser: t, prevAssistant: t }),
  'signals/learned/detect detectSignals (message)': (t) =>
    detectSignals({ message: t, prevUser: 'How do I sort a list?', prevAssistant: 'Use sorted(xs).' }),
  'signals/learned/detect detectSignals (answer)': (t) =>
    detectSignals({ message: 'that did not work', prevUser: t, prevAssistant: t }),
  'signals/text/follow-up classifyFollowUp': (t) =>
    classifyFollowUp({ message: t, prose: normalizeProse(t), prevUser: t, prevAssistant: t }),
  'signals/text/normalize splitMessage': splitMessage,
  'signals/text/normalize normalizeProse': normalizeProse,
  'signals/text/normalize clausesOf': clausesOf,
  'signals/text/normalize isQuestion': isQuestion,
  'signals/text/normalize contentWords': contentWords,
  'signals/text/similarity similarityProfile': similarityProfile,
  'memory/statements extractStatedMemories': extractStatedMemories,
  'patterns/classify classifyQuestion': (t) => classifyQuestion(t, t),
  'patterns/classify describeAnswer': describeAnswer,
  'memory/learned questionGist': questionGist,
  'memory/learned correctionText': correctionText,
  // Error finding in pasted logs and run output.
  'signals/text/errors findPastedError': (t) => findPastedError(t, t),
  'signals/text/errors errorInOutputBlock': errorInOutputBlock,
  'signals/text/errors errorStartIn (each line)': (t) => perLine(t, errorStartIn),
  'signals/text/errors looksLikeLogLine (each line)': (t) => perLine(t, looksLikeLogLine),
  // Markdown: fences, blocks, plain text, links.
  'markdown/blocks splitMarkdownBlocks': splitMarkdownBlocks,
  'markdown/code-blocks extractCodeBlocks': extractCodeBlocks,
  'markdown/fences openingFence/closesFence (each line)': (t) =>
    perLine(t, (line) => {
      closesFence(line, openingFence(line) ?? { char: '`', length: 3, indent: 0, info: '' });
    }),
  'markdown/plain-text markdownToPlainText': markdownToPlainText,
  'markdown/safe-url safeUrl': safeUrl,
  // Chat: think tags, titles.
  'response/think-tags splitThinkTags': splitThinkTags,
  'chat/title fallbackTitle': (t) => fallbackTitle(t),
  'chat/title cleanModelTitle': cleanModelTitle,
  // Projects: mentions, stack detection on manifests, gitignore rules, secret/skip rules, chunks.
  'projects/mentions parseMentions': (t) => parseMentions(t, ['src/app.ts', 'lib/a/b.py', t.slice(0, 200)]),
  'projects/mentions activeMention': (t) => activeMention(t, t.length),
  'projects/detect detectStack (manifests)': (t) => detectStack({ paths: MANIFESTS, read: () => t }),
  'projects/detect isManifest (as a path)': isManifest,
  'projects/gitignore IgnoreRules (as .gitignore)': (t) =>
    IgnoreRules.empty()
      .with('', t)
      .ignores(`src/${'a'.repeat(60)}/file.ts`, false),
  'projects/rules skipFileByName (secrets)': skipFileByName,
  'projects/chunks chunkFile': (t) => chunkFile('src/file.ts', t),
  // Runner: which block to run, how.
  'runner/follow-ups pickRunnableBlock': (t) => pickRunnableBlock(t, 'python'),
  'runner/languages runnerLanguage': (t) => runnerLanguage('', t),
  'runner/languages hasJsx': hasJsx,
  'runner/languages hasSideEffects': (t) =>
    (['javascript', 'typescript', 'python'] as const).map((lang) => hasSideEffects(lang, t)),
  'runner/transpile usesModules': usesModules,
  // Search, settings.
  'search makeSnippet': (t) => makeSnippet(t, ['needle', 'a']),
  'db/settings normalizeHost': normalizeHost,
};
