import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import { getSettings, setSetting } from '@/lib/db/settings';
import { LiveSettings } from '@/lib/services/live-settings';
import { freshDatabase } from '../support/db';

let db: CodelumiDB;
let live: LiveSettings;
beforeEach(async () => {
  db = freshDatabase();
  live = new LiveSettings();
  await live.reread(db);
});
afterEach(() => db.close());

it('shows a setting being saved at once, and the stored value once the write is read back', async () => {
  expect(live.current().signalJudge).toBe(false);
  live.showSaving('signalJudge', true);
  // In the same turn: a control the user just ticked does not spring back while the write is on the way.
  expect(live.current().signalJudge).toBe(true);
  await setSetting(db, 'signalJudge', true);
  await live.reread(db);
  expect((await getSettings(db)).signalJudge).toBe(true);
  expect(live.current().signalJudge).toBe(true);
});

it('puts back what is stored when the write did not happen', async () => {
  live.showSaving('signalJudge', true);
  await live.reread(db);
  expect(live.current().signalJudge).toBe(false);
});
