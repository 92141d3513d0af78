/**
 * How the worker turns the user's (transpiled) program into something it can
 * load with `importScripts` under a CSP without 'unsafe-eval': the program
 * becomes the body of one async function on the same first line, so line
 * numbers stay the user's, top-level `await` works, and errors can be traced
 * back to the user's lines.
 */

/** What the program's first line is prefixed with; columns on line 1 shift by its length. */
export const PROGRAM_PREFIX =
  'self.__codelumiProgram = async function (require, module, exports, process, __filename, __dirname) {';

/** The program as a script that defines `self.__codelumiProgram`. */
export function wrapProgram(code: string): string {
  return `${PROGRAM_PREFIX}${code}\n};`;
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
 * user frame.
 */
export function userStack(stack: string, programUrl: string, filename: string): UserStack {
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
    const col = ln === 1 ? Math.max(1, Number(m[2]) - PROGRAM_PREFIX.length) : Number(m[2]);
    if (line === undefined) {
      line = ln;
      column = col;
    }
    frames.push(l.replace(location, `${filename}:${ln}:${col}`).replace(/self\.__codelumiProgram/g, '<main>'));
  }
  return { text: [...head, ...frames].join('\n'), line, column };
}
