/**
 * The content scan: project files are checked for secrets before they are
 * indexed. The index holds them with each secret replaced by its
 * placeholder; the scan's stats say which files and what kind of secret, so
 * the Projects page can tell the user. Files indexed before the content scan
 * existed are read again once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { getProjectFile } from '@/lib/db/projects';
import { projectFileId } from '@/lib/db/projects';
import { attachProject } from '@/lib/projects/attach';
import { indexProject } from '@/lib/projects/indexer';
import { memorySource, type MemoryFile } from '@/lib/projects/source';
import { freshDatabase } from '../support/db';

let db: CodelumiDB;
afterEach(() => db?.close());

const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const STRIPE = `sk_live_${'4eC39HqLyjWDarjtT1zdp7dc'}`;

const FILES: Record<string, MemoryFile> = {
  'src/config.ts': `export const config = {\n  region: 'eu-west-1',\n  accessKeyId: '${AWS_KEY}',\n  stripe: '${STRIPE}',\n};\n`,
  'deploy/db.yaml': 'database:\n  url: postgres://app:S3cret!pw@db.internal:5432/shop\n  pool: 10\n',
  'src/lib/env.ts': 'export const apiKey = process.env.API_KEY;\nexport const password = process.env.DB_PASSWORD;\n',
  'README.md': '# Shop\n\nMaintained by alice@example.org. Run `npm run dev`.\n',
};

async function scanned(files: Record<string, MemoryFile>) {
  db = freshDatabase();
  const source = memorySource('shop', files);
  const project = await attachProject(db, source);
  const stats = await indexProject(db, project.id, source);
  return { project, source, stats };
}

describe('the content scan of project files', () => {
  it('indexes files with their secrets replaced by placeholders, and says which files and why', async () => {
    const { project, stats } = await scanned(FILES);
    const config = await getProjectFile(db, project.id, 'src/config.ts');
    expect(config!.content).toBe(
      "export const config = {\n  region: 'eu-west-1',\n  accessKeyId: '<AWS_KEY>',\n  stripe: '<STRIPE_KEY>',\n};\n",
    );
    expect(config!.redacted).toEqual(['aws_key', 'stripe_key']);
    expect((await getProjectFile(db, project.id, 'deploy/db.yaml'))!.content).toBe(
      'database:\n  url: postgres://<CREDENTIALS>@db.internal:5432/shop\n  pool: 10\n',
    );
    // No secret: stored as it is (an e-mail is personal data, not a secret, and the user's own Ollama may see it).
    expect((await getProjectFile(db, project.id, 'src/lib/env.ts'))!.content).toBe(FILES['src/lib/env.ts']);
    expect((await getProjectFile(db, project.id, 'README.md'))!.content).toBe(FILES['README.md']);
    expect(stats.files).toBe(4);
    expect(stats.redacted).toEqual({
      files: 2,
      examples: [
        { path: 'deploy/db.yaml', kinds: ['url_credentials'] },
        { path: 'src/config.ts', kinds: ['aws_key', 'stripe_key'] },
      ],
    });
    expect((await db.projects.get(project.id))!.stats).toEqual(stats);
    // Not one byte of a secret anywhere in the index.
    const all = JSON.stringify(await db.projectFiles.toArray());
    for (const secret of [AWS_KEY, STRIPE, 'S3cret!pw']) expect(all).not.toContain(secret);
  });

  it('keeps listing files with replaced secrets on a re-scan that does not read them again', async () => {
    const files = Object.fromEntries(
      Object.entries(FILES).map(([p, c]) => [p, { content: c as string, lastModified: 100 }]),
    );
    const { project, source, stats } = await scanned(files);
    const again = await indexProject(db, project.id, source);
    expect(again.changes).toEqual({ added: 0, updated: 0, removed: 0, unchanged: 4 });
    expect(again.redacted).toEqual(stats.redacted);
  });

  it('reads again, once, files indexed before the content scan, and replaces their secrets', async () => {
    const files = { 'src/config.ts': { content: FILES['src/config.ts'] as string, lastModified: 100 } };
    const { project, source } = await scanned(files);
    const id = projectFileId(project.id, 'src/config.ts');
    // As an older version left it: the file as it was, no mark of a content scan.
    await db.projectFiles.update(id, {
      content: FILES['src/config.ts'] as string,
      secretsChecked: undefined,
      redacted: undefined,
    });
    const revision = (await db.projects.get(project.id))!.filesRevision!;
    const stats = await indexProject(db, project.id, source);
    expect((await db.projectFiles.get(id))!.content).not.toContain(AWS_KEY);
    expect(stats.changes).toEqual({ added: 0, updated: 1, removed: 0, unchanged: 0 });
    expect(stats.redacted?.files).toBe(1);
    // The chunk index keys on the revision: it must not keep the secret.
    expect((await db.projects.get(project.id))!.filesRevision).toBe(revision + 1);
    expect((await indexProject(db, project.id, source)).changes.unchanged).toBe(1);
  });
});
