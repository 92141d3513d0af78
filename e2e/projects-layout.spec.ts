/**
 * The project views on a 360 px phone and on a desktop, light and dark: no
 * sideways scrolling, the controls in reach. Screenshots are kept in
 * test-results/screens for a person to look at.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { composer } from './support/chat';
import { DEMO_TEXT_FILES, projectCard } from './support/projects';

const SCREENS = path.resolve(__dirname, '..', 'test-results', 'screens');

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => {
    const wide = [...document.querySelectorAll('body *')].filter(
      (el) => el.getBoundingClientRect().right > window.innerWidth + 1 && el.getClientRects().length > 0,
    );
    return {
      scroll: document.documentElement.scrollWidth - window.innerWidth,
      wide: wide.slice(0, 5).map((el) => el.outerHTML.slice(0, 120)),
    };
  });
  expect(overflow.scroll, JSON.stringify(overflow.wide)).toBeLessThanOrEqual(0);
}

for (const { name, width, height } of [
  { name: 'phone', width: 360, height: 740 },
  { name: 'desktop', width: 1280, height: 800 },
]) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`projects fit a ${name} screen (${width} px, ${scheme})`, async ({ page, openApp, seed }) => {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      const files = {
        ...DEMO_TEXT_FILES,
        'node_modules/react/index.js': 'x',
        'package-lock.json': '{}',
        'debug.log': 'x',
        '.env': 'KEY=1',
      };
      const { projectId } = await seed((t, f) => t.seedProject({ name: 'demo-app', files: f }), files);
      await seed((t) => t.configure({ defaultModel: 'qwen2.5-coder:7b' }));

      await openApp('/projects/');
      const card = projectCard(page, 'demo-app');
      await expect(card.getByTestId('file-count')).toBeVisible();
      await card.getByTestId('skip-summary').click();
      await noSidewaysScroll(page);
      await page.screenshot({ path: path.join(SCREENS, `projects-${name}-${scheme}.png`) });
      await card.getByRole('button', { name: 'Delete' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENS, `projects-stack-${name}-${scheme}.png`) });

      await openApp(`/?project=${projectId}`);
      await expect(page.getByLabel('Project for this chat')).toHaveValue(projectId);
      await expect(page.getByLabel('Model for this chat')).toBeVisible();
      await composer(page).fill('Why does @for');
      await expect(page.getByRole('listbox')).toBeVisible();
      await noSidewaysScroll(page);
      await page.screenshot({ path: path.join(SCREENS, `chat-mention-${name}-${scheme}.png`) });
    });
  }
}
