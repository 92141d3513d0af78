/**
 * What kind of question this is (topic and intent) and what style an answer
 * has (length, code or prose first, steps, examples, tests, language, tone).
 * Patterns are kept per (question kind → answer style), so both sides are
 * coarse on purpose: evidence must pile up on few keys to mean anything.
 */
import { extractCodeBlocks } from '../markdown/code-blocks';

export const TOPICS = [
  'react',
  'nextjs',
  'vue',
  'angular',
  'svelte',
  'typescript',
  'javascript',
  'node',
  'python',
  'django',
  'go',
  'rust',
  'java',
  'csharp',
  'cpp',
  'c',
  'php',
  'ruby',
  'swift',
  'kotlin',
  'sql',
  'git',
  'css',
  'html',
  'docker',
  'kubernetes',
  'shell',
  'regex',
  'testing',
  'algorithms',
  'general',
] as const;
export type Topic = (typeof TOPICS)[number];

export const INTENTS = [
  'explain',
  'write',
  'debug',
  'fix_error',
  'refactor',
  'review',
  'compare',
  'how_to',
  'other',
] as const;
export type Intent = (typeof INTENTS)[number];

export interface QuestionKind {
  topic: Topic;
  intent: Intent;
}

/** "react/debug": the key patterns are stored under. */
export function kindKey(kind: QuestionKind): string {
  return `${kind.topic}/${kind.intent}`;
}

export function parseKindKey(key: string): QuestionKind {
  const [topic, intent] = key.split('/');
  return {
    topic: (TOPICS as readonly string[]).includes(topic) ? (topic as Topic) : 'general',
    intent: (INTENTS as readonly string[]).includes(intent) ? (intent as Intent) : 'other',
  };
}

