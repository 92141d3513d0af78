/**
 * `npm run eval -- <task> <input.jsonl>`: runs one of Codelumi's components
 * over JSON lines and writes one JSON line per input line to stdout, so
 * anyone can score the components on their own data. A stable public
 * interface: tasks add fields, they never rename or remove them.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { TASKS } from './tasks';

function usage(): never {
  const names = Object.keys(TASKS).join(' | ');
  console.error(
    `Usage: npm run eval -- <task> <input.jsonl> [--score]\n  task: ${names}\n  input: JSON lines ('-' reads stdin)\n  --score: print how the outputs match the rows' "label" (signals) or "planted" values (anonymize: recall per kind, other words kept) instead of the output lines`,
  );
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const scoring = args.includes('--score');
  const [taskName, file] = args.filter((a) => a !== '--score');
  if (!taskName || !file) usage();
  const task = Object.hasOwn(TASKS, taskName) ? await TASKS[taskName]() : undefined;
  if (!task) {
    console.error(`Unknown task "${taskName}".`);
    usage();
  }
  if (scoring && !task.score) {
    console.error(`The task "${taskName}" cannot be scored.`);
    usage();
  }
  const scored: { input: unknown; output: unknown }[] = [];
  if (file !== '-' && !fs.existsSync(file)) {
    console.error(`No such file: ${file}`);
    usage();
  }
  const run = await task.start();
  // Only now: readline drops the lines it reads before the loop below asks for them.
  const input = file === '-' ? process.stdin : fs.createReadStream(file, 'utf8');
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: stopping`);
    void run.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
  let n = 0;
  let bad = 0;
  try {
    for await (const line of lines) {
      n++;
      if (!line.trim()) continue;
      let item: unknown;
      try {
        item = JSON.parse(line);
      } catch {
        bad++;
        console.error(`line ${n}: not valid JSON, skipped`);
        if (!scoring) process.stdout.write(`${JSON.stringify({ id: null, error: `line ${n}: not valid JSON` })}\n`);
        continue;
      }
      const result = await run.item(item, n).catch((err: unknown) => {
        bad++;
        const id = (item as { id?: unknown })?.id ?? null;
        console.error(`line ${n}: ${err instanceof Error ? err.message : String(err)}`);
        return { id, error: err instanceof Error ? err.message : String(err) };
      });
      if (scoring) scored.push({ input: item, output: result });
      else process.stdout.write(`${JSON.stringify(result)}\n`);
    }
  } finally {
    await run.stop();
  }
  if (scoring) process.stdout.write(`${task.score!(scored)}\n`);
  if (bad) console.error(`${bad} of ${n} lines could not be processed.`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
