/**
 * The eval CLI as a user runs it: `npx tsx scripts/eval/cli.ts signals <file>`
 * (or `-` for stdin), one JSON line out per JSON line in, errors reported
 * per line without stopping the run, bad usage exiting with code 2.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalCli, outputLines, ROOT, SPAWN_TIMEOUT } from './run-cli';
import { detectSignals } from '@/lib/signals/learned/detect';
import { readCorpus } from './scoring';

/** What the app's detector says about one input line, in the CLI's output shape. */
function expectedFor(input: { id: string | number; prev_user?: string; prev_assistant?: string; message: string }) {
  const signals = detectSignals({
    prevUser: input.prev_user,
    prevAssistant: input.prev_assistant,
    message: input.message,
  });
  return {
    id: input.id,
    signals: signals.map((s) => ({ kind: s.kind, polarity: s.polarity, confidence: s.confidence })),
  };
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codelumi-eval-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.concurrent('npm run eval -- signals', () => {
  it(
    'writes one line {id, signals: [{kind, polarity, confidence}]} per input line, as the app detects them, and reports bad lines without stopping',
    async () => {
      const holdout = readCorpus(path.join(ROOT, 'tests/fixtures/signals/holdout.jsonl')).slice(0, 40);
      const inputs = [
        {
          id: 'a',
          prev_user: 'How do I reverse a list in Python?',
          prev_assistant: 'Use `nums[::-1]`.',
          message: 'thanks, that worked!',
        },
        { id: 7, message: "doesn't work, I get IndexError: list index out of range" },
      ];
      const lines = [
        JSON.stringify(inputs[0]),
        '',
        JSON.stringify(inputs[1]),
        '{"id": "broken", "message": ',
        JSON.stringify({ id: 'no-message' }),
        ...holdout.map((l) => JSON.stringify(l)),
      ];
      const file = path.join(dir, 'input.jsonl');
      fs.writeFileSync(file, `${lines.join('\n')}\n`);

      const run = await evalCli(['signals', file]);
      expect(run.code).toBe(0);
      const out = outputLines(run);
      // The blank line has no output; every other line has exactly one, in order.
      expect(out).toHaveLength(lines.length - 1);
      expect(out[0]).toEqual(expectedFor(inputs[0]));
      expect(out[0].signals.map((s: { kind: string }) => s.kind)).toEqual(['thanks']);
      expect(out[1]).toEqual(expectedFor(inputs[1]));
      expect(out[2]).toEqual({ id: null, error: 'line 4: not valid JSON' });
      expect(out[3]).toMatchObject({ id: 'no-message', error: expect.stringContaining('message') });
      // The rest: exactly what the app's own detector says, no extra fields.
      expect(out.slice(4)).toEqual(holdout.map(expectedFor));
      expect(run.stderr).toContain('line 4: not valid JSON, skipped');
      expect(run.stderr).toContain('line 5: expected {"id", "prev_user"?, "prev_assistant"?, "message"}');
      expect(run.stderr).toContain(`2 of ${lines.length} lines could not be processed.`);
    },
    SPAWN_TIMEOUT,
  );

  it(
    "reads stdin when the file is '-'",
    async () => {
      const input = [
        { id: 's1', message: 'no problem, thanks' },
        { id: 's2', prev_user: 'How do I reverse a list in Python?', message: 'how do I reverse a list in python' },
      ];
      const run = await evalCli(['signals', '-'], input.map((l) => JSON.stringify(l)).join('\n'));
      expect(run.code).toBe(0);
      expect(outputLines(run)).toEqual(input.map(expectedFor));
      expect(outputLines(run).map((l) => l.signals.map((s: { kind: string }) => s.kind))).toEqual([
        ['thanks'],
        ['repeated_question'],
      ]);
      expect(run.stderr).toBe('');
    },
    SPAWN_TIMEOUT,
  );

  it(
    '--score prints per-kind precision, recall and F1, macro-F1 and the new questions given a negative signal',
    async () => {
      // tests/fixtures/signals/scored.jsonl: 7 labelled rows and one without a label. Two labels are "wrong" on
      // purpose: k2 (a plain thanks labelled said_wrong) and k5 (a correction labelled new_question).
      const run = await evalCli(['signals', path.join(ROOT, 'tests/fixtures/signals/scored.jsonl'), '--score']);
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines[0]).toBe('signals: 7 rows');
      const row = (kind: string) =>
        lines
          .find((l) => l.startsWith(`${kind} `))!
          .trim()
          .split(/\s+/)
          .slice(1);
      // tp fp fn precision recall F1
      expect(row('thanks')).toEqual(['2', '1', '0', '0.667', '1.000', '0.800']);
      expect(row('said_wrong')).toEqual(['0', '0', '1', '0.000', '0.000', '0.000']);
      expect(row('user_corrected')).toEqual(['0', '1', '0', '0.000', '0.000', '0.000']);
      expect(row('repeated_question')).toEqual(['1', '0', '0', '1.000', '1.000', '1.000']);
      expect(row('code_error')).toEqual(['1', '0', '0', '1.000', '1.000', '1.000']);
      // (0.8 + 0 + 0 + 1 + 1) / 5
      expect(run.stdout).toContain('macro-F1 (5 kinds)  0.560');
      expect(run.stdout).toContain('new questions given a negative signal  50.0 % of 2');
      expect(run.stdout).toContain('1 row(s) without a "label" (or not processed) were left out.');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'exits 2 with usage for a missing file',
    async () => {
      const run = await evalCli(['signals', path.join(dir, 'nope.jsonl')]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('No such file:');
      expect(run.stderr).toContain('Usage: npm run eval -- <task> <input.jsonl>');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'exits 2 with usage for an unknown task or no arguments',
    async () => {
      const [unknown, bare] = await Promise.all([evalCli(['anonymise', 'x.jsonl']), evalCli([])]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('Unknown task "anonymise".');
      expect(unknown.stderr).toMatch(
        /Usage: npm run eval -- <task> <input\.jsonl> \[--score\]\n {2}task: signals \| runner \| anonymize\n/,
      );
      expect(bare.code).toBe(2);
      expect(bare.stderr).toContain('Usage: npm run eval');
      expect(unknown.stdout + bare.stdout).toBe('');
    },
    SPAWN_TIMEOUT,
  );
});
