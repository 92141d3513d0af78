import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPullTracker, pullModel, type PullProgress } from '@/lib/ollama/pull';
import { describePullError, PullManager, type PullState } from '@/lib/ollama/pull-manager';
import { createOllamaClient, fetchStoppedBy } from '@/lib/ollama/client';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/index';

/** Resolves once `cond` holds (checked every 10 ms). */
const until = (cond: () => boolean) =>
  new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (!cond()) return;
      clearInterval(timer);
      resolve();
    }, 10);
  });

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

describe('createPullTracker', () => {
  it('sums the bytes of every layer it has seen', () => {
    const t = createPullTracker(0);
    t.update({ status: 'pulling manifest' }, 0);
    t.update({ status: 'pulling aaaa', digest: A, total: 1000, completed: 400 }, 100);
    const p = t.update({ status: 'pulling bbbb', digest: B, total: 3000, completed: 2600 }, 200);
    expect(p).toMatchObject({
      completedBytes: 3000,
      totalBytes: 4000,
      percent: 75,
      done: false,
      status: 'pulling bbbb',
    });
  });

  it('has no percent while no layer size is known', () => {
    const t = createPullTracker(0);
    expect(t.update({ status: 'pulling manifest' }, 0).percent).toBeUndefined();
    expect(t.update({ status: 'pulling aaaa', digest: A, total: 100 }, 10)).toMatchObject({
      percent: 0,
      completedBytes: 0,
    });
  });

  it('never lets the percent go backwards, also when a new layer starts', () => {
    const t = createPullTracker(0);
    const seen: number[] = [];
    const push = (p: PullProgress) => seen.push(p.percent ?? 0);
    // Ollama pulls the weights first, then small layers whose sizes are unknown until they start.
    push(t.update({ status: 'pulling aaaa', digest: A, total: 1000, completed: 500 }, 100));
    push(t.update({ status: 'pulling aaaa', digest: A, total: 1000, completed: 1000 }, 200));
    push(t.update({ status: 'pulling bbbb', digest: B, total: 50 }, 300));
    push(t.update({ status: 'pulling bbbb', digest: B, total: 50, completed: 20 }, 400));
    // A repeated, older line for a layer does not move its bytes back either.
    push(t.update({ status: 'pulling aaaa', digest: A, total: 1000, completed: 10 }, 500));
    push(t.update({ status: 'pulling bbbb', digest: B, total: 50, completed: 50 }, 600));
    push(t.update({ status: 'verifying sha256 digest' }, 700));
    push(t.update({ status: 'success' }, 800));
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    expect(seen.at(-1)).toBe(100);
    expect(t.progress.completedBytes).toBe(1050);
  });

  it('measures a speed above zero while bytes move, from the given clock', () => {
    const t = createPullTracker(0);
    t.update({ status: 'pulling aaaa', digest: A, total: 10_000_000, completed: 0 }, 0);
    const p = t.update({ status: 'pulling aaaa', digest: A, total: 10_000_000, completed: 1_000_000 }, 1000);
    expect(p.bytesPerSecond).toBe(1_000_000);
    const later = t.update({ status: 'pulling aaaa', digest: A, total: 10_000_000, completed: 3_000_000 }, 2000);
    // Smoothed between the old and new rate.
    expect(later.bytesPerSecond).toBeGreaterThan(1_000_000);
    expect(later.bytesPerSecond).toBeLessThan(2_000_000);
  });

  it('is done, at 100 %, on success', () => {
    const t = createPullTracker(0);
    t.update({ status: 'pulling aaaa', digest: A, total: 100, completed: 100 }, 10);
    expect(t.update({ status: 'success' }, 20)).toMatchObject({ done: true, percent: 100, status: 'success' });
  });
});