const TOPIC_WORDS: [Topic, RegExp, number][] = [
  [
    'nextjs',
    /\bnext\.?js\b|\bapp router\b|\bgetserversideprops\b|\buse client\b|\bnext\/(?:image|link|navigation)\b/i,
    3,
  ],
  [
    'react',
    /\breact\b|\bjsx\b|\btsx\b|\buse(?:state|effect|memo|callback|ref|context|reducer)\b|\bcomponent\b|\bprops\b|\bhooks?\b|\bredux\b|\brerender/i,
    2,
  ],
  ['vue', /\bvue\b|\bnuxt\b|\bpinia\b|\bv-model\b/i, 3],
  ['angular', /\bangular\b|\bngmodule\b|\brxjs\b/i, 3],
  ['svelte', /\bsvelte(?:kit)?\b/i, 3],
  [
    'typescript',
    /\btypescript\b|\bts\b|\btsconfig\b|\bgenerics?\b|\binterface\b|\btype (?:alias|guard|error)\b|\bts\d{4}\b|\.ts\b/i,
    2,
  ],
  [
    'javascript',
    /\bjavascript\b|\bjs\b|\becmascript\b|\bpromise\b|\basync\/await\b|\bdom\b|\barray\.(?:map|filter|reduce)\b|\.js\b/i,
    1,
  ],
  ['node', /\bnode(?:\.?js)?\b|\bnpm\b|\bpnpm\b|\byarn\b|\bexpress\b|\bpackage\.json\b|\brequire\(/i, 2],
  [
    'python',
    /\bpython\d?\b|\bpip\b|\bpandas\b|\bnumpy\b|\bdef \w+\(|\blist comprehension\b|\b__init__\b|\.py\b|\bpytest\b|\bvirtualenv\b|\bvenv\b/i,
    2,
  ],
  ['django', /\bdjango\b|\bflask\b|\bfastapi\b/i, 3],
  ['go', /\bgolang\b|\bgo (?:module|mod|routine|func)\b|\bgoroutines?\b|\bgo\.mod\b|\bfunc main\(\)/i, 3],
  ['rust', /\brust\b|\bcargo\b|\bborrow checker\b|\blifetimes?\b|\bimpl\b.*\bfor\b|\bfn main\(\)|\bcrate\b/i, 3],
  ['java', /\bjava\b(?!script)|\bspring\b|\bmaven\b|\bgradle\b|\bjvm\b|\bpublic static void main\b/i, 3],
  ['csharp', /\bc#|\bcsharp\b|\.net\b|\bdotnet\b|\blinq\b|\basp\.net\b/i, 3],
  ['cpp', /\bc\+\+|\bcpp\b|\bstd::|\btemplate<|\bcmake\b/i, 3],
  ['c', /\bin c\b|\bc language\b|\bmalloc\b|\bprintf\b|\bpointer\b|\bsegfault\b/i, 2],
  ['php', /\bphp\b|\blaravel\b|\bcomposer\b/i, 3],
  ['ruby', /\bruby\b|\brails\b|\bgem\b/i, 3],
  ['swift', /\bswift(?:ui)?\b|\bxcode\b|\bios\b/i, 3],
  ['kotlin', /\bkotlin\b|\bandroid\b|\bjetpack\b/i, 3],
  [
    'sql',
    /\bsql\b|\bpostgres(?:ql)?\b|\bmysql\b|\bsqlite\b|\bselect\b.*\bfrom\b|\bjoin\b|\bindex(?:es)?\b.*\btable\b|\bquery\b|\bschema\b|\bmigration\b/i,
    2,
  ],
  ['git', /\bgit\b|\brebase\b|\bmerge conflict\b|\bcommit\b|\bbranch\b|\bcherry-pick\b|\bstash\b|\bgithub\b/i, 2],
  ['css', /\bcss\b|\btailwind\b|\bflexbox\b|\bgrid\b|\bcenter a div\b|\bmedia quer|\bscss\b|\bsass\b|\bstyle\b/i, 2],
  ['html', /\bhtml\b|\bsemantic\b|\bform\b|\baccessib|\baria-/i, 1],
  ['docker', /\bdocker(?:file)?\b|\bcompose\b|\bcontainer\b|\bimage\b.*\bbuild\b/i, 3],
  ['kubernetes', /\bkubernetes\b|\bk8s\b|\bkubectl\b|\bhelm\b|\bpod\b/i, 3],
  ['shell', /\bbash\b|\bshell\b|\bzsh\b|\bsed\b|\bawk\b|\bgrep\b|\bcron\b|\bterminal\b|\bpowershell\b/i, 2],
  ['regex', /\bregex\b|\bregular expression\b|\bregexp\b/i, 3],
  [
    'testing',
    /\btests?\b|\bjest\b|\bvitest\b|\bmocha\b|\bunit test\b|\bmock\b|\bcoverage\b|\bplaywright\b|\bcypress\b/i,
    1,
  ],
  [
    'algorithms',
    /\balgorithm\b|\bbig[- ]?o\b|\bcomplexity\b|\bsort(?:ing)?\b|\bbinary search\b|\bdynamic programming\b|\brecursion\b|\bgraph\b|\btree\b|\blinked list\b|\bleetcode\b/i,
    2,
  ],
];

const FENCE_TOPIC: Record<string, Topic> = {
  ts: 'typescript',
  typescript: 'typescript',
  tsx: 'react',
  jsx: 'react',
  js: 'javascript',
  javascript: 'javascript',
  py: 'python',
  python: 'python',
  go: 'go',
  rust: 'rust',
  rs: 'rust',
  java: 'java',
  cs: 'csharp',
  csharp: 'csharp',
  cpp: 'cpp',
  c: 'c',
  php: 'php',
  rb: 'ruby',
  ruby: 'ruby',
  swift: 'swift',
  kt: 'kotlin',
  kotlin: 'kotlin',
  sql: 'sql',
  css: 'css',
  scss: 'css',
  html: 'html',
  dockerfile: 'docker',
  bash: 'shell',
  sh: 'shell',
  shell: 'shell',
  yaml: 'docker',
};

const INTENT_RULES: [Intent, RegExp][] = [
  [
    'fix_error',
    /\b(?:error|exception|traceback|stack ?trace|crash(?:es|ing)?|throws?|fails? with|segfault|undefined is not|cannot read|TS\d{4}|E\d{4})\b|\wError:/i,
  ],
  [
    'debug',
    /\b(?:bug|doesn'?t work|not working|broken|wrong (?:output|result)|unexpected(?:ly)?|why (?:does|is|isn'?t|doesn'?t|am i)|debug|returns? (?:undefined|null|nan|none)|infinite loop|hangs?|slow)\b/i,
  ],
  [
    'refactor',
    /\b(?:refactor|clean ?up|simplify|improve|rewrite|restructure|make (?:it|this) (?:cleaner|better|faster|more readable)|optimi[sz]e|dry)\b/i,
  ],
  [
    'review',
    /\b(?:review|code review|any issues|is this (?:good|ok|correct|right|idiomatic)|feedback on|critique|best practice)\b/i,
  ],
  [
    'compare',
    /\b(?:vs\.?|versus|compare|comparison|difference between|differences|which is better|better than|or should i|pros and cons)\b/i,
  ],
  ['explain', /\b(?:explain|what (?:is|are|does)|what's|meaning of|understand|how does|why is|tell me about|eli5)\b/i],
  [
    'write',
    /\b(?:write|create|generate|implement|build|make (?:a|an|me)|give me (?:a|an|some)|code for|function (?:that|to|which)|script (?:that|to)|component (?:that|for)|snippet)\b/i,
  ],
  ['how_to', /\b(?:how (?:do|can|to|should|would)|what'?s the best way|way to|is it possible|steps to)\b/i],
];

/** The topic and intent of a question (`earlier`: the conversation before it, for follow-ups like "and in Go?"). */
export function classifyQuestion(question: string, earlier = ''): QuestionKind {
  const scores = new Map<Topic, number>();
  const add = (t: Topic, w: number) => scores.set(t, (scores.get(t) ?? 0) + w);
  for (const [topic, pattern, weight] of TOPIC_WORDS) {
    if (pattern.test(question)) add(topic, weight * 2);
    else if (earlier && pattern.test(earlier)) add(topic, weight * 0.5);
  }
  for (const block of extractCodeBlocks(question)) {
    const t = FENCE_TOPIC[block.language];
    if (t) add(t, 4);
  }
  // Frameworks imply their language: prefer the more specific topic.
  if ((scores.get('react') ?? 0) > 0) scores.set('javascript', Math.min(scores.get('javascript') ?? 0, 1));
  if ((scores.get('nextjs') ?? 0) > 0) scores.set('react', Math.min(scores.get('react') ?? 0, 2));
  let topic: Topic = 'general';
  let best = 0;
  for (const [t, s] of scores) if (s > best) [topic, best] = [t, s];
  const intent = INTENT_RULES.find(([, p]) => p.test(question))?.[0] ?? 'other';
  return { topic, intent };
}

export type LengthBand = 'short' | 'medium' | 'long';

export interface AnswerStyle {
  length: LengthBand;
  lead: 'code' | 'prose';
  steps: boolean;
  examples: boolean;
  tests: boolean;
  /** Main code language ('' when no code). */
  language: string;
  tone: 'terse' | 'neutral' | 'friendly';
}

/** The style of an answer, read from its markdown. */
export function describeAnswer(answer: string): AnswerStyle {
  const words = answer
    .replace(/```[\s\S]*?```/g, ' ')
    .split(/\s+/)
    .filter(Boolean).length;
  const blocks = extractCodeBlocks(answer);
  const firstCode = answer.search(/^[ \t]*(```|~~~)/m);
  const firstProse = answer.search(/^(?![ \t]*(```|~~~))[ \t]*\S/m);
  const lead: AnswerStyle['lead'] =
    firstCode !== -1 &&
    (firstProse === -1 || firstCode <= firstProse || answer.slice(0, firstCode).trim().split(/\s+/).length <= 12)
      ? 'code'
      : 'prose';
  const steps = /^[ \t]*(?:\d+[.)]|step \d+)/im.test(answer) && (answer.match(/^[ \t]*\d+[.)]\s/gm)?.length ?? 0) >= 2;
  const examples = /\bfor example\b|\be\.g\.|\bexample:|\busage:|\bexample usage\b/i.test(answer) || blocks.length >= 2;
  const tests = blocks.some((b) =>
    /\b(?:describe|it|test)\(|\bexpect\(|\bassert\b|\bdef test_|\bunittest\b|#\[test\]|@Test\b|func Test\w+\(/.test(
      b.code,
    ),
  );
  const languages = new Map<string, number>();
  for (const b of blocks) if (b.language) languages.set(b.language, (languages.get(b.language) ?? 0) + b.code.length);
  const language = [...languages.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  const friendly =
    /\b(?:happy to help|great question|hope this helps|let me know|feel free|glad|sure!|absolutely)\b/i.test(answer) ||
    /[!😊🙂]/u.test(answer.replace(/```[\s\S]*?```/g, ''));
  const tone: AnswerStyle['tone'] = friendly ? 'friendly' : words < 60 ? 'terse' : 'neutral';
  const length: LengthBand = words < 120 ? 'short' : words < 350 ? 'medium' : 'long';
  return { length, lead, steps, examples, tests, language, tone };
}

/** The pattern key of a style: the parts that shape an answer and can be asked for. */
export function styleKey(style: Pick<AnswerStyle, 'length' | 'lead' | 'steps' | 'tests'>): string {
  return [
    style.length,
    `${style.lead}-first`,
    style.steps ? 'steps' : 'no-steps',
    style.tests ? 'tests' : 'no-tests',
  ].join('|');
}

export function parseStyleKey(key: string): Pick<AnswerStyle, 'length' | 'lead' | 'steps' | 'tests'> {
  const [length, lead, steps, tests] = key.split('|');
  return {
    length: (['short', 'medium', 'long'].includes(length) ? length : 'medium') as LengthBand,
    lead: lead === 'code-first' ? 'code' : 'prose',
    steps: steps === 'steps',
    tests: tests === 'tests',
  };
}

/** Every style key the engine can choose between. */
export const ALL_STYLE_KEYS: string[] = (['short', 'medium', 'long'] as const).flatMap((length) =>
  (['code', 'prose'] as const).flatMap((lead) =>
    [false, true].flatMap((steps) => [false, true].map((tests) => styleKey({ length, lead, steps, tests }))),
  ),
);

/** The style as an instruction for the model's system prompt. */
export function styleInstruction(key: string): string {
  const s = parseStyleKey(key);
  const parts = [
    s.length === 'short'
      ? 'Keep the answer short (about 150 words of prose at most)'
      : s.length === 'medium'
        ? 'Give a focused answer of moderate length'
        : 'Give a thorough, detailed answer',
    s.lead === 'code' ? 'lead with the code, then explain briefly' : 'explain the idea first, then show the code',
    s.steps ? 'lay the solution out as numbered steps' : 'avoid long step-by-step lists',
    s.tests ? 'include small tests for the code' : '',
  ].filter(Boolean);
  return `${parts.join('; ')}.`;
}

/** Plain words for a style key ("short, code first, with tests"). */
export function styleLabel(key: string): string {
  const s = parseStyleKey(key);
  return [
    s.length,
    s.lead === 'code' ? 'code first' : 'explanation first',
    s.steps ? 'step by step' : '',
    s.tests ? 'with tests' : '',
  ]
    .filter(Boolean)
    .join(', ');
}
