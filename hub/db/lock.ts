/**
 * The embedded database's folder belongs to one process at a time (PGlite is
 * not a server: two processes writing one folder would corrupt it). The
 * owner's pid is kept in `hub.pid` inside the folder.
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * When process `pid` started, in clock ticks since boot (Linux's /proc; field
 * 22 of its stat line), or undefined where the system does not say. A pid
 * names one process only together with its start time: after a crash the pid
 * in a stale file may belong to another program by now.
 */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * The pid of a live hub holding `dataDir`, or undefined: a stale file of a
 * dead process does not count, nor one whose pid now names another program
 * (it must be neither waited for nor sent the aggregation signal, SIGUSR2,
 * which ends a process that does not handle it).
 */
export function lockHolder(dataDir: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, 'hub.pid'), 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const [pidText, started] = text.split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: alive but someone else's; ESRCH: gone.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  const now = startTimeOf(pid);
  return started && now !== undefined && now !== started ? undefined : pid;
}

/** Takes `dataDir` for this process; throws naming the holder when a live process has it. Returns the release. */
export function lockDataDir(dataDir: string): () => void {
  const holder = lockHolder(dataDir);
  if (holder !== undefined) {
    throw new Error(`The hub's data folder ${dataDir} is in use by process ${holder}; stop it first`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'hub.pid');
  fs.writeFileSync(file, [process.pid, startTimeOf(process.pid)].filter((x) => x !== undefined).join(' '));
  return () => {
    if (lockHolder(dataDir) === undefined) fs.rmSync(file, { force: true });
  };
}
