import { describe, expect, it, vi } from 'vitest';
import { ActiveStreams } from '@/lib/chat/active-streams';
import { UPDATE_CHECK_INTERVAL_MS, UpdateController, type ServiceWorkerHost } from '@/lib/pwa/update-controller';
import { updatePhase } from '@/lib/pwa/update-policy';

/** A stand-in for workbox-window's Workbox: the test fires its events. */
function fakeHost() {
  const listeners: Record<string, ((e: { isUpdate?: boolean }) => void)[]> = {};
  const host: ServiceWorkerHost & { fire(type: string, e?: { isUpdate?: boolean }): void } = {
    addEventListener: (type, l) => void (listeners[type] ??= []).push(l),
    register: vi.fn(async () => undefined),
    update: vi.fn(async () => undefined),
    messageSkipWaiting: vi.fn(),
    fire: (type, e = {}) => listeners[type]?.forEach((l) => l(e)),
  };
  return host;
}

function streamOne(streams: ActiveStreams, id = 'a1') {
  streams.start({
    messageId: id,
    conversationId: 'c',
    content: '',
    thinking: '',
    phase: 'answering',
    startedAt: 0,
    abort: () => undefined,
  });
}

describe('the update policy', () => {
  it('offers an update only when one waits and nothing streams', () => {
    expect(updatePhase({ waiting: false, busy: false, dismissed: false, applying: false })).toBe('none');
    expect(updatePhase({ waiting: true, busy: false, dismissed: false, applying: false })).toBe('offered');
    expect(updatePhase({ waiting: true, busy: true, dismissed: false, applying: false })).toBe('held');
    expect(updatePhase({ waiting: true, busy: false, dismissed: true, applying: false })).toBe('dismissed');
  });
});

describe('the update controller', () => {
  it('offers a waiting version, and Reload skips waiting then reloads once the new worker controls the page', () => {
    const host = fakeHost();
    const reload = vi.fn();
    const updates = new UpdateController(host, new ActiveStreams(), reload);
    host.fire('waiting');
    expect(updates.phase).toBe('offered');
    updates.apply();
    expect(host.messageSkipWaiting).toHaveBeenCalledOnce();
    expect(reload).not.toHaveBeenCalled();
    host.fire('controlling', { isUpdate: true });
    expect(reload).toHaveBeenCalledOnce();
  });

  it('never reloads on its own: a worker taking control without Reload only keeps the offer up', () => {
    const host = fakeHost();
    const reload = vi.fn();
    const updates = new UpdateController(host, new ActiveStreams(), reload);
    host.fire('controlling', { isUpdate: false }); // the first install claims the page
    expect(updates.phase).toBe('none');
    host.fire('controlling', { isUpdate: true }); // another tab applied a new version
    expect(reload).not.toHaveBeenCalled();
    expect(updates.phase).toBe('offered');
    updates.apply();
    expect(reload).toHaveBeenCalledOnce();
    expect(host.messageSkipWaiting).not.toHaveBeenCalled();
  });

  it('holds the offer while an answer streams and shows it when the answer is done', () => {
    const host = fakeHost();
    const streams = new ActiveStreams();
    const updates = new UpdateController(host, streams, vi.fn());
    const seen: string[] = [];
    updates.subscribe(() => seen.push(updates.phase));
    streamOne(streams);
    host.fire('waiting');
    expect(updates.phase).toBe('held');
    updates.apply();
    expect(host.messageSkipWaiting).not.toHaveBeenCalled();
    streams.end('a1');
    expect(updates.phase).toBe('offered');
    expect(seen).toEqual(['held', 'offered']);
  });

  it('hides a dismissed offer until another version arrives', () => {
    const host = fakeHost();
    const updates = new UpdateController(host, new ActiveStreams(), vi.fn());
    host.fire('waiting');
    updates.dismiss();
    expect(updates.phase).toBe('dismissed');
    host.fire('waiting');
    expect(updates.phase).toBe('offered');
  });

  it('looks for a new version when asked, at most once an hour unless forced', async () => {
    const host = fakeHost();
    let now = 0;
    const updates = new UpdateController(host, new ActiveStreams(), vi.fn(), () => now);
    expect(await updates.start()).toBe(true);
    updates.checkForUpdate();
    expect(host.update).not.toHaveBeenCalled();
    now = UPDATE_CHECK_INTERVAL_MS + 1;
    updates.checkForUpdate();
    updates.checkForUpdate();
    expect(host.update).toHaveBeenCalledTimes(1);
    updates.checkForUpdate(true);
    expect(host.update).toHaveBeenCalledTimes(2);
  });

  it('reports a failed registration without throwing (the app still works online)', async () => {
    const host = fakeHost();
    host.register = vi.fn(async () => {
      throw new Error('SecurityError');
    });
    expect(await new UpdateController(host, new ActiveStreams(), vi.fn()).start()).toBe(false);
  });
});
