/**
 * Recognising a pasted error or stack trace in a message, across the
 * ecosystems developers paste from. Lines that also appear in the previous
 * answer are ignored: the user quoting the answer's code is not an error.
 */

/** Lines that say "something failed" in the words of a tool, not of a person. */
const ERROR_LINE_PATTERNS: RegExp[] = [
  /traceback \(most recent call last\)/i,
  /^[ \t]*file "[^"]+", line \d+/im,
  /^[ \t]*(?:[\w$]+\.)*[\w$]*(?:Error|Exception)\b(?:\[\w+\])?:\s*\S/m, // ValueError: …, System.IO.IOException: …
  /^[ \t]*at (?:async )?[\w$.<>[\]]+ \(.*:\d+:\d+\)/m, // JS stack frame
  /^[ \t]*at .+:\d+:\d+\)?\s*$/m,
  /^[ \t]*at [\w$.]+\([\w$]+\.(?:java|kt|scala):\d+\)/m, // JVM frame
  /exception in thread "/i,
  /\bunhandled (?:exception|promise rejection|rejection)\b/i,
  /\b(?:Uncaught )?(?:TypeError|ReferenceError|SyntaxError|RangeError|EvalError|URIError|AggregateError|DOMException|NameError|KeyError|IndexError|AttributeError|ImportError|ModuleNotFoundError|ValueError|ZeroDivisionError|RuntimeError|AssertionError|IndentationError|FileNotFoundError|PermissionError|UnicodeDecodeError|UnicodeEncodeError|RecursionError|NullPointerException|IllegalArgumentException|IllegalStateException|ClassCastException|ArrayIndexOutOfBoundsException|NumberFormatException|ConcurrentModificationException|InvalidOperationException|ArgumentNullException|NullReferenceException|StackOverflowError|OutOfMemoryError|ZodError|PrismaClient\w*Error)\b\s*[:(]\s*\S/,
  /\berror\s+(?:TS|CS|C|E|LNK)\d{3,5}\b/i,
  /\berror\s*\[?E\d{4}\]?/,
  /^[ \t]*error(?:\[E\d{4}\])?: .+/im, // rustc, gcc, generic CLI
  /^[ \t]*`?(?:ERROR|FATAL|CRITICAL|PANIC)\b[: ]/m,
  /\bERROR \d{3,5} \(\w{5}\)/, // MySQL
  /^[ \t]*\S+\.(?:c|cc|cpp|h|hpp|go|rs|ts|tsx|js|jsx|py|java|cs|rb|php|swift|kt)[:(]\d+(?:[:,]\d+)?\)?:? (?:fatal )?(?:error|warning CS\d+)\b/im,
  /^[ \t]*\S+\.(?:go|c|cc|cpp):\d+:\d+: .+/m, // go vet / gcc diagnostics
  /thread '[^']+' panicked at/i,
  /^panic: /im,
  /goroutine \d+ \[running\]/i,
  /\bseg(?:mentation )?fault(?:s|ed)?\b|\bcore dumped\b|\bbus error\b|\bSIG(?:SEGV|ABRT|KILL|TERM|BUS|PIPE)\b|\bterminated by signal \d+/i,
  /^==\d+== (?:Invalid|Conditional|Use of|Mismatched|\d+ bytes in)/m, // valgrind
  /\bundefined reference to\b/i,
  /^npm (?:err!|error)\b/im,
  /\bERR_PNPM_\w+|\bERESOLVE\b|\bELIFECYCLE\b|\bEADDRINUSE\b/,
  /^[ \t]*make(?:\[\d+\])?: \*\*\*/m,
  /^error: (?:could not|failed|pathspec|your local changes|src refspec|cannot)/im,
  /^fatal: .+/im,
  /\bconflict \(content\)/i,
  /^[ \t]*!\s+\[rejected\]/m,
  /\bsqlstate\b|\bora-\d{5}\b|\berror code: \d{3,5}\b|syntax error at or near|^[ \t]*psql:.*\berror\b/im,
  /error response from daemon|\bOCI runtime\b.*\bfailed\b|error from server \(/i,
  /^[ \t]*[\w./-]+: (?:line \d+: )?.*(?:command not found|no such file or directory|permission denied|cannot stat|cannot access|unrecognized|invalid (?:option|command|argument)|not found|illegal option)/im,
  /\bis not recognized as an internal or external command\b/i,
  /\bcommand not found\b/i,
  /cannot find module ['"]/i,
  /module not found: (?:error: )?can't resolve/i,
  /cannot read propert(?:y|ies) of (?:undefined|null)/i,
  /\bis not a function\b/i,
  /\bis not defined\b(?! in (?:the|your))/i,
  /\bis not iterable\b/i,
  /\bunexpected token\b/i,
  /\bblocked by cors policy\b/i,
  /\bmaximum (?:update|call stack) (?:depth|size) exceeded\b/i,
  /\bfailed to compile\b|\bcompilation failed\b|\bbuild failed\b/i,
  /\bexit(?:ed)?(?: with)? (?:code|status)[: ]+(?:[1-9]\d*)\b/i,
  /^[ \t]*(?:fail|failed)\b.*(?:test|spec|\.py|\.ts|\.js|>)/im,
  /^[ \t]*(?:✕|×|✗)\s/m,
  /^[ \t]*(?:Type|Syntax|Reference) error:/im,
  /\bexpected\b.*\b(?:received|but got)\b/i,
  /^[ \t]*E\s+(?:assert|\w+Error)/m,
  /could not find a version that satisfies|no matching distribution found/i,
  /was not created successfully/i,
  /\bfatal error\b|\buncaught error\b/i,
  /(?:^|[\s`'"(])(?:[A-Z][\w]*(?:\\|::|\.))*[A-Z]\w*(?:Exception|Error|Violation|Fault)\b:\s*\S/, // ModelNotFoundException: …, PG::UniqueViolation: …
  /^[ \t]*\d+:\d+\s+(?:error|warning)\s+\S/m, // eslint-style "14:11  error  …"
  /\bexec format error\b|\bcannot be loaded because\b|\bnot recognized as\b/i,
  /\bunable to (?:start|find|resolve|open|connect|locate)\b.*:/i,
];

