/**
 * Fresh embedded hub databases for tests, fast: creating a PGlite database
 * runs initdb in WebAssembly (7 s of CPU, far more on a busy machine), so one
 * migrated, empty database is made once and kept in the system's temporary
 * folder (named after PGlite's version and the migrations), and each test
 * gets a copy of it to open.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '@/hub/db/open';
import { MIGRATIONS_DIR, readMigrations } from '@/hub/db/migrate';

const PGLITE_VERSION = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../node_modules/@electric-sql/pglite/package.json'), 'utf8'),
).version as string;

function templatePath(): string {
  const hash = createHash('sha256').update(PGLITE_VERSION);
  for (const m of readMigrations(MIGRATIONS_DIR)) hash.update(`${m.version}\n${m.sql}`);
  return path.join(os.tmpdir(), `codelumi-hub-pglite-${hash.digest('hex').slice(0, 16)}`);
}

async function ensureTemplate(): Promise<string> {
  const template = templatePath();
  if (fs.existsSync(template)) return template;
  const building = `${template}.${randomBytes(4).toString('hex')}`;
  const db = await openDatabase({ dataDir: building });
  await db.close();
  try {
    fs.renameSync(building, template);
  } catch (err) {
    // Another test file made it at the same time: keep theirs.
    fs.rmSync(building, { recursive: true, force: true });
    if (!fs.existsSync(template)) throw err;
  }
  return template;
}

/** A new temporary folder holding an empty, migrated hub database; the caller removes it. */
export async function freshPgliteDir(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codelumi-hub-test-'));
  fs.cpSync(await ensureTemplate(), dir, { recursive: true });
  return dir;
}
