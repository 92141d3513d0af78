/**
 * The embedded database's folder belongs to one process at a time (PGlite is
 * not a server: two processes writing one folder would corrupt it). The
 * owner's pid is kept in `hub.pid` inside the folder.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The pid of a live process holding `dataDir`, or undefined (a stale file of a dead process does not count). */
export function lockHolder(dataDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dataDir, 'hub.pid'), 'utf8').trim());
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: alive but someone else's; ESRCH: gone.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return runsTheHub(pid) ? pid : undefined;
}

/**
 * Whether process `pid` is a hub, where the system says (Linux's /proc): after
 * a crash the pid in a stale file may belong to another program by now, which
 * must be neither waited for nor sent the aggregation signal (SIGUSR2 ends a
 * process that does not handle it). Where the system cannot tell, a live pid
 * counts as the hub.
 */
function runsTheHub(pid: number): boolean {
  let cmdline: string;
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return true;
  }
  return /hub[\\/]cli\.[cm]?[jt]s/.test(cmdline);
}

/** Takes `dataDir` for this process; throws naming the holder when a live process has it. Returns the release. */
export function lockDataDir(dataDir: string): () => void {
  const holder = lockHolder(dataDir);
  if (holder !== undefined) {
    throw new Error(`The hub's data folder ${dataDir} is in use by process ${holder}; stop it first`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'hub.pid');
  fs.writeFileSync(file, String(process.pid));
  return () => {
    if (lockHolder(dataDir) === undefined) fs.rmSync(file, { force: true });
  };
}
