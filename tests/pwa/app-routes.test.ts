import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_PAGES, shellFor } from '@/lib/pwa/app-routes';

describe('the app shell a navigation opens', () => {
  it('maps every page, with or without the trailing slash, to its precached HTML', () => {
    for (const page of APP_PAGES) {
      expect(shellFor(page)).toBe(`${page}index.html`);
      if (page !== '/') expect(shellFor(page.slice(0, -1))).toBe(`${page}index.html`);
    }
  });

  it('lists every page the app has, so each one opens offline', () => {
    const app = path.resolve(__dirname, '..', '..', 'app');
    const pages = fs
      .readdirSync(app, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(app, d.name, 'page.tsx')))
      .map((d) => `/${d.name}/`);
    expect([...APP_PAGES].sort()).toEqual(['/', ...pages].sort());
  });

  it('leaves addresses that are not pages of the app to the network (Ollama paths, unknown pages, files)', () => {
    for (const path of [
      '/api/chat',
      '/api/tags/',
      '/nope/',
      '/__e2e_blank__',
      '/share-target/',
      '/sw.js',
      '/runner/frame.js',
      '/models/extra/',
    ]) {
      expect(shellFor(path)).toBeUndefined();
    }
  });
});
