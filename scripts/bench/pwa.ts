/**
 * PWA benchmark (issue 4): a reload of the chat page answered by the service
 * worker with the network off, as a ratio to a reload online; and how much
 * the worker precaches (measured in the browser's Cache Storage, so what is
 * really stored, not what the build meant to store).
 */
import { median, percentile, type Harness } from './harness';

const RELOADS = 9;

export interface PwaResult {
  onlineMs: number;
  offlineMs: number;
  offlineP95Ms: number;
  precachedFiles: number;
  precachedBytes: number;
  runtimeCachedBytes: number;
}

export async function benchPwa(h: Harness): Promise<PwaResult> {
  const page = await h.newPage();
  await page.goto(`${h.app.url}/`);
  // After the first load the worker stores the app and claims the page.
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 120_000 });
  const shell = page.getByRole('complementary', { name: 'Conversations' });

  const reloadMs = async () => {
    const t0 = performance.now();
    await page.reload({ waitUntil: 'load' });
    await shell.waitFor();
    return performance.now() - t0;
  };
  const times = async () => {
    await reloadMs(); // warm-up
    const out: number[] = [];
    for (let i = 0; i < RELOADS; i++) out.push(await reloadMs());
    return out;
  };

  const online = await times();
  await page.context().setOffline(true);
  const offline = await times();
  await page.context().setOffline(false);

  const caches = await page.evaluate(async () => {
    let precachedFiles = 0;
    let precachedBytes = 0;
    let runtimeCachedBytes = 0;
    for (const name of await self.caches.keys()) {
      const cache = await self.caches.open(name);
      for (const request of await cache.keys()) {
        const size = (await (await cache.match(request))?.blob())?.size ?? 0;
        if (name.includes('precache')) {
          precachedFiles++;
          precachedBytes += size;
        } else runtimeCachedBytes += size;
      }
    }
    return { precachedFiles, precachedBytes, runtimeCachedBytes };
  });
  await page.context().close();
  return { onlineMs: median(online), offlineMs: median(offline), offlineP95Ms: percentile(offline, 95), ...caches };
}
