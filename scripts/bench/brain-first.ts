/**
 * `npx tsx scripts/bench/brain-first.ts [opens]`: the first Send right after
 * opening the chat over a long history whose indexes an earlier session
 * saved, several opens in a row (a diagnostic for the brain bench's
 * first-Send figure: quick to repeat, since the history is seeded once).
 */
import { startHarness } from './harness';
import { analysisWorker } from './learning';
import { reopenedHistory } from './brain';

async function main() {
  const opens = Number(process.argv[2] ?? 5);
  const h = await startHarness();
  const { page, url } = await reopenedHistory(h);
  const sizes = await page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((resolve) => {
      const r = indexedDB.open('codelumi');
      r.onsuccess = () => resolve(r.result);
    });
    const t0 = performance.now();
    const rows: { key: string; data: string | Blob; parts?: number[] }[] = await new Promise((resolve) => {
      const r = db.transaction('indexes').objectStore('indexes').getAll();
      r.onsuccess = () => resolve(r.result);
    });
    const readMs = performance.now() - t0;
    db.close();
    const size = (data: string | Blob) => (typeof data === 'string' ? data.length : data.size);
    // Each part's kind, by its opening bytes.
    const kinds: Record<string, number> = {};
    for (const r of rows) {
      if (typeof r.data === 'string' || !r.parts) continue;
      let at = 0;
      for (const n of r.parts) {
        const k = (await r.data.slice(at, at + 20).text()).match(/^\["(\w+)"/)?.[1] ?? 'head';
        kinds[k] = (kinds[k] ?? 0) + n;
        at += n;
      }
    }
    return {
      readMs,
      rows: rows.map((r) => `${r.key} ${(size(r.data) / 1e6).toFixed(2)} MB`),
      kinds: Object.entries(kinds).map(([k, n]) => `${k} ${(n / 1e6).toFixed(2)} MB`),
    };
  });
  process.stdout.write(
    `saved indexes: ${sizes.rows.join(', ')} (${sizes.kinds.join(', ')}); read in ${sizes.readMs.toFixed(0)} ms\n`,
  );
  for (let n = 0; n < opens; n++) {
    await page.goto(url);
    const box = page.getByLabel('Message', { exact: true });
    await box.waitFor();
    await box.fill(`bq${n}- How do I handle react hooks case 12 in my project?`);
    await page.locator('button[aria-label="Send message"]:not([disabled])').waitFor();
    const request = page.waitForRequest((r) => r.url().endsWith('/api/chat'));
    const seen: string[] = [];
    const t0 = Date.now();
    const log = (r: { url(): string }) => seen.push(`${new URL(r.url()).pathname}@${Date.now() - t0}`);
    page.on('request', log);
    const sent = Date.now();
    const enterAt = await page.evaluate(() => performance.timeOrigin + performance.now());
    await box.press('Enter');
    await request;
    const ms = Date.now() - sent;
    page.off('request', log);
    const worker = await analysisWorker(page);
    const stages = await worker.evaluate(() =>
      ['all', 'learned', 'project', 'past'].map(
        (n) => `${n} ${performance.getEntriesByName(`codelumi:retrieve:${n}`).map((e) => e.duration.toFixed(0))}`,
      ),
    );
    const pageSteps = await page.evaluate(
      (at) =>
        ['codelumi:send:read', 'codelumi:send:written', 'codelumi:send:remembered', 'codelumi:turn:retrieve'].map(
          (name) => {
            const e = performance.getEntriesByName(name).pop();
            return e
              ? `${name.split(':').pop()} ${(performance.timeOrigin + e.startTime - at).toFixed(0)}+${e.duration.toFixed(0)}`
              : `${name} -`;
          },
        ),
      enterAt,
    );
    const workerStart = await worker.evaluate(() => performance.timeOrigin);
    const retrieveStart = await worker.evaluate(() => {
      const e = performance.getEntriesByName('codelumi:retrieve:all').pop();
      return e ? performance.timeOrigin + e.startTime : NaN;
    });
    process.stdout.write(
      `open ${n}: Enter → request ${ms} ms; page ${pageSteps.join(', ')}; worker created ${(workerStart - enterAt).toFixed(0)}, retrieval began ${(retrieveStart - enterAt).toFixed(0)} (ms from Enter); worker ${stages.join(', ')}; requests ${seen.join(' ')}\n`,
    );
    await page.locator('article[data-role="assistant"][data-status="complete"]').last().waitFor();
  }
  await h.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
