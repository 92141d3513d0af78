/**
 * What a file is, from its name: the language it is written in (for the
 * profile's language counts) and the tag of a fenced code block (so a model
 * sees and quotes it as that language).
 */

interface Kind {
  /** Language name shown in the profile. */
  language: string;
  /** Markdown fence tag. */
  fence: string;
  /** Counts as a programming language in the profile (markup, data and docs do not). */
  code: boolean;
}

const k = (language: string, fence: string, code = true): Kind => ({ language, fence, code });

const BY_EXTENSION: Record<string, Kind> = {
  ts: k('TypeScript', 'ts'),
  mts: k('TypeScript', 'ts'),
  cts: k('TypeScript', 'ts'),
  tsx: k('TypeScript', 'tsx'),
  js: k('JavaScript', 'js'),
  mjs: k('JavaScript', 'js'),
  cjs: k('JavaScript', 'js'),
  jsx: k('JavaScript', 'jsx'),
  py: k('Python', 'python'),
  pyi: k('Python', 'python'),
  ipynb: k('Jupyter Notebook', 'json'),
  go: k('Go', 'go'),
  rs: k('Rust', 'rust'),
  java: k('Java', 'java'),
  kt: k('Kotlin', 'kotlin'),
  kts: k('Kotlin', 'kotlin'),
  scala: k('Scala', 'scala'),
  groovy: k('Groovy', 'groovy'),
  gradle: k('Groovy', 'groovy'),
  rb: k('Ruby', 'ruby'),
  php: k('PHP', 'php'),
  cs: k('C#', 'csharp'),
  fs: k('F#', 'fsharp'),
  c: k('C', 'c'),
  h: k('C', 'c'),
  cc: k('C++', 'cpp'),
  cpp: k('C++', 'cpp'),
  cxx: k('C++', 'cpp'),
  hpp: k('C++', 'cpp'),
  hh: k('C++', 'cpp'),
  m: k('Objective-C', 'objectivec'),
  swift: k('Swift', 'swift'),
  dart: k('Dart', 'dart'),
  lua: k('Lua', 'lua'),
  r: k('R', 'r'),
  jl: k('Julia', 'julia'),
  ex: k('Elixir', 'elixir'),
  exs: k('Elixir', 'elixir'),
  erl: k('Erlang', 'erlang'),
  hs: k('Haskell', 'haskell'),
  ml: k('OCaml', 'ocaml'),
  clj: k('Clojure', 'clojure'),
  zig: k('Zig', 'zig'),
  sol: k('Solidity', 'solidity'),
  sh: k('Shell', 'bash'),
  bash: k('Shell', 'bash'),
  zsh: k('Shell', 'bash'),
  fish: k('Shell', 'fish'),
  ps1: k('PowerShell', 'powershell'),
  sql: k('SQL', 'sql'),
  prisma: k('Prisma', 'prisma'),
  graphql: k('GraphQL', 'graphql'),
  gql: k('GraphQL', 'graphql'),
  proto: k('Protocol Buffers', 'proto'),
  css: k('CSS', 'css'),
  scss: k('SCSS', 'scss'),
  sass: k('Sass', 'sass'),
  less: k('Less', 'less'),
  html: k('HTML', 'html'),
  htm: k('HTML', 'html'),
  vue: k('Vue', 'vue'),
  svelte: k('Svelte', 'svelte'),
  astro: k('Astro', 'astro'),
  tf: k('Terraform', 'hcl'),
  hcl: k('HCL', 'hcl'),
  md: k('Markdown', 'md', false),
  mdx: k('MDX', 'mdx', false),
  rst: k('reStructuredText', 'rst', false),
  txt: k('Text', 'text', false),
  json: k('JSON', 'json', false),
  jsonc: k('JSON', 'jsonc', false),
  json5: k('JSON', 'json5', false),
  yaml: k('YAML', 'yaml', false),
  yml: k('YAML', 'yaml', false),
  toml: k('TOML', 'toml', false),
  ini: k('INI', 'ini', false),
  cfg: k('INI', 'ini', false),
  xml: k('XML', 'xml', false),
  svg: k('SVG', 'xml', false),
  csv: k('CSV', 'csv', false),
  env: k('Dotenv', 'bash', false),
  lock: k('Lockfile', 'text', false),
};

const BY_NAME: Record<string, Kind> = {
  dockerfile: k('Dockerfile', 'dockerfile', false),
  makefile: k('Makefile', 'makefile', false),
  gnumakefile: k('Makefile', 'makefile', false),
  justfile: k('Justfile', 'just', false),
  gemfile: k('Ruby', 'ruby', false),
  rakefile: k('Ruby', 'ruby', false),
  '.gitignore': k('Ignore list', 'gitignore', false),
  '.dockerignore': k('Ignore list', 'gitignore', false),
  '.env': k('Dotenv', 'bash', false),
};

/** The last segment of a "/"-separated path. */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? path : path.slice(i + 1);
}

/** The lower-case extension without the dot ("" when there is none; ".env" has none). */
export function extensionOf(path: string): string {
  const name = baseName(path);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

function kindOf(path: string): Kind | undefined {
  const name = baseName(path).toLowerCase();
  if (BY_NAME[name]) return BY_NAME[name];
  if (name.startsWith('dockerfile.') || name.endsWith('.dockerfile')) return BY_NAME.dockerfile;
  if (name.startsWith('.env.')) return BY_NAME['.env'];
  return BY_EXTENSION[extensionOf(path)];
}

/** The fence tag for a file's code block ("ts", "python" …), or "" when unknown. */
export function fenceFor(path: string): string {
  return kindOf(path)?.fence ?? '';
}

/** The programming language of a file for the profile's counts, or undefined for docs, data and unknown files. */
export function codeLanguageOf(path: string): string | undefined {
  const kind = kindOf(path);
  return kind?.code ? kind.language : undefined;
}