describe('pulling from the fake Ollama', () => {
  let fake: FakeOllama;
  beforeAll(async () => {
    // llama3.2:3b (~2 GB) takes about 0.5 s at this rate.
    fake = await startFakeOllama({ quiet: true, pullBytesPerSecond: 4_000_000_000 });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  /** A clock that moves 300 ms per reading, so every progress line is a speed sample. */
  const steppingClock = () => {
    let t = 0;
    return () => (t += 300);
  };

  it('reports growing progress, a speed while bytes move, and done; the model is then installed', async () => {
    const seen: PullProgress[] = [];
    const client = createOllamaClient(fake.url);
    await pullModel(client, 'llama3.2:3b', (p) => seen.push(p), { now: steppingClock() }).finished;

    expect(seen.length).toBeGreaterThan(5);
    expect(seen[0].status).toBe('pulling manifest');
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i].completedBytes).toBeGreaterThanOrEqual(seen[i - 1].completedBytes);
      expect(seen[i].percent ?? 0).toBeGreaterThanOrEqual(seen[i - 1].percent ?? 0);
    }
    const moving = seen.filter((p, i) => i > 0 && p.completedBytes > seen[i - 1].completedBytes);
    expect(moving.length).toBeGreaterThan(0);
    expect(moving.every((p) => p.bytesPerSecond > 0)).toBe(true);
    expect(seen.at(-1)).toMatchObject({
      status: 'success',
      done: true,
      percent: 100,
      totalBytes: 2_019_393_189,
      completedBytes: 2_019_393_189,
    });
    expect((await client.list()).models.map((m) => m.name)).toContain('llama3.2:3b');
  });

  it('cancel stops the pull and leaves the model uninstalled', async () => {
    const client = createOllamaClient(fake.url);
    const handle: ReturnType<typeof pullModel> = pullModel(client, 'deepseek-r1:7b', (p) => {
      if (p.completedBytes > 0) handle.cancel();
    });
    await expect(handle.finished).rejects.toThrow();
    expect((await client.list()).models.map((m) => m.name)).not.toContain('deepseek-r1:7b');
  });

  it('a cancel before the stream opened still stops it', async () => {
    const client = createOllamaClient(fake.url);
    const handle = pullModel(client, 'deepseek-r1:7b', () => undefined);
    handle.cancel();
    await expect(handle.finished).rejects.toThrow();
    expect((await client.list()).models.map((m) => m.name)).not.toContain('deepseek-r1:7b');
  });

  it('an unknown model fails with Ollama’s error, which reads as a friendly message', async () => {
    const handle = pullModel(createOllamaClient(fake.url), 'no-such-model:99b', () => undefined);
    const err = await handle.finished.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(err)).toContain('file does not exist');
    expect(describePullError(err)).toBe(
      'Ollama could not find that model in its library. Check the name (e.g. qwen2.5-coder:7b).',
    );
  });

  describe('PullManager', () => {
    /** Resolves with the manager's state of `model` once `until` holds for it. */
    const waitFor = (pulls: PullManager, model: string, until: (s: PullState) => boolean) =>
      new Promise<PullState>((resolve) => {
        const check = () => {
          const s = pulls.get(model);
          if (s && until(s)) {
            stop();
            resolve(s);
          }
        };
        const stop = pulls.subscribe(check);
        check();
      });

    it('shows live progress, ends done and tells who is waiting', async () => {
      const finished: string[] = [];
      const pulls = new PullManager(
        () => fake.url,
        (m) => finished.push(m),
      );
      const snapshots: PullState[][] = [];
      pulls.subscribe(() => snapshots.push(pulls.list()));
      pulls.start('  qwen2.5-coder:1.5b ');
      expect(pulls.get('qwen2.5-coder:1.5b')!.status).toBe('pulling');
      pulls.start('qwen2.5-coder:1.5b'); // a second start while pulling is ignored

      const done = await waitFor(pulls, 'qwen2.5-coder:1.5b', (s) => s.status !== 'pulling');
      expect(done.status).toBe('done');
      expect(done.progress).toMatchObject({ done: true, percent: 100 });
      expect(finished).toEqual(['qwen2.5-coder:1.5b']);
      expect(snapshots.some((list) => list[0]?.progress.completedBytes > 0 && !list[0].progress.done)).toBe(true);
      // The list is a new array on every change and the same array between changes.
      expect(pulls.list()).toBe(pulls.list());
      expect(fake.requests.filter((r) => r.path === '/api/pull')).toHaveLength(1);

      pulls.dismiss('qwen2.5-coder:1.5b');
      expect(pulls.list()).toEqual([]);
    });

    it('cancel marks the pull cancelled (not failed) and the model stays uninstalled', async () => {
      const finished: string[] = [];
      const pulls = new PullManager(
        () => fake.url,
        (m) => finished.push(m),
      );
      pulls.start('deepseek-r1:7b');
      await waitFor(pulls, 'deepseek-r1:7b', (s) => s.progress.completedBytes > 0);
      pulls.cancel('deepseek-r1:7b');
      expect(pulls.get('deepseek-r1:7b')!.status).toBe('cancelled');
      // Let the rejected pull settle (the manager heard of it first); it must not turn into "failed".
      await expect(pulls['handles'].get('deepseek-r1:7b')!.finished).rejects.toThrow();
      expect(pulls.get('deepseek-r1:7b')).toMatchObject({ status: 'cancelled' });
      expect(pulls.get('deepseek-r1:7b')!.error).toBeUndefined();
      expect(finished).toEqual([]);
      const tags = await createOllamaClient(fake.url).list();
      expect(tags.models.map((m) => m.name)).not.toContain('deepseek-r1:7b');
    });

    it('a pull Ollama never answers ends failed, saying it went silent', async () => {
      fake.setSilentPaths(['/api/pull']);
      const pulls = new PullManager(() => fake.url, undefined, 1000);
      pulls.start('llama3.2:3b');
      const failed = await waitFor(pulls, 'llama3.2:3b', (s) => s.status !== 'pulling');
      expect(failed.status).toBe('failed');
      expect(failed.error).toBe(
        'Ollama sent no progress for 1 s, so the pull was stopped. Check that Ollama is still running, then try again.',
      );
    });

    it('a long silence while Ollama verifies the download is not taken for a stall', async () => {
      const slowDisk = await startFakeOllama({ quiet: true, pullBytesPerSecond: 40_000_000_000, pullVerifyMs: 1500 });
      try {
        const pulls = new PullManager(() => slowDisk.url, undefined, 500);
        pulls.start('llama3.2:3b');
        const ended = await waitFor(pulls, 'llama3.2:3b', (s) => s.status !== 'pulling');
        expect([ended.status, ended.error]).toEqual(['done', undefined]);
      } finally {
        await slowDisk.close();
      }
    });

    it('a cancel while Ollama has not answered yet ends the pull', async () => {
      fake.setSilentPaths(['/api/pull']);
      const stop = new AbortController();
      const handle = pullModel(
        createOllamaClient(fake.url, fetchStoppedBy(stop.signal)),
        'deepseek-r1:7b',
        () => undefined,
        { stop },
      );
      await until(() => fake.requests.some((r) => r.path === '/api/pull'));
      handle.cancel();
      await expect(handle.finished).rejects.toThrow();
    });

    it('an unknown model ends failed with the friendly message', async () => {
      const pulls = new PullManager(() => fake.url);
      pulls.start('qwen9-coder:404b');
      const failed = await waitFor(pulls, 'qwen9-coder:404b', (s) => s.status !== 'pulling');
      expect(failed).toMatchObject({
        status: 'failed',
        error: 'Ollama could not find that model in its library. Check the name (e.g. qwen2.5-coder:7b).',
      });
    });
  });
});

