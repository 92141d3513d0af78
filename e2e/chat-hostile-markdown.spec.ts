/**
 * The model's output is untrusted. A corpus of hostile answers (support/
 * hostile-answers.ts) is streamed by the fake into the real chat, then shown
 * again from IndexedDB after a reload; nothing in it may run, open a dialog,
 * load from another host, or become a dangerous element or link.
 */
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { HOSTILE_ANSWERS, type HostileAnswer } from './support/hostile-answers';
import { answers, answerTo, expectSettled, lastAnswer, send } from './support/chat';

const GROUP_SIZE = 9;
const groups: HostileAnswer[][] = [];
for (let i = 0; i < HOSTILE_ANSWERS.length; i += GROUP_SIZE) groups.push(HOSTILE_ANSWERS.slice(i, i + GROUP_SIZE));

const SAFE_HREF = /^(https?:\/\/|mailto:|#)/i;
/** A hostile automatic title, short enough to be kept whole. */
const TITLE = '<img src=//evil.example onerror=alert(1)> Title';

interface Watch {
  dialogs: string[];
  foreignRequests: string[];
}

/** Records dialogs, requests to any host but the app and the fake, and CSP violations, from before the app loads. */
async function watchPage(page: Page, context: BrowserContext, allowedOrigins: string[]): Promise<Watch> {
  const watch: Watch = { dialogs: [], foreignRequests: [] };
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  context.on('request', (request) => {
    const url = new URL(request.url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !allowedOrigins.includes(url.origin)) {
      watch.foreignRequests.push(request.url());
    }
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      // zod checks once whether eval is allowed (it is not, by design); that probe is not an attack.
      if (e.blockedURI === 'eval' && e.sourceFile.startsWith(location.origin)) return;
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`);
    });
  });
  return watch;
}

/** Everything dangerous found in one rendered answer. */
function inspectAnswer(answer: Locator) {
  return answer.evaluate((article) => {
    const prose = article.querySelector('.prose-chat');
    const problems: string[] = [];
    if (!prose)
      return {
        problems: ['no rendered markdown'],
        text: '',
        links: [] as { href: string | null; rel: string | null; target: string | null }[],
      };
    const forbidden =
      'script, iframe, frame, frameset, object, embed, img, image, video, audio, source, track, picture, form, textarea, select, ' +
      'meta, link, style, base, foreignObject, use, animate, set, template, dialog, math, details, portal';
    for (const el of prose.querySelectorAll(forbidden)) problems.push(`<${el.tagName.toLowerCase()}> element`);
    for (const el of prose.querySelectorAll('input'))
      if (!(el.type === 'checkbox' && el.disabled)) problems.push('<input> element');
    for (const el of prose.querySelectorAll('*')) {
      for (const attr of Array.from(el.attributes)) {
        const name = attr.name.toLowerCase();
        const tag = el.tagName.toLowerCase();
        if (name.startsWith('on')) problems.push(`${tag}[${name}]`);
        if (
          [
            'src',
            'srcdoc',
            'srcset',
            'action',
            'formaction',
            'xlink:href',
            'background',
            'poster',
            'data',
            'ping',
          ].includes(name)
        ) {
          problems.push(`${tag}[${name}=${attr.value}]`);
        }
        if (name === 'href' && tag !== 'a') problems.push(`${tag}[href=${attr.value}]`);
        if (name === 'style' && /url\s*\(|expression\s*\(|javascript:/i.test(attr.value))
          problems.push(`${tag}[style=${attr.value}]`);
      }
    }
    const links = Array.from(prose.querySelectorAll('a')).map((a) => ({
      href: a.getAttribute('href'),
      rel: a.getAttribute('rel'),
      target: a.getAttribute('target'),
    }));
    return { problems, text: prose.textContent ?? '', links };
  });
}

/** Page-wide checks: nothing ran, nothing was blocked by CSP, nothing active slipped in anywhere. */
async function expectNothingRan(page: Page, watch: Watch, when: string): Promise<void> {
  const state = await page.evaluate(() => {
    const w = window as unknown as { __pwned?: unknown; __csp?: string[] };
    const handlers: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      for (const attr of Array.from(el.attributes))
        if (attr.name.toLowerCase().startsWith('on')) handlers.push(`${el.tagName}[${attr.name}]`);
    }
    // Codelumi's own code sandbox (opaque origin, outside every answer) is the one frame allowed; anything else is injected.
    const ownSandbox = (el: Element) =>
      el.matches('iframe[data-codelumi-sandbox="runner"][sandbox="allow-scripts"]') &&
      el.parentElement === document.body &&
      !el.closest('article');
    const active = Array.from(
      document.querySelectorAll('body iframe, body object, body embed, body frame, base, meta[http-equiv="refresh" i]'),
    )
      .filter((el) => !ownSandbox(el))
      .map((el) => el.outerHTML.slice(0, 80));
    const badLinks = Array.from(document.querySelectorAll('a[href]'))
      .map((a) => a.getAttribute('href') ?? '')
      .filter((href) => !/^(https?:\/\/|mailto:|#|\/|\?)/i.test(href));
    const foreignScripts = Array.from(document.scripts)
      .map((s) => s.src)
      .filter((src) => src && new URL(src).origin !== location.origin);
    return {
      pwned: w.__pwned ?? null,
      csp: w.__csp ?? [],
      handlers,
      active,
      badLinks,
      foreignScripts,
      location: location.href,
    };
  });
  expect(state, when).toMatchObject({
    pwned: null,
    csp: [],
    handlers: [],
    active: [],
    badLinks: [],
    foreignScripts: [],
  });
  expect(watch.dialogs, `${when}: dialogs`).toEqual([]);
  expect(watch.foreignRequests, `${when}: requests to other hosts`).toEqual([]);
}

/** Checks one answer on screen against its corpus entry. */
async function expectInert(answer: Locator, item: HostileAnswer): Promise<void> {
  await expect(answer.locator('.prose-chat'), `${item.name}: rendered`).toBeVisible();
  const found = await inspectAnswer(answer);
  expect(found.problems, item.name).toEqual([]);
  expect(found.text, `${item.name}: still shows its text`).toContain(item.shows);
  for (const link of found.links) {
    expect(link.href ?? '', `${item.name}: link target`).toMatch(SAFE_HREF);
    expect(link.rel, `${item.name}: link rel`).toBe('noopener noreferrer nofollow');
  }
}

for (const [index, group] of groups.entries()) {
  const first = index * GROUP_SIZE + 1;
  test(`hostile answers ${first}–${first + group.length - 1} stay inert while streaming and after a reload`, async ({
    page,
    fake,
    openApp,
    app,
  }) => {
    test.setTimeout(120_000);
    fake.script([
      { match: { system: 'You name chat conversations' }, reply: { content: TITLE } },
      {
        match: { system: 'You are Codelumi', lastUser: /^hostile #\d+$/ },
        reply: (req) => ({
          content: HOSTILE_ANSWERS[Number(req.lastUser.slice('hostile #'.length))].content,
          tokensPerSecond: 800,
        }),
      },
    ]);
    const watch = await watchPage(page, page.context(), [new URL(app.url).origin, new URL(fake.url).origin]);
    await openApp('/');

    for (const [offset, item] of group.entries()) {
      const question = `hostile #${first - 1 + offset}`;
      await send(page, question);
      const reply = answerTo(page, question);
      await expectSettled(reply);
      await expectInert(reply, item);
      await expectNothingRan(page, watch, `after streaming “${item.name}”`);
    }

    await page.reload();
    // A long thread opens with its latest messages; scroll up until every answer is on the page.
    const scroller = page.getByTestId('message-scroller');
    await expect
      .poll(async () => {
        await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
        return answers(page).count();
      })
      .toBe(group.length);
    for (const [offset, item] of group.entries()) await expectInert(answers(page).nth(offset), item);
    await expectNothingRan(page, watch, 'after reopening the answers from storage');
    // The model's (hostile) automatic title is plain text too.
    await expect(page.getByRole('complementary', { name: 'Conversations' })).toContainText(TITLE);
  });
}

