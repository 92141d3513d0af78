import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodelumiDB } from '@/lib/db/db';
import {
  DEFAULT_OLLAMA_HOST,
  DEFAULT_SETTINGS,
  getSettings,
  normalizeHost,
  setSetting,
  settingsFromRows,
} from '@/lib/db/settings';
import { freshDatabase } from '../support/db';

let db: CodelumiDB;
beforeEach(() => {
  db = freshDatabase();
});
afterEach(() => db.close());

describe('settings', () => {
  it('gives the defaults when nothing was ever stored', async () => {
    expect(await getSettings(db)).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({
      ollamaHost: 'http://127.0.0.1:11434',
      defaultModel: '',
      theme: 'system',
      contextLength: 0,
      keepAlive: '5m',
      autoTitle: true,
      globalSystemPrompt: '',
    });
  });

  it('reads back what was stored', async () => {
    await setSetting(db, 'defaultModel', 'qwen2.5-coder:7b');
    await setSetting(db, 'theme', 'dark');
    await setSetting(db, 'contextLength', 16384);
    await setSetting(db, 'autoTitle', false);
    expect(await getSettings(db)).toMatchObject({
      defaultModel: 'qwen2.5-coder:7b',
      theme: 'dark',
      contextLength: 16384,
      autoTitle: false,
    });
  });

  it('falls back to the default for each corrupt or outdated row, keeping the good ones', async () => {
    await db.settings.bulkPut([
      { key: 'theme', value: 'purple' },
      { key: 'contextLength', value: -5 },
      { key: 'autoTitle', value: 'yes' },
      { key: 'ollamaHost', value: '' },
      { key: 'keepAlive', value: null },
      { key: 'defaultModel', value: 'llama3.2:3b' },
      { key: 'someRemovedSetting', value: { old: true } },
    ]);
    const settings = await getSettings(db);
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, defaultModel: 'llama3.2:3b' });
    expect(settings).not.toHaveProperty('someRemovedSetting');
  });

  it('settingsFromRows never throws, whatever the rows hold', () => {
    expect(
      settingsFromRows([
        { key: 'contextLength', value: 1.5 },
        { key: 'theme', value: undefined },
      ]),
    ).toEqual(DEFAULT_SETTINGS);
  });

  it('setSetting refuses an invalid value and stores nothing', async () => {
    await expect(setSetting(db, 'theme', 'purple' as never)).rejects.toThrow();
    await expect(setSetting(db, 'contextLength', -1)).rejects.toThrow();
    await expect(setSetting(db, 'ollamaHost', '')).rejects.toThrow();
    expect(await db.settings.count()).toBe(0);
  });
});

describe('normalizeHost (as ollama-js and Ollama read an address)', () => {
  const cases: [string, string][] = [
    ['localhost', 'http://localhost:11434'],
    ['127.0.0.1', 'http://127.0.0.1:11434'],
    ['127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['localhost:80', 'http://localhost'],
    ['  192.168.1.20  ', 'http://192.168.1.20:11434'],
    ['http://127.0.0.1:11434/', 'http://127.0.0.1:11434'],
    ['https://x.example', 'https://x.example'],
    ['https://x.example:8443/ollama/', 'https://x.example:8443/ollama'],
    ['HTTP://LocalHost:11434', 'http://localhost:11434'],
    ['[::1]', 'http://[::1]:11434'],
    // An explicit scheme without a port means that scheme's port, as in ollama-js and OLLAMA_HOST.
    ['http://ollama.lan', 'http://ollama.lan'],
    ['http://ollama.lan:80', 'http://ollama.lan'],
    // ':port' means the local machine, as in ollama-js.
    [':11435', 'http://127.0.0.1:11435'],
    ['', DEFAULT_OLLAMA_HOST],
    ['   ', DEFAULT_OLLAMA_HOST],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected}`, () => expect(normalizeHost(input)).toBe(expected));
  }
});
