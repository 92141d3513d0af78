/**
 * How the worker turns the user's (transpiled) program into something it can
 * load with `importScripts` under a CSP without 'unsafe-eval': the program
 * becomes the body of one async function on the same first line, so line
 * numbers stay the user's, top-level `await` works, and errors can be traced
 * back to the user's lines.
 *
 * Tests given apart from the code (Write tests, the eval) run in a block of
 * their own after the code, where `test`, `expect`, `require`… are bound to
 * the harness through a parameter with a random name per run: the code's
 * own declarations (`var test = () => {}`, `function expect() {}`) cannot
 * shadow them, and the code cannot name that parameter to replace it.
 * The block calls the harness's `testsBegin()` first and `testsEnd()` last,
 * through that same parameter: code that returns before the block, or
 * swallows it (`if (false)`, an unclosed `function f() `, `process.exit`),
 * leaves a mark missing, and the worker reports that the tests did not run.
 *
 * No text can leave its wrapper: the body of every wrapper function is a
 * block labelled with the run's random name, and the wrapper's last
 * statement is `break <that label>`. A body that closes the function early
 * (`}; evilAtLoadTime(); function f() {`) leaves that `break` outside its
 * label, which is an early SyntaxError: the whole script fails to compile
 * and none of it runs. The code cannot write the label's name (it is drawn
 * after the code was fixed), so it cannot reopen a matching block either.
 */

/** The length of the random part of the harness parameter's name (hex digits). */
export const NONCE_LENGTH = 16;

const harnessName = (nonce: string) => `__codelumiHarness_${nonce}`;
const guardName = (nonce: string) => `__codelumiGuard_${nonce}`;
const ZEROS = '0'.repeat(NONCE_LENGTH);

/**
 * The start of a wrapper's body: the directive (the code's own "use strict"
 * would no longer be a directive inside the guard block, so it is repeated
 * here; sloppy code gets an inert directive of the same length, so columns
 * shift the same) and the opening of the guard block.
 */
function bodyOpen(nonce: string, strict: boolean): string {
  return `${strict ? '"use strict";' : '"not strict";'}${guardName(nonce)}: {`;
}

/** The end of a wrapper's body, on a line of its own: only compiles when the body left the guard block open, and nothing more. */
function bodyClose(nonce: string): string {
  return `\nbreak ${guardName(nonce)};}`;
}

/**
 * True when `code` starts with a "use strict" directive (Sucrase's module
 * output does). Approximate on purpose: a wrong answer only changes the
 * program's own strictness, never how it is wrapped.
 */
