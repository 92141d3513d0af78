/**
 * The one table of languages Codelumi knows: the words a code fence may name
 * it by, the name people read, the files written in it, the grammar that
 * colours it and whether the sandbox can run it. The runner, the highlighter,
 * the project indexer and the Response Processor all read this table, so a
 * language added here is known to all of them at once.
 */

/** What the sandbox's worker runs. */
export type WorkerLanguage = 'python' | 'javascript' | 'typescript';
/** What renders in a preview pane. */
export type PreviewLanguage = 'html' | 'react';
/** How Codelumi runs a block of this language (worker program or preview). */
export type RunnerLanguage = WorkerLanguage | PreviewLanguage;

/** One language (or one flavour of it that files and fences tell apart, like tsx). */
export interface Language {
  /** The canonical fence word ("typescript"); unique in the table. */
  id: string;
  /** The name people read ("TypeScript"); flavours share their language's name. */
  name: string;
  /** Other words a fence may use for it ("ts", "mts"), lower-case. */
  aliases: readonly string[];
  /** File extensions without the dot, lower-case. */
  extensions: readonly string[];
  /** Whole file names (lower-case) written in it ("dockerfile", ".env"). */
  fileNames: readonly string[];
  /** The fence word a file of this language is quoted with in a prompt ("ts", "python"). */
  fence: string;
  /** The Shiki grammar that colours it, when Codelumi ships one. */
  grammar?: string;
  /** How the sandbox runs it, when it can. */
  runner?: RunnerLanguage;
  /** Counts as a programming language in a project's profile (markup, data and docs do not). */
  code: boolean;
}

type Options = Partial<Omit<Language, 'id' | 'name'>>;

function language(id: string, name: string, o: Options = {}): Language {
  return {
    id,
    name,
    aliases: o.aliases ?? [],
    extensions: o.extensions ?? [],
    fileNames: o.fileNames ?? [],
    fence: o.fence ?? id,
    grammar: o.grammar,
    runner: o.runner,
    code: o.code ?? true,
  };
}

