/**
 * Small helpers shared by the chat specs: the composer, the answers on
 * screen, scripting the fake's answers (with the automatic-title request kept
 * out of the way) and reading the requests that carried answers.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { ChatLikeRequest, FakeOllama, Reply, Rule } from '../../tests/fake-ollama';
import type { Message } from '../../lib/core/records';
import type { AppFixtures } from '../fixtures';

/** The system prompt of every answer request starts with Codelumi's persona. */
const PERSONA = 'You are Codelumi';
/** The automatic-title request has its own system prompt. */
const TITLE_SYSTEM = 'You name chat conversations';

export const composer = (page: Page): Locator => page.getByLabel('Message', { exact: true });
export const answers = (page: Page): Locator => page.locator('article[data-role="assistant"]');
export const questions = (page: Page): Locator => page.locator('article[data-role="user"]');
export const lastAnswer = (page: Page): Locator => answers(page).last();

/** The answer right below the (last) question whose whole text is `question`. */
export function answerTo(page: Page, question: string): Locator {
  const exact = new RegExp(`^${question.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return questions(page)
    .filter({ hasText: exact })
    .last()
    .locator('xpath=following-sibling::article[1][@data-role="assistant"]');
}

/**
 * Clicks New chat and waits until the empty chat is on screen: text typed before that lands in the
 * conversation being left (the switch waits for the router, which is slow on a busy machine).
 */
export async function startNewChat(page: Page): Promise<void> {
  await page
    .getByRole('button', { name: /^New chat/ })
    .first()
    .click();
  await expect(page).not.toHaveURL(/[?&]c=/);
  await expect(page.getByRole('banner').getByRole('heading', { name: 'New chat' })).toBeVisible();
  await expect(page.locator('article[data-role]')).toHaveCount(0);
}

/** Types `text` into the composer and presses Enter. */
export async function send(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
}

/** Waits until the answer has settled with `status` (complete by default). */
export async function expectSettled(
  answer: Locator,
  status: 'complete' | 'interrupted' | 'error' = 'complete',
): Promise<void> {
  await expect(answer).toHaveAttribute('data-status', status);
}

/**
 * Replaces the fake's rules: the given rules answer Codelumi's chat requests
 * (matched on the persona, so they never answer the title request), and
 * titles get a fixed, harmless answer.
 */
export function scriptAnswers(fake: FakeOllama, rules: Rule[]): void {
  fake.script([
    { match: { system: TITLE_SYSTEM }, reply: { content: 'Scripted title' } },
    ...rules.map((r) => ({ ...r, match: { system: PERSONA, ...r.match } })),
  ]);
}

/** One rule answering questions that contain `lastUser`. */
export function answer(lastUser: string | RegExp, reply: Rule['reply'], times?: number): Rule {
  return { match: { lastUser }, reply, ...(times === undefined ? {} : { times }) };
}

/** A reply function: a continuation request (ends with the partial answer) gets `rest`, anything else `first`. */
export function firstThenContinue(first: Reply, rest: Reply): (req: ChatLikeRequest) => Reply {
  return (req) => (req.messages[req.messages.length - 1]?.role === 'assistant' ? rest : first);
}

/** The chat requests that asked for an answer (not the automatic title). */
export function answerRequests(fake: FakeOllama): ChatLikeRequest[] {
  return fake.chatRequests().filter((r) => r.endpoint === 'chat' && (r.system ?? '').includes(PERSONA));
}

/** The system prompt of the newest answer request ('' before any). */
export function lastSystemPrompt(fake: FakeOllama): string {
  return answerRequests(fake).at(-1)?.system ?? '';
}

/** Waits until the chat shows `n` answers and the last of them is complete. */
export async function answered(page: Page, n: number): Promise<void> {
  await expect(answers(page)).toHaveCount(n);
  await expect(answers(page).nth(n - 1)).toHaveAttribute('data-status', 'complete');
}

/** `count` words "w1 w2 …" : a long, predictable answer whose tail is easy to look for. */
export function words(count: number, prefix = 'word'): string {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`).join(' ');
}

/** Grants clipboard access to the page's origin and returns a reader for it. */
export async function useClipboard(page: Page, origin: string): Promise<() => Promise<string>> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  return () => page.evaluate(() => navigator.clipboard.readText());
}

/** The conversation id in the page's URL (`?c=`). */
export async function conversationIdOf(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\?c=/);
  return new URL(page.url()).searchParams.get('c')!;
}

/** Every stored message of a conversation (all branches), oldest first, read from IndexedDB. */
export function storedMessages(seed: AppFixtures['seed'], conversationId: string): Promise<Message[]> {
  return seed((t, c) => t.messagesOf(c), conversationId);
}
