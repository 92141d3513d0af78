/**
 * One conversation exported: Markdown with the shown branch (roles, times,
 * the model, code fences intact) and JSON with every branch and the
 * metadata; file names from the title with safe characters only.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { parseExport } from '@/lib/importers/parse';
import { writeImport } from '@/lib/importers/write';
import { exportConversation } from '@/lib/importers/export-conversation';
import { conversationToJson, type ConversationExport } from '@/lib/importers/export-json';
import { fileNameFor } from '@/lib/importers/file-name';
import { freshDatabase } from '../support/db';
import { fixture } from './fixtures';

let db: CodelumiDB;
let id: string;
beforeEach(async () => {
  db = freshDatabase();
  await writeImport(db, await parseExport(fixture('open-webui-chat-export.json')), { learn: false });
  id = (await db.conversations.toArray()).find((c) => c.title === 'Postgres backup with pg_dump')!.id;
});
afterEach(() => db.close());

describe('Markdown export', () => {
  it('has the title, date, models and the shown branch with roles, code fences intact', async () => {
    const file = (await exportConversation(db, id, 'md'))!;
    expect(file.fileName).toBe('Postgres-backup-with-pg_dump.md');
    expect(file.type).toMatch(/^text\/markdown/);
    const md = file.text;
    expect(md.startsWith('# Postgres backup with pg_dump\n\n- Started: 2024-07-01 02:13 UTC\n')).toBe(true);
    expect(md).toContain('- Model: qwen2.5-coder:7b');
    expect(md).toContain('- Imported from Open WebUI');
    expect(md).toContain(
      '## Assistant (qwen2.5-coder:7b)\n\n_2024-07-01 02:13 UTC_\n\nUse the custom format, which `pg_restore` can restore in parallel:\n\n```bash\npg_dump -Fc -d mydb -f mydb.dump\n',
    );
    expect(md.match(/^## You$/gm)).toHaveLength(2);
    expect(md.match(/^```/gm)!.length % 2).toBe(0);
    // The branch not shown (the other model's answer) is not in the Markdown.
    expect(md).not.toContain('psql -h new-host');
  });
});

describe('JSON export', () => {
  it('has every branch, the shown branch, the tree and the metadata, in the documented shape', async () => {
    const file = (await exportConversation(db, id, 'json', Date.UTC(2026, 0, 2)))!;
    expect(file.fileName).toBe('Postgres-backup-with-pg_dump.json');
    const doc = JSON.parse(file.text) as ConversationExport;
    expect(doc).toMatchObject({
      format: 'codelumi.conversation',
      version: 1,
      exportedAt: '2026-01-02T00:00:00.000Z',
      conversation: {
        id,
        title: 'Postgres backup with pg_dump',
        createdAt: '2024-07-01T02:13:20.000Z',
        importedFrom: { app: 'open-webui', id: '9f1c2d3e-aaaa-4bbb-8ccc-1234567890ab' },
      },
    });
    expect(doc.messages).toHaveLength(5);
    expect(doc.messages.map((m) => m.content)).toContainEqual(expect.stringContaining('psql -h new-host'));
    expect(doc.shownBranch).toHaveLength(4);
    const byId = new Map(doc.messages.map((m, i) => [m.id, i]));
    for (const [i, m] of doc.messages.entries()) if (m.parentId) expect(byId.get(m.parentId)).toBeLessThan(i);
  });

  it('puts parents before children even when a child is older than its parent', () => {
    const base = { conversationId: 'c', status: 'complete' as const, updatedAt: 1 };
    const doc = conversationToJson(
      { id: 'c', title: 't', titleSource: 'user', pinned: 0, createdAt: 1, updatedAt: 1 },
      [
        { ...base, id: 'b', parentId: 'a', role: 'assistant', content: 'answer', createdAt: 5 },
        { ...base, id: 'a', parentId: null, role: 'user', content: 'question', createdAt: 9 },
      ],
    );
    expect(doc.messages.map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('is not made for a conversation that is gone or in the bin', async () => {
    await db.conversations.update(id, { deletedAt: 1 });
    expect(await exportConversation(db, id, 'json')).toBeUndefined();
    expect(await exportConversation(db, 'nope', 'md')).toBeUndefined();
  });
});

describe('file names', () => {
  it.each([
    ['Fix: “useEffect” runs twice?!', 'md', 'Fix-useEffect-runs-twice.md'],
    ['../../etc/passwd', 'json', 'etc-passwd.json'],
    ['Résumé für Ärzte — 日本語', 'md', 'Résumé-für-Ärzte-日本語.md'],
    ['   ', 'md', 'conversation.md'],
    ['CON', 'json', 'CON-conversation.json'],
    ['a'.repeat(200), 'md', `${'a'.repeat(80)}.md`],
  ] as const)('%s -> %s', (title, ext, name) => {
    expect(fileNameFor(title, ext)).toBe(name);
  });
});