/** Every language, in no particular order. A fence word or extension names at most one of them. */
export const LANGUAGES: readonly Language[] = [
  language('typescript', 'TypeScript', {
    aliases: ['ts', 'mts', 'cts'],
    extensions: ['ts', 'mts', 'cts'],
    fence: 'ts',
    grammar: 'typescript',
    runner: 'typescript',
  }),
  language('tsx', 'TypeScript', { extensions: ['tsx'], grammar: 'tsx', runner: 'react' }),
  language('javascript', 'JavaScript', {
    aliases: ['js', 'mjs', 'cjs', 'node', 'nodejs'],
    extensions: ['js', 'mjs', 'cjs'],
    fence: 'js',
    grammar: 'javascript',
    runner: 'javascript',
  }),
  language('jsx', 'JavaScript', { aliases: ['react'], extensions: ['jsx'], grammar: 'jsx', runner: 'react' }),
  language('python', 'Python', {
    aliases: ['py', 'python3', 'py3', 'pycon'],
    extensions: ['py', 'pyi'],
    grammar: 'python',
    runner: 'python',
  }),
  language('ipynb', 'Jupyter Notebook', { extensions: ['ipynb'], fence: 'json' }),
  language('go', 'Go', { aliases: ['golang'], extensions: ['go'], grammar: 'go' }),
  language('rust', 'Rust', { aliases: ['rs'], extensions: ['rs'], grammar: 'rust' }),
  language('java', 'Java', { extensions: ['java'], grammar: 'java' }),
  language('kotlin', 'Kotlin', { aliases: ['kt', 'kts'], extensions: ['kt', 'kts'], grammar: 'kotlin' }),
  language('scala', 'Scala', { extensions: ['scala'] }),
  language('groovy', 'Groovy', { extensions: ['groovy', 'gradle'] }),
  language('ruby', 'Ruby', { aliases: ['rb'], extensions: ['rb'], grammar: 'ruby' }),
  // Ruby, but a build file: it does not make Ruby a language of the project.
  language('ruby-build', 'Ruby', { fileNames: ['gemfile', 'rakefile'], fence: 'ruby', grammar: 'ruby', code: false }),
  language('php', 'PHP', { extensions: ['php'], grammar: 'php' }),
  language('csharp', 'C#', { aliases: ['cs', 'c#'], extensions: ['cs'], grammar: 'csharp' }),
  language('fsharp', 'F#', { extensions: ['fs'] }),
  language('c', 'C', { aliases: ['h'], extensions: ['c', 'h'], grammar: 'c' }),
  language('cpp', 'C++', {
    aliases: ['c++', 'cc', 'hpp'],
    extensions: ['cc', 'cpp', 'cxx', 'hpp', 'hh'],
    grammar: 'cpp',
  }),
  language('objectivec', 'Objective-C', { extensions: ['m'] }),
  language('swift', 'Swift', { extensions: ['swift'], grammar: 'swift' }),
  language('dart', 'Dart', { extensions: ['dart'] }),
  language('lua', 'Lua', { extensions: ['lua'], grammar: 'lua' }),
  language('r', 'R', { extensions: ['r'] }),
  language('julia', 'Julia', { extensions: ['jl'] }),
  language('elixir', 'Elixir', { extensions: ['ex', 'exs'] }),
  language('erlang', 'Erlang', { extensions: ['erl'] }),
  language('haskell', 'Haskell', { extensions: ['hs'] }),
  language('ocaml', 'OCaml', { extensions: ['ml'] }),
  language('clojure', 'Clojure', { extensions: ['clj'] }),
  language('zig', 'Zig', { extensions: ['zig'] }),
  language('solidity', 'Solidity', { extensions: ['sol'] }),
  language('bash', 'Shell', {
    aliases: ['sh', 'shell', 'zsh', 'console', 'shellscript'],
    extensions: ['sh', 'bash', 'zsh'],
    grammar: 'bash',
  }),
  language('fish', 'Shell', { extensions: ['fish'] }),
  language('powershell', 'PowerShell', { aliases: ['ps1'], extensions: ['ps1'], grammar: 'powershell' }),
  language('sql', 'SQL', { extensions: ['sql'], grammar: 'sql' }),
  language('prisma', 'Prisma', { extensions: ['prisma'] }),
  language('graphql', 'GraphQL', { aliases: ['gql'], extensions: ['graphql', 'gql'], grammar: 'graphql' }),
  language('proto', 'Protocol Buffers', { extensions: ['proto'] }),
  language('css', 'CSS', { extensions: ['css'], grammar: 'css' }),
  language('scss', 'SCSS', { extensions: ['scss'], grammar: 'scss' }),
  language('sass', 'Sass', { extensions: ['sass'] }),
  language('less', 'Less', { extensions: ['less'] }),
  language('html', 'HTML', { aliases: ['htm', 'xhtml'], extensions: ['html', 'htm'], grammar: 'html', runner: 'html' }),
  language('vue', 'Vue', { extensions: ['vue'], grammar: 'vue' }),
  language('svelte', 'Svelte', { extensions: ['svelte'] }),
  language('astro', 'Astro', { extensions: ['astro'] }),
  language('terraform', 'Terraform', { extensions: ['tf'], fence: 'hcl' }),
  language('hcl', 'HCL', { extensions: ['hcl'] }),
  language('markdown', 'Markdown', {
    aliases: ['md'],
    extensions: ['md'],
    fence: 'md',
    grammar: 'markdown',
    code: false,
  }),
  language('mdx', 'MDX', { extensions: ['mdx'], code: false }),
  language('rst', 'reStructuredText', { extensions: ['rst'], code: false }),
  language('text', 'Text', { aliases: ['txt'], extensions: ['txt'], code: false }),
  language('json', 'JSON', { extensions: ['json'], grammar: 'json', code: false }),
  language('jsonc', 'JSON', { extensions: ['jsonc'], grammar: 'json', code: false }),
  language('json5', 'JSON', { extensions: ['json5'], grammar: 'json', code: false }),
  language('yaml', 'YAML', { aliases: ['yml'], extensions: ['yaml', 'yml'], grammar: 'yaml', code: false }),
  language('toml', 'TOML', { extensions: ['toml'], grammar: 'toml', code: false }),
  language('ini', 'INI', { extensions: ['ini', 'cfg'], code: false }),
  language('xml', 'XML', { extensions: ['xml'], grammar: 'xml', code: false }),
  language('svg', 'SVG', { extensions: ['svg'], fence: 'xml', grammar: 'xml', code: false }),
  language('csv', 'CSV', { extensions: ['csv'], code: false }),
  language('dotenv', 'Dotenv', { extensions: ['env'], fileNames: ['.env'], fence: 'bash', code: false }),
  language('lockfile', 'Lockfile', { extensions: ['lock'], fence: 'text', code: false }),
  language('dockerfile', 'Dockerfile', {
    aliases: ['docker'],
    fileNames: ['dockerfile'],
    grammar: 'dockerfile',
    code: false,
  }),
  language('makefile', 'Makefile', {
    aliases: ['make'],
    fileNames: ['makefile', 'gnumakefile'],
    grammar: 'makefile',
    code: false,
  }),
  language('just', 'Justfile', { fileNames: ['justfile'], code: false }),
  language('gitignore', 'Ignore list', { fileNames: ['.gitignore', '.dockerignore'], code: false }),
  language('diff', 'Diff', { aliases: ['patch'], grammar: 'diff', code: false }),
];

function index(keys: (l: Language) => readonly string[]): ReadonlyMap<string, Language> {
  const map = new Map<string, Language>();
  for (const l of LANGUAGES) {
    for (const key of keys(l)) {
      if (map.has(key)) throw new Error(`Two languages claim "${key}": ${map.get(key)!.id} and ${l.id}`);
      map.set(key, l);
    }
  }
  return map;
}

const BY_WORD = index((l) => [l.id, ...l.aliases]);
const BY_EXTENSION = index((l) => l.extensions);
const BY_FILE_NAME = index((l) => l.fileNames);

/** The language a fence word names (case and surrounding spaces ignored), or undefined when none does. */
export function languageOfFence(word: string): Language | undefined {
  return BY_WORD.get(word.trim().toLowerCase());
}

/** The language of a file extension (without the dot, any case), or undefined. */
export function languageOfExtension(extension: string): Language | undefined {
  return BY_EXTENSION.get(extension.toLowerCase());
}

/** The language of a whole file name such as "Dockerfile" or ".env" (any case), or undefined. */
export function languageOfFileName(name: string): Language | undefined {
  return BY_FILE_NAME.get(name.toLowerCase());
}

/** The language with this id; throws for an id not in the table (a programming error). */
export function languageById(id: string): Language {
  const l = BY_WORD.get(id);
  if (!l || l.id !== id) throw new Error(`No language with the id "${id}"`);
  return l;
}

/** Every fence word (ids and aliases) of the languages called `name` ("TypeScript" → typescript, ts, tsx …). */
export function fenceWordsOf(name: string): string[] {
  return LANGUAGES.filter((l) => l.name === name).flatMap((l) => [l.id, ...l.aliases]);
}
