/**
 * Small helpers the UI specs share: the sidebar and its parts, sending a
 * message the way a user does, and an axe-core scan of the page.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import net from 'node:net';
import path from 'node:path';

export const sidebar = (page: Page): Locator => page.getByRole('complementary', { name: 'Conversations' });

/** A conversation's link in the sidebar list. */
export const conversationLink = (page: Page, title: string | RegExp): Locator =>
  sidebar(page).locator('li[data-conversation-id]').getByRole('link', { name: title });

/** The sidebar group ("Pinned", "Today", …) a list is shown in. */
export const sidebarGroup = (page: Page, label: string): Locator => sidebar(page).getByRole('region', { name: label });

export const composer = (page: Page): Locator => page.getByLabel('Message', { exact: true });

export const answers = (page: Page): Locator => page.locator('article[data-role="assistant"]');
export const questions = (page: Page): Locator => page.locator('article[data-role="user"]');

/** Types `text` into the composer and presses Enter, then waits for the question to show. */
export async function ask(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
  await expect(questions(page).last()).toContainText(text);
}

/** Opens the "Actions for <title>" menu of a sidebar conversation and picks `item`. */
export async function conversationAction(
  page: Page,
  title: string,
  item: 'Rename' | 'Pin' | 'Unpin' | 'Delete',
): Promise<void> {
  await sidebar(page)
    .getByRole('button', { name: `Actions for ${title}` })
    .click();
  await sidebar(page).getByRole('menuitem', { name: item }).click();
}

/** A TCP port on 127.0.0.1 where nothing listens (taken, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

const AXE = path.resolve(__dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');

/** Landmark rules axe rates "moderate", held to here too: every page has one main, and nothing sits outside the landmarks. */
const LANDMARK_RULES = ['landmark-one-main', 'landmark-no-duplicate-main', 'landmark-unique', 'region'];

/** Runs axe-core on the page and returns the serious and critical violations (and landmark ones), with where they are. */
export async function accessibilityProblems(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: any[] }> } })
      .axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id as string,
      impact: v.impact as string | null,
      help: v.help as string,
      targets: (v.nodes as { target: string[]; failureSummary?: string }[]).map(
        (n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`,
      ),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || LANDMARK_RULES.includes(v.id));
}