/** The same patterns for one line (`^` and `$` at the line's ends), compiled once: this runs for every line of every message. */
const SINGLE_LINE_PATTERNS = ERROR_LINE_PATTERNS.map(
  (pattern) => new RegExp(pattern.source, pattern.flags.replace('m', '')),
);

/** Where in `line` tool output (an error message) starts, or -1. */
export function errorStartIn(line: string): number {
  let at = -1;
  for (const pattern of SINGLE_LINE_PATTERNS) {
    const m = pattern.exec(line);
    if (m && (at === -1 || m.index < at)) at = m.index;
  }
  return at;
}

/** Lines that read like tool output (logs, traces, prompts) rather than a person writing. */
export function looksLikeLogLine(line: string): boolean {
  const l = line.trim();
  if (!l) return false;
  if (
    /^(?:FAIL|PASS|ERR!?|Error response|OCI runtime|psql:|ERROR|FATAL|WARN(?:ING)?|PHP |DETAIL:|HINT:|LINE \d)\b/.test(
      l,
    )
  )
    return true;
  if (errorStartIn(l) === 0) return true;
  if (
    /^(?:at |File "|Traceback|-->|==\d+==|npm (?:ERR!|WARN|error)|hint:|fatal:|error(?:\[\w+\])?:|warning:|note:|\s*\|\s|\^|[│├└┌]|\$ |>>> |\.\.\. |\[\d|\d{4}-\d\d-\d\d[ T]|\d+\s*\|)/i.test(
      l,
    )
  )
    return true;
  if (/^[\w./-]+:\d+(?::\d+)?\b/.test(l)) return true; // path:line(:col)
  if (
    /^[\w./\\-]+: /.test(l) &&
    /(?:error|denied|cannot|not found|no such|invalid|unrecognized|failed|warning)/i.test(l)
  )
    return true;
  if (/^(?:[\w$]+\.)*[\w$]*(?:Error|Exception|Warning)\b(?:\[\w+\])?:/.test(l)) return true;
  const letters = (l.match(/[a-z]/gi) ?? []).length;
  return l.length > 25 && letters / l.length < 0.45;
}

const FAILURE_WORD =
  /\b(?:error|errors|exception|fatal|failed|failure|cannot|can't|unable|denied|refused|not found|no such|invalid|undefined|panic|violation|traceback|segfault|rejected|timed? ?out)\b/i;
const SOURCE_LINE =
  /^\s*(?:def |class |import |from \S+ import|const |let |var |function |return\b|if\b|for\b|while\b|public |private |fn |func |package |#include|SELECT |CREATE |INSERT |\/\/|#|@|<\/?[a-z])|[;{}]\s*$|=>|\)\s*\{/;

/**
 * A pasted block that is output, not source: most lines are not code, and
 * some say something failed. Returns the failing line.
 */
export function errorInOutputBlock(block: string): string | undefined {
  const lines = block
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) return undefined;
  const source = lines.filter((l) => SOURCE_LINE.test(l)).length;
  if (source / lines.length > 0.35) return undefined;
  const failing = lines.find(
    (l) => FAILURE_WORD.test(l) && !/\b(?:raise|throw|new)\s+\w*(?:Error|Exception)\s*\(/.test(l),
  );
  return failing?.slice(0, 200);
}

/** Trimmed lines of a text, for comparing what was pasted with the previous answer. */
function lineSet(text: string): Set<string> {
  return new Set(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 8),
  );
}

/**
 * The line that shows an error was pasted, or undefined. `raw` is the
 * message without its quoted lines; `previousAnswer` lines are skipped.
 */
export function findPastedError(raw: string, previousAnswer = ''): string | undefined {
  const fromAnswer = lineSet(previousAnswer);
  const text = raw
    .split('\n')
    .filter((l) => !fromAnswer.has(l.trim()))
    .join('\n');
  for (const pattern of ERROR_LINE_PATTERNS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const start = text.lastIndexOf('\n', m.index) + 1;
    const end = text.indexOf('\n', m.index + m[0].length);
    const line = text.slice(start, end === -1 ? undefined : end).trim();
    // Deprecation warnings and code that merely constructs an error are not failures.
    if (/deprecat/i.test(line) && !/\berror\b/i.test(line.replace(/deprecationwarning/i, ''))) continue;
    if (/\b(?:raise|throw|new)\s+\w*(?:Error|Exception)\s*\(/.test(line)) continue;
    // A trace's header says little; its "SomeError: what happened" line says what went wrong.
    const telling = /^[ \t]*[\w$.\\:]*?(?:Error|Exception|Violation|panicked|error\[E\d+\]|error TS\d+)\b.*$/m.exec(
      text,
    );
    return (telling && /traceback|^\s*at |file "|goroutine|^\s*-->/i.test(line) ? telling[0].trim() : line).slice(
      0,
      200,
    );
  }
  return undefined;
}
