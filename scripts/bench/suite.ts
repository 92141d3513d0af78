/**
 * The full test suite as CI runs it (issue 18): a fresh clone of the current
 * commit, the README's `npm install && npm test` in it, and the time each
 * phase took (install, then the phases `npm test` prints on its "Time:" line).
 * The system set-up of `.ci/run` (Chromium, PostgreSQL) is not repeated: it is
 * already on this machine and takes the same time whatever the suite does.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './harness';

export interface SuiteResult {
  commit: string;
  installSeconds: number;
  testSeconds: number;
  /** The phases `npm test` timed, e.g. `checks 58 s, unit 151 s, build 24 s, browser 690 s`. */
  phases: string;
  /** `npm test`'s last line: "N passed, N failed, N skipped". */
  outcome: string;
}

function timedRun(
  cmd: string,
  args: string[],
  cwd: string,
  log: fs.WriteStream,
): Promise<{ seconds: number; output: string; code: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, CI: '1' } });
    const chunks: Buffer[] = [];
    const keep = (d: Buffer) => {
      chunks.push(d);
      log.write(d);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ seconds: (performance.now() - t0) / 1000, output: Buffer.concat(chunks).toString(), code: code ?? 1 }),
    );
  });
}

/** Clones HEAD into a temporary folder and runs the README's test command there; the clone is removed after. */
export async function benchSuite(): Promise<SuiteResult> {
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codelumi-suite-'));
  const logFile = path.join(ROOT, 'test-results', 'bench-suite.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.createWriteStream(logFile);
  try {
    const clone = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, dir], { encoding: 'utf8' });
    if (clone.status !== 0) throw new Error(`git clone failed: ${clone.stderr}`);
    process.stderr.write(`  fresh clone of ${commit} in ${dir}; output in ${path.relative(ROOT, logFile)}\n`);
    const install = await timedRun('npm', ['install', '--no-audit', '--no-fund'], dir, log);
    if (install.code !== 0) throw new Error(`npm install failed (see ${logFile})`);
    const test = await timedRun('npm', ['test'], dir, log);
    const lines = test.output.trimEnd().split('\n');
    return {
      commit,
      installSeconds: install.seconds,
      testSeconds: test.seconds,
      phases: /^Time: (.*)$/m.exec(test.output)?.[1] ?? 'not printed',
      outcome: lines[lines.length - 1] ?? '',
    };
  } finally {
    log.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