test('safe links in an answer keep their targets and open in a new tab without referrer', async ({
  page,
  fake,
  openApp,
}) => {
  fake.script([
    {
      match: { lastUser: 'links please' },
      reply: { content: HOSTILE_ANSWERS.find((h) => h.name === 'safe links keep working')!.content },
    },
  ]);
  await openApp('/');
  await send(page, 'links please');
  const reply = lastAnswer(page);
  await expectSettled(reply);
  const docs = reply.getByRole('link', { name: 'the docs' });
  await expect(docs).toHaveAttribute('href', 'https://example.com/docs');
  await expect(docs).toHaveAttribute('target', '_blank');
  await expect(docs).toHaveAttribute('rel', 'noopener noreferrer nofollow');
  await expect(reply.getByRole('link', { name: 'mail' })).toHaveAttribute('href', 'mailto:dev@example.com');
  const top = reply.getByRole('link', { name: 'top' });
  await expect(top).toHaveAttribute('href', '#top');
  await expect(top).not.toHaveAttribute('target', /./);
});

test('reference-style links and footnotes resolve across paragraphs and stay safe', async ({ page, fake, openApp }) => {
  const content = [
    'Read [the guide][guide] first, then [the trap][trap].',
    '',
    'A claim that needs a source[^1].',
    '',
    '[guide]: https://example.com/guide',
    '[trap]: javascript:alert(1)',
    '',
    '[^1]: The source.',
  ].join('\n');
  fake.script([{ match: { lastUser: 'references' }, reply: { content } }]);
  await openApp('/');
  await send(page, 'references');
  const reply = lastAnswer(page);
  await expectSettled(reply);
  await expect(reply.getByRole('link', { name: 'the guide' })).toHaveAttribute('href', 'https://example.com/guide');
  await expect(reply.getByText('the trap')).toBeVisible();
  await expect(reply.getByRole('link', { name: 'the trap' })).toHaveCount(0);
  await expect(reply.locator('.prose-chat')).not.toContainText('[guide]');
  const footnoteRef = reply.locator('a[data-footnote-ref], sup a').first();
  await expect(footnoteRef).toHaveAttribute('href', /^#/);
  await expect(reply.locator('.prose-chat')).toContainText('The source.');
  await expect(reply.locator('.prose-chat')).not.toContainText('[^1]');
});

test('control: the checks above do catch a payload that gets into the page', async ({ page, fake, openApp, app }) => {
  fake.script([{ match: { lastUser: 'control' }, reply: { content: 'A harmless answer.' } }]);
  const watch = await watchPage(page, page.context(), [new URL(app.url).origin, new URL(fake.url).origin]);
  await openApp('/');
  await send(page, 'control');
  const reply = lastAnswer(page);
  await expectSettled(reply);
  // What a rendering bug would let through, put there by hand.
  await reply.locator('.prose-chat').evaluate((prose) => {
    prose.insertAdjacentHTML(
      'beforeend',
      '<img src="https://evil.example/control.png" onerror="window.__pwned=\'control\'"><a href="javascript:alert(1)">bad</a>',
    );
  });
  const found = await inspectAnswer(reply);
  expect(found.problems).toEqual(
    expect.arrayContaining(['<img> element', 'img[onerror]', 'img[src=https://evil.example/control.png]']),
  );
  expect(found.links).toContainEqual({ href: 'javascript:alert(1)', rel: null, target: null });
  await expect.poll(() => page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBe('control');
  const csp = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  expect(csp.some((v) => v.includes('https://evil.example/control.png'))).toBe(true);
  expect(watch.dialogs).toEqual([]);
});
