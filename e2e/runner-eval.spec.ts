import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures';

const ROOT = path.resolve(__dirname, '..');

test('the eval CLI runs a file of problems in the browser sandbox and prints one result line per problem', async () => {
  test.setTimeout(180_000);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'codelumi-eval-')), 'problems.jsonl');
  const items = [
    {
      id: 'good',
      language: 'python',
      code: 'def square(x):\n    return x * x\n',
      tests: 'assert square(3) == 9\nassert square(-2) == 4\n',
    },
    {
      id: 'bad',
      language: 'python',
      code: 'def square(x):\n    return x + x\n',
      tests: 'assert square(3) == 9\nassert square(2) == 4\n',
    },
    {
      id: 'ts',
      language: 'typescript',
      code: 'export const twice = (s: string): string => s + s;\nconsole.log(twice("ab"));',
      tests: "test('twice', () => expect(twice('x')).toBe('xx'));",
    },
    { id: 'slow', language: 'javascript', code: 'for (;;) {}' },
  ];
  fs.writeFileSync(file, items.map((i) => JSON.stringify(i)).join('\n') + '\n');
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['scripts/eval/cli.ts', 'runner', file],
      { cwd: ROOT, timeout: 170_000 },
      (err, out, errText) => (err ? reject(new Error(`${err.message}\n${errText}`)) : resolve(out)),
    ),
  );
  const lines = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines.map((l) => [l.id, l.status, l.passed, l.failed])).toEqual([
    ['good', 'ok', 2, 0],
    ['bad', 'error', 1, 1],
    ['ts', 'ok', 1, 0],
    ['slow', 'timeout', 0, 0],
  ]);
  expect(lines[2].stdout).toContain('abab');
  expect(lines[1].stderr).toContain('assert square(3) == 9');
  for (const l of lines)
    expect(Object.keys(l).sort()).toEqual(['durationMs', 'failed', 'id', 'passed', 'status', 'stderr', 'stdout']);
});
