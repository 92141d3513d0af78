/** The real-format exports shipped in tests/fixtures/importers, read as text. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, '..', 'fixtures', 'importers');

/** A fixture file's text. */
export const fixture = (name: 'chatgpt-conversations.json' | 'open-webui-chat-export.json' | 'lobechat-export.json') =>
  readFileSync(join(dir, name), 'utf8');
