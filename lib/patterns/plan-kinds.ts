/**
 * The Planner's side of patterns: what kind of project a plan builds (its
 * language or framework, and what it is: a CLI, an API, a web app …) and the
 * shape of the plan (where its tests come). Plan outcomes accumulate per
 * (project kind → plan shape) in the same `patterns` table as answers, under
 * keys that cannot be mistaken for a question kind (`plan:python cli`, no
 * `/`). Coarse on purpose, like the question kinds: evidence must pile up.
 */
import { classifyQuestion, type Topic } from './classify';

export const PROJECT_TYPES = ['cli', 'api', 'web-app', 'game', 'library', 'bot', 'script', 'app'] as const;
export type ProjectType = (typeof PROJECT_TYPES)[number];

/** What a plan builds: `{ topic: 'python', type: 'cli' }`. */
export interface ProjectKind {
  topic: Topic;
  type: ProjectType;
}

export const PLAN_SHAPES = ['tests-first', 'tests-each-step', 'tests-after', 'run-checks', 'review-only'] as const;
export type PlanShape = (typeof PLAN_SHAPES)[number];

/** The prefix of every plan kind key and of every plan's answer and signal ids. */
export const PLAN_PREFIX = 'plan:';

const TYPE_WORDS: [ProjectType, RegExp][] = [
  ['cli', /\b(?:cli|command[- ]line|terminal (?:app|tool|program)|argparse|click|typer|commander)\b/i],
  ['web-app', /\bfull[- ]?stack\b/i],
  ['api', /\b(?:api|rest|graphql|endpoints?|backend|back-end|web ?server|microservice)\b/i],
  [
    'web-app',
    /\b(?:web ?app|website|web ?site|web ?page|landing page|frontend|front-end|dashboard|spa|single[- ]page|ui)\b/i,
  ],
  ['game', /\bgames?\b/i],
  ['library', /\b(?:library|package|sdk|module)\b/i],
  ['bot', /\bbot\b/i],
  ['script', /\bscripts?\b|\bautomat/i],
];

/**
 * The project a request asks for. The request's own words name the language
 * first; the attached project's stack (`profileSummary`, or its entries)
 * decides only when the request names none.
 */
export function classifyProject(request: string, projectStack?: string | readonly string[]): ProjectKind {
  const stack = typeof projectStack === 'string' ? projectStack : (projectStack ?? []).join(', ');
  let topic = classifyQuestion(request).topic;
  if ((topic === 'general' || topic === 'testing') && stack) {
    const fromStack = classifyQuestion(stack).topic;
    if (fromStack !== 'general') topic = fromStack;
  }
  const type = TYPE_WORDS.find(([, pattern]) => pattern.test(request))?.[0] ?? 'app';
  return { topic, type };
}

/** `plan:python cli`: the pattern's `questionKind` for plans building this kind of project. */
export function planKindKey(kind: ProjectKind): string {
  return `${PLAN_PREFIX}${kind.topic} ${kind.type}`;
}

/** True for a plan kind key (and false for every question kind). */
export function isPlanKind(key: string): boolean {
  return key.startsWith(PLAN_PREFIX);
}

/** The project kind of a plan kind key; undefined for anything else. */
export function parsePlanKind(key: string): ProjectKind | undefined {
  if (!isPlanKind(key)) return undefined;
  const [topic, type] = key.slice(PLAN_PREFIX.length).split(' ');
  if (!(PROJECT_TYPES as readonly string[]).includes(type)) return undefined;
  return { topic: topic as Topic, type: type as ProjectType };
}

/** A file that holds tests, by the conventions of the sandbox's languages. */
export function isTestPath(path: string): boolean {
  const name = path.split('/').pop() ?? '';
  return (
    /(^|\/)(tests?|__tests__|spec)\//.test(path) ||
    /[._-](test|spec)\.[cm]?[jt]sx?$/.test(name) ||
    /^test_.*\.py$|_test\.py$/.test(name)
  );
}

/** What `describePlanShape` reads of a plan (a structural slice of lib/planner's `Plan`). */
export interface ShapedPlan {
  steps: readonly { files: readonly string[]; check: { kind: string; testFile?: string } }[];
}

/**
 * Where the plan's tests come: `tests-first` (a step writes tests before any
 * step writes other code), `tests-each-step` (every step writing code is
 * checked by a test), `tests-after` (tests come, but after code they do not
 * check), `run-checks` (no test, but runs or previews), `review-only`.
 */
export function describePlanShape(plan: ShapedPlan): PlanShape {
  const steps = plan.steps;
  if (!steps.some((s) => s.check.kind === 'test')) {
    return steps.some((s) => s.check.kind === 'run' || s.check.kind === 'preview') ? 'run-checks' : 'review-only';
  }
  const writesTests = (s: ShapedPlan['steps'][number]) =>
    s.files.some(isTestPath) || (!!s.check.testFile && s.files.includes(s.check.testFile));
  const writesCode = (s: ShapedPlan['steps'][number]) => s.files.some((f) => !isTestPath(f));
  const firstTests = steps.findIndex(writesTests);
  const firstCode = steps.findIndex(writesCode);
  if (firstTests >= 0 && (firstCode < 0 || firstTests < firstCode)) return 'tests-first';
  if (steps.filter(writesCode).every((s) => s.check.kind === 'test')) return 'tests-each-step';
  return 'tests-after';
}

const TOPIC_NAMES: Partial<Record<Topic, string>> = {
  javascript: 'JavaScript',
  typescript: 'TypeScript',
  nextjs: 'Next.js',
  node: 'Node.js',
  csharp: 'C#',
  cpp: 'C++',
  php: 'PHP',
  sql: 'SQL',
  css: 'CSS',
  html: 'HTML',
};

const TYPE_NAMES: Record<ProjectType, string> = {
  cli: 'CLI',
  api: 'API',
  'web-app': 'web app',
  game: 'game',
  library: 'library',
  bot: 'bot',
  script: 'script',
  app: 'app',
};

/** "a Python CLI", "an API", "a React web app": the project kind in words. */
export function projectKindLabel(kind: ProjectKind): string {
  const topic =
    kind.topic === 'general'
      ? ''
      : (TOPIC_NAMES[kind.topic] ?? kind.topic.charAt(0).toUpperCase() + kind.topic.slice(1));
  const words = [topic, TYPE_NAMES[kind.type]].filter(Boolean).join(' ');
  return `${/^[aeiou]/i.test(words) ? 'an' : 'a'} ${words}`;
}

const SHAPE_LABELS: Record<PlanShape, { label: string; plans: string }> = {
  'tests-first': { label: 'tests first', plans: 'plans that write tests first' },
  'tests-each-step': { label: 'a test for each step', plans: 'plans that test each step' },
  'tests-after': { label: 'tests after the code', plans: 'plans that add tests after the code' },
  'run-checks': { label: 'checked by running', plans: 'plans checked by running the code' },
  'review-only': { label: 'reviewed by you', plans: 'plans you reviewed by hand' },
};

/** A plan shape in a few words for lists ("tests first"); the key itself when unknown. */
export function planShapeLabel(shape: string): string {
  return SHAPE_LABELS[shape as PlanShape]?.label ?? shape;
}

/** A plan shape as the subject of a sentence ("plans that write tests first"). */
export function planShapePlans(shape: string): string {
  return SHAPE_LABELS[shape as PlanShape]?.plans ?? `plans shaped “${shape}”`;
}
