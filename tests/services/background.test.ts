import { afterEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '@/lib/services/services';
import { startBackground, type StopBackground } from '@/lib/services/background';
import { setSetting } from '@/lib/db/settings';
import { LiveSettings } from '@/lib/services/live-settings';
import { UPDATE_CHECK_INTERVAL_MS } from '@/lib/pwa/update-controller';
import { conversation, message } from '../support/records';
import { fakePlatform, type FakeWorker } from './fake-platform';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  // Last in, first out: stop the background and let its start-up work finish before the database closes.
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function setup(options?: Parameters<typeof fakePlatform>[0]) {
  const fake = fakePlatform(options);
  const services = createServices(fake.platform);
  cleanup.push(() => fake.db.close());
  return { ...fake, services };
}

function started(services: Services): StopBackground {
  const stop = startBackground(services);
  cleanup.push(() => {
    stop();
    return stop.startup;
  });
  return stop;
}

const streamOne = (services: Services, id = 'a1') =>
  services.streams.start({
    messageId: id,
    conversationId: 'c1',
    content: '',
    thinking: '',
    phase: 'waiting',
    startedAt: 0,
    abort: () => {},
  });

/** The Comlink calls a fake worker was sent, by method name. */
const calls = (worker: FakeWorker) =>
  worker.posted.map((m) => (m as { path?: string[] }).path?.join('.')).filter((p): p is string => !!p);

describe('createServices', () => {
  it('builds every service and starts nothing: no listener, no worker, no service worker registration', () => {
    const { services, page, workers, serviceWorker } = setup();
    expect(services.origin).toBe('http://app.test');
    expect(services.updates).not.toBeNull();
    expect(page.listeners.size).toBe(0);
    expect(workers).toHaveLength(0);
    expect(serviceWorker!.register).not.toHaveBeenCalled();
    expect(services.settings.state.get()).toBeUndefined();
  });

  it('has no update controller without a service worker', () => {
    expect(setup({ serviceWorker: false }).services.updates).toBeNull();
  });
});

describe('startBackground', () => {
  it('registers the service worker, and checks for a new version when the page comes back after the interval', () => {
    const { services, page, serviceWorker, clock } = setup();
    started(services);
    expect(serviceWorker!.register).toHaveBeenCalledOnce();
    page.show('hidden');
    page.show('visible');
    expect(serviceWorker!.update).not.toHaveBeenCalled();
    clock.now += UPDATE_CHECK_INTERVAL_MS;
    page.show('visible');
    expect(serviceWorker!.update).toHaveBeenCalledOnce();
  });

  it('follows the stored settings, including later changes, so the pull manager and runner see them', async () => {
    const { services, db } = setup();
    started(services);
    await expect.poll(() => services.settings.state.get()?.ollamaHost).toBe('http://127.0.0.1:11434');
    await setSetting(db, 'ollamaHost', 'http://gpu-box:11434');
    await expect.poll(() => services.settings.current().ollamaHost).toBe('http://gpu-box:11434');
  });

  it('marks answers left streaming by a closed tab as interrupted', async () => {
    const { services, db } = setup();
    await db.messages.put(message({ id: 'orphan', role: 'assistant', status: 'streaming' }));
    started(services);
    await expect.poll(async () => (await db.messages.get('orphan'))?.status).toBe('interrupted');
  });

  it('asks for persistent storage once there are ten conversations', async () => {
    const { services, db, storage } = setup();
    for (let i = 0; i < 10; i++) await db.conversations.put(conversation({ id: `c${i}` }));
    started(services);
    await expect.poll(() => storage.persist.mock.calls.length).toBe(1);
  });

  it('records "left the tab" when the page is hidden with a conversation open, and not without one', async () => {
    const withChat = setup({ conversation: 'c1' });
    started(withChat.services);
    withChat.page.show('hidden');
    await expect
      .poll(() => withChat.db.events.toArray())
      .toEqual([expect.objectContaining({ kind: 'hidden', conversationId: 'c1', at: withChat.clock.now })]);

    const noChat = setup({ conversation: null });
    started(noChat.services);
    noChat.page.show('hidden');
    expect(await noChat.db.events.count()).toBe(0);
  });

  it('tells a running analysis worker to learn in smaller slices while an answer streams, once per change', async () => {
    const { services, workers } = setup();
    started(services);
    // Never answered (a fake worker); it fails when stop() ends the worker, as every waiting call then does.
    void services.analysis.ping().catch(() => undefined);
    streamOne(services, 'a1');
    streamOne(services, 'a2');
    services.streams.update('a1', { content: 'x' });
    services.streams.end('a1');
    services.streams.end('a2');
    await expect.poll(() => calls(workers[0]!).filter((c) => c === 'setForeground')).toHaveLength(2);
  });

  it('refuses to start twice, and starts again after stop', () => {
    const { services } = setup();
    const stop = started(services);
    expect(() => startBackground(services)).toThrow(/already running/);
    stop();
    started(services);
  });

  it('stop removes every listener and subscription it added, stops following settings, ends the worker', async () => {
    const { services, page, db, workers } = setup({ conversation: 'c1' });
    const streamListeners = (services.streams.state as unknown as { listenerCount: number }).listenerCount;
    const stop = started(services);
    await expect.poll(() => services.settings.state.get()).toBeDefined();
    // Never answered (a fake worker); it fails when stop() ends the worker, as every waiting call then does.
    void services.analysis.ping().catch(() => undefined);
    expect(page.listeners.size).toBeGreaterThan(0);
    stop();
    stop();
    expect(page.listeners.size).toBe(0);
    expect((services.streams.state as unknown as { listenerCount: number }).listenerCount).toBe(streamListeners);
    expect(workers[0]!.terminated).toBe(true);
    // A follower still running shows when the change has reached followers.
    const control = new LiveSettings();
    cleanup.push(control.follow(db));
    await expect.poll(() => control.state.get()).toBeDefined();
    await setSetting(db, 'ollamaHost', 'http://after-stop:11434');
    await expect.poll(() => control.current().ollamaHost).toBe('http://after-stop:11434');
    expect(services.settings.current().ollamaHost).toBe('http://127.0.0.1:11434');
    page.show('hidden');
    expect(await db.events.count()).toBe(0);
  });
});

describe('forgetting when the worker fails', () => {
  it('forgets in the page when the analysis worker dies before it answers', async () => {
    const { services, db, workers } = setup();
    await db.conversations.put(conversation({ id: 'gone', deletedAt: 1 }));
    await db.messages.put(message({ id: 'm1', conversationId: 'gone', content: 'my password is hunter2' }));

    const forgetting = services.forgetting.start();
    cleanup.push(() => services.forgetting.stop());
    await expect.poll(() => (workers[0] ? calls(workers[0]) : [])).toContain('forgetExpired');
    workers[0].dispatchEvent(new Event('error'));

    expect((await forgetting).conversations).toEqual(['gone']);
    expect(await db.messages.count()).toBe(0);
  });
});