export function startsStrict(code: string): boolean {
  let i = 0;
  for (;;) {
    const rest = code.slice(i);
    const skip = /^(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)/.exec(rest);
    if (skip) {
      i += skip[0].length;
      continue;
    }
    const str = /^(['"])((?:(?!\1)[^\\\n]|\\.)*)\1[ \t]*(?:;|\n|$)/.exec(rest);
    if (!str) return false;
    if (str[2] === 'use strict') return true;
    i += str[0].length;
  }
}

/**
 * The engine's message for a script that failed to compile, in the user's
 * words: a wrapper's guard that fired (the code closed more than it opened)
 * is named as such, not by the guard's label.
 */
export function compileMessage(raw: string): string {
  return /Undefined label '__codelumiGuard_/.test(raw)
    ? "SyntaxError: Unexpected '}': the code closes a block or function it did not open"
    : raw;
}

/** What the program's first line is prefixed with, for a given nonce; its length is the same for every nonce and strictness. */
export function programPrefix(nonce: string, strict = false): string {
  return `self.__codelumiProgram = function (${harnessName(nonce)}) { return async function __codelumiMain(require, module, exports, process, __filename, __dirname) {${bodyOpen(nonce, strict)}`;
}

/** The prefix with a placeholder nonce: columns on line 1 shift by its length. */
export const PROGRAM_PREFIX = programPrefix(ZEROS);

/** The names the tests block binds to the harness. */
export const TEST_BINDINGS = [
  'test',
  'it',
  'describe',
  'suite',
  'expect',
  'assert',
  'beforeEach',
  'afterEach',
  'beforeAll',
  'afterAll',
  'require',
] as const;

/** The marks the tests block calls on the harness parameter when it starts and when it reaches its end. */
export const TESTS_BEGIN = 'testsBegin';
export const TESTS_END = 'testsEnd';

/** What the tests' first line is prefixed with; columns on that line shift by its length. */
export function testsPrefix(nonce: string): string {
  return `{const {${TEST_BINDINGS.join(', ')}} = ${harnessName(nonce)};${harnessName(nonce)}.${TESTS_BEGIN}();{`;
}

/** What follows the tests' last line (on a line of its own). */
function testsSuffix(nonce: string): string {
  return `\n}${harnessName(nonce)}.${TESTS_END}();}`;
}

/**
 * The source to transpile and run: the code, then (when there are tests)
 * the tests inside their own block. Lines stay the user's: the tests start
 * on the line after the code's last.
 */
export function programSource(
  code: string,
  tests: string | undefined,
  nonce: string,
): { source: string; testsLine?: number; testsShift?: number } {
  if (!tests) return { source: code };
  const prefix = testsPrefix(nonce);
  return {
    source: `${code}\n${prefix}${tests}${testsSuffix(nonce)}`,
    testsLine: code.split('\n').length + 1,
    testsShift: prefix.length,
  };
}

/**
 * The program as a script that defines `self.__codelumiProgram(harness)`,
 * which returns the program's function. The script compiles only when the
 * code leaves the function it is put in exactly as it found it (see the
 * header), so none of it can run while the script loads.
 */
export function wrapProgram(code: string, nonce = ZEROS): string {
  return `${programPrefix(nonce, startsStrict(code))}${code}${bodyClose(nonce)} }; };`;
}

export interface UserStack {
  /** The error as the user should read it: message and frames in their code only. */
  text: string;
  line?: number;
  column?: number;
}

/**
 * Rewrites an error stack from the sandbox: frames in the program (loaded
 * from `programUrl`) are named `filename:line:column`, frames from the
 * harness and the runtime are dropped. `line`/`column` are of the innermost
 * user frame. `shifted` is a line whose columns moved by a prefix (the tests' first line).
 */
export function userStack(
  stack: string,
  programUrl: string,
  filename: string,
  shifted?: { line: number; by: number },
): UserStack {
  const lines = stack.split('\n');
  const head: string[] = [];
  const frames: string[] = [];
  let line: number | undefined;
  let column: number | undefined;
  const escaped = programUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const location = new RegExp(`${escaped}:(\\d+):(\\d+)`);
  let inFrames = false;
  for (const l of lines) {
    const isFrame = /^\s+at\s/.test(l);
    if (!isFrame && !inFrames) {
      head.push(l);
      continue;
    }
    inFrames = true;
    const m = location.exec(l);
    if (!m) continue;
    const ln = Number(m[1]);
    const shift = ln === 1 ? PROGRAM_PREFIX.length : shifted && ln === shifted.line ? shifted.by : 0;
    const col = Math.max(1, Number(m[2]) - shift);
    if (line === undefined) {
      line = ln;
      column = col;
    }
    frames.push(
      l.replace(location, `${filename}:${ln}:${col}`).replace(/self\.__codelumiProgram|__codelumiMain/g, '<main>'),
    );
  }
  return { text: [...head, ...frames].join('\n'), line, column };
}

// ---------------------------------------------------------------- multi-file programs

/** What a module's first line is prefixed with: a CommonJS wrapper, async for the entry (top-level await); one length for any nonce and strictness. */
export function modulePrefix(isAsync: boolean, nonce = ZEROS, strict = false): string {
  return `self.__codelumiModule = ${isAsync ? 'async ' : ''}function __codelumiModule(require, module, exports, process, __filename, __dirname) {${bodyOpen(nonce, strict)}`;
}

/**
 * One (transpiled) file as a script that defines `self.__codelumiModule`,
 * its module function; it compiles only when the file cannot leave that
 * function (see the header).
 */
export function wrapModule(code: string, isAsync: boolean, nonce = ZEROS): string {
  return `${modulePrefix(isAsync, nonce, startsStrict(code))}${code}${bodyClose(nonce)}\n};`;
}

/**
 * The tests file of a multi-file program as a script that defines
 * `self.__codelumiProgram(harness)`: its module function, with the tests'
 * names bound to the harness and the marks around them, as for a single
 * block. Returns the script and how far its first line's columns moved.
 */
export function wrapTestsModule(tests: string, nonce: string): { script: string; shift: number } {
  const prefix = testsPrefix(nonce);
  return {
    script: `${programPrefix(nonce)}${prefix}${tests}${testsSuffix(nonce)}${bodyClose(nonce)} }; };`,
    shift: PROGRAM_PREFIX.length + prefix.length,
  };
}

/** A loaded file of a multi-file program: the Blob URL its script came from, its path, how far its line 1 moved. */
export interface LoadedModuleUrl {
  url: string;
  path: string;
  shift: number;
}

/**
 * Rewrites an error stack from a multi-file program: frames in any of the
 * program's files are named `path:line:column`, other frames are dropped.
 * `file`, `line` and `column` are those of the innermost frame in the program.
 */
export function modulesStack(stack: string, urls: readonly LoadedModuleUrl[]): UserStack & { file?: string } {
  const byUrl = new Map(urls.map((u) => [u.url, u]));
  const head: string[] = [];
  const frames: string[] = [];
  let where: { file: string; line: number; column: number } | undefined;
  let inFrames = false;
  const location = /(blob:[^\s)]+?):(\d+):(\d+)/;
  for (const l of stack.split('\n')) {
    if (!/^\s+at\s/.test(l) && !inFrames) {
      head.push(l);
      continue;
    }
    inFrames = true;
    const m = location.exec(l);
    const u = m && byUrl.get(m[1]);
    if (!m || !u) continue;
    const ln = Number(m[2]);
    const col = Math.max(1, Number(m[3]) - (ln === 1 ? u.shift : 0));
    where ??= { file: u.path, line: ln, column: col };
    frames.push(
      l
        .replace(location, `${u.path}:${ln}:${col}`)
        .replace(/self\.__codelumi(?:Module|Program)|__codelumi(?:Module|Main)/g, '<module>'),
    );
  }
  return { text: [...head, ...frames].join('\n'), line: where?.line, column: where?.column, file: where?.file };
}