describe('describePullError', () => {
  it('explains a lost connection, and passes other messages on', () => {
    expect(describePullError(new TypeError('Failed to fetch'))).toBe('Lost the connection to Ollama during the pull.');
    expect(describePullError(new Error('disk full'))).toBe('disk full');
    expect(describePullError('odd')).toBe('odd');
  });
});

describe('pulling from a server that sends progress in the wrong shapes', () => {
  /** A fetch answering /api/pull with these NDJSON lines, as a broken or hostile server at the Ollama address might. */
  const streaming =
    (lines: string[]): typeof fetch =>
    async () =>
      new Response(lines.map((l) => `${l}\n`).join(''), {
        status: 200,
        headers: { 'content-type': 'application/x-ndjson' },
      });

  it('shows progress words and a percent from typed fields only, and finishes on success', async () => {
    const seen: PullProgress[] = [];
    const client = createOllamaClient(
      'http://127.0.0.1:1',
      streaming([
        '{"status":{"text":"pulling"},"digest":5,"total":"1000","completed":[1]}',
        `{"status":"pulling aaaa","digest":"${A}","total":1000,"completed":-400}`,
        `{"status":42,"digest":"${A}","total":1000,"completed":1e309}`,
        `{"status":"pulling aaaa","digest":"${A}","total":1000,"completed":500}`,
        '{"status":"success"}',
      ]),
    );
    await pullModel(client, 'x', (p) => seen.push(p)).finished;
    for (const p of seen) {
      expect(typeof p.status).toBe('string');
      if (p.percent !== undefined) expect(p.percent).toBeGreaterThanOrEqual(0);
      if (p.percent !== undefined) expect(p.percent).toBeLessThanOrEqual(100);
    }
    expect(seen.map((p) => p.status)).toEqual(['', 'pulling aaaa', '', 'pulling aaaa', 'success']);
    expect(seen[3]).toMatchObject({ completedBytes: 500, totalBytes: 1000, percent: 50 });
    expect(seen.at(-1)).toMatchObject({ done: true, percent: 100 });
  });

  it('a line that is not a JSON object fails the pull with a clear message', async () => {
    const client = createOllamaClient('http://127.0.0.1:1', streaming(['{"status":"pulling manifest"}', 'null']));
    await expect(pullModel(client, 'x', () => undefined).finished).rejects.toMatchObject({
      code: 'bad_response:ollama',
    });
  });
});
