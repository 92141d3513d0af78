/**
 * `npm run eval -- <task> <input.jsonl>`: scores a Codelumi component on a
 * file of JSON lines, writing one JSON line per input line to stdout (and
 * progress to stderr). Tasks register below; each owns its input and output
 * fields (DESIGN.md "Evaluation CLI"). Keep the interface stable.
 */
import fs from 'node:fs';
import { runnerTask } from './runner-task';

/** One evaluation task: reads the parsed input lines, writes one output line per input through `emit`. */
export interface EvalTask {
  description: string;
  run(items: unknown[], emit: (line: unknown) => void): Promise<void>;
}

export const TASKS: Record<string, EvalTask> = {
  runner: runnerTask,
};

function usage(): string {
  return [
    'Usage: npm run eval -- <task> <input.jsonl>',
    '',
    'Tasks:',
    ...Object.entries(TASKS).map(([name, t]) => `  ${name.padEnd(10)} ${t.description}`),
  ].join('\n');
}

async function main(): Promise<number> {
  const [task, file] = process.argv.slice(2).filter((a) => a !== '--');
  if (!task || !file || !(task in TASKS)) {
    console.error(task && !(task in TASKS) ? `Unknown task: ${task}\n\n${usage()}` : usage());
    return 2;
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    console.error(`Cannot read ${file}: ${(err as Error).message}`);
    return 2;
  }
  const items: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    try {
      items.push(JSON.parse(line));
    } catch {
      console.error(`${file}:${i + 1}: not valid JSON`);
      return 2;
    }
  }
  await TASKS[task].run(items, (out) => process.stdout.write(`${JSON.stringify(out)}\n`));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.stack ?? err.message : String(err));
    process.exit(1);
  },
);
