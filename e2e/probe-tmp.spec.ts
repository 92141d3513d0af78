import { test } from './fixtures';
import { buildSync } from 'esbuild';
import path from 'node:path';

test('violation probe', async ({ page, openApp }) => {
  await openApp('/settings/');
  await page.addScriptTag({ content: buildSync({ entryPoints: [path.join(__dirname, 'support', 'preview-page.ts')], bundle: true, format: 'iife', write: false }).outputFiles[0].text });
  await page.evaluate(() => {
    (window as any).__v = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as any).__v.push([String((e.target as Element).nodeName), e.effectiveDirective, e.blockedURI, e.disposition]), true);
    window.addEventListener('securitypolicyviolation', (e) => (window as any).__v.push(['win', String((e.target as Element).nodeName), e.effectiveDirective, e.blockedURI]), true);
  });
  page.on('console', (m) => console.log('CONSOLE', m.text().slice(0, 200)));
  await page.evaluate(() => (window as any).__codelumiPreviews.mount('a', { kind: 'html', code: "<p>x</p><script>location = 'http://127.0.0.1:9/self';</script>" }, 3000));
  console.log('V', JSON.stringify(await page.evaluate(() => (window as any).__v)));
  console.log('frames', page.frames().map((f) => f.url()));
});
