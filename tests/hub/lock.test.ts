/** The embedded database's folder lock: a stale pid file whose pid now names another live program is not a hub holding it. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir, lockHolder } from '@/hub/db/lock';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('lockHolder', () => {
  it.runIf(process.platform === 'linux')(
    'ignores a pid file left by a crashed hub whose pid now belongs to another program',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codelumi-hub-lock-'));
      dirs.push(dir);
      const other = spawn('sleep', ['30']);
      try {
        await new Promise((resolve) => other.once('spawn', resolve));
        // What a hub that crashed wrote (its pid and start time), the pid now taken by another program.
        fs.writeFileSync(path.join(dir, 'hub.pid'), `${other.pid} 1`);
        expect(lockHolder(dir)).toBeUndefined();
        // And the folder can be taken: the hub starts instead of waiting for (or signalling) that program.
        const release = lockDataDir(dir);
        expect(fs.readFileSync(path.join(dir, 'hub.pid'), 'utf8')).toMatch(new RegExp(`^${process.pid} \\d+$`));
        release();
      } finally {
        other.kill();
      }
    },
  );
});
