/**
 * `npx tsx scripts/pwa/screenshots.ts`: takes the install dialog's
 * screenshots (public/screenshots/, named in lib/pwa/manifest.ts) of the
 * real production build, with a seeded conversation and the fake Ollama
 * (the same harness as `npm run bench`). The PNGs are committed; run this
 * again when the chat's look changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startHarness, ROOT } from '../bench/harness';

const OUT = path.join(ROOT, 'public', 'screenshots');

const ANSWER = `Debounce the value, not the handler: keep what the user types in state at once, and let a small hook hand the search a copy that only changes after a pause.

\`\`\`tsx
import { useEffect, useState } from 'react';

export function useDebounced<T>(value: T, delayMs = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
\`\`\`

Then search with \`useDebounced(query)\`. Each keystroke restarts the timer, so the request goes out once the user stops typing, and the cleanup clears a pending timer when the component unmounts.`;

const HISTORY = [
  ['Find duplicate emails in a users table', 'Group by the email and keep groups with more than one row.'],
  ['Python: list comprehension or map?', 'Prefer a comprehension when you also filter.'],
  ['Undo the last commit but keep the changes', 'Use `git reset --soft HEAD~1`.'],
  ['Why does my Go channel deadlock?', 'Nothing receives from the unbuffered channel.'],
];

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const h = await startHarness();
  try {
    for (const shot of [
      { file: 'chat-wide.png', width: 1280, height: 800, scale: 1 },
      { file: 'chat-narrow.png', width: 390, height: 844, scale: 2 },
    ]) {
      const narrow = await h.browser.newContext({
        viewport: { width: shot.width, height: shot.height },
        deviceScaleFactor: shot.scale,
        colorScheme: 'light',
      });
      const view = await narrow.newPage();
      await view.addInitScript('self.__name = self.__name || ((f) => f);');
      await view.goto(`${h.app.url}/404.html`);
      await h.seed(
        view,
        (t, host) => t.configure({ ollamaHost: host, autoTitle: false, defaultModel: 'qwen2.5-coder:7b' }),
        h.fake.url,
      );
      let at = Date.now() - 3 * 86_400_000;
      for (const [question, answer] of HISTORY) {
        await h.seed(view, (t, spec) => t.seedConversation(spec), {
          title: question,
          turns: [{ question, answer }],
          startAt: (at += 3_600_000),
        });
      }
      const { conversationId } = await h.seed(view, (t, spec) => t.seedConversation(spec), {
        title: 'Debounce a search input in React',
        model: 'qwen2.5-coder:7b',
        turns: [{ question: 'How do I debounce a search input in React without a library?', answer: ANSWER }],
      });
      await view.goto(`${h.app.url}/?c=${conversationId}`);
      await view.locator('.code-block .shiki').first().waitFor({ timeout: 30_000 });
      await view
        .getByRole('button', { name: /qwen2.5-coder:7b|Choose a model/ })
        .first()
        .waitFor()
        .catch(() => undefined);
      // Start at the question, so the picture reads as a conversation.
      await view.mouse.move(shot.width / 2, shot.height / 2);
      await view.mouse.wheel(0, -5000);
      await view.waitForTimeout(500);
      await view.screenshot({ path: path.join(OUT, shot.file) });
      console.log(`public/screenshots/${shot.file} (${shot.width * shot.scale}×${shot.height * shot.scale})`);
      await narrow.close();
    }
  } finally {
    await h.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
