/** Runs the eval CLI as a user does (`npx tsx scripts/eval/cli.ts …`), for the CLI's tests. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Spawning tsx costs about a second on an idle machine; allow for a busy one. */
export const SPAWN_TIMEOUT = 90_000;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `args`, `stdin` on its standard input; resolves with its exit code and output. */
export function evalCli(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'scripts/eval/cli.ts', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** The CLI's output lines, parsed. */
export const outputLines = (run: Run) =>
  run.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
