/** The browser's Back on a page that would lose something (lib/services/back-guard.ts), over a fake session history. */
import { describe, expect, it, vi } from 'vitest';
import { guardBack, stepOffLeftoverEntry, type BackChoice, type HistoryWindow } from '@/lib/services/back-guard';

/** A tab's session history as the browser keeps it: pushState cuts the entries ahead, Back fires popstate in a later task. */
function fakeHistory(entries: { url: string; state: unknown }[], withNavigationApi = true) {
  const list = [...entries];
  let index = list.length - 1;
  const listeners = new Set<() => void>();
  const traverse = (to: number) =>
    setTimeout(() => {
      if (to < 0) return;
      index = to;
      for (const l of [...listeners]) l();
    }, 0);
  const win: HistoryWindow = {
    history: {
      get state() {
        return list[index].state;
      },
      pushState(state: unknown, _unused: string, url?: string | URL | null) {
        list.splice(index + 1, list.length, { url: String(url ?? list[index].url), state: structuredClone(state) });
        index++;
      },
      back: () => void traverse(index - 1),
      get length() {
        return list.length;
      },
    },
    location: {
      get href() {
        return list[index].url;
      },
    },
    navigation: withNavigationApi
      ? {
          get canGoBack() {
            return index > 0;
          },
        }
      : undefined,
    addEventListener: (_type, listener) => void listeners.add(listener),
    removeEventListener: (_type, listener) => void listeners.delete(listener),
  };
  return {
    win,
    get index() {
      return index;
    },
    get entries() {
      return list.map((e) => e.url);
    },
    listeners,
  };
}

const TEMP = 'http://app.test/?temporary=1';
const HOME = 'http://app.test/';

/** A temporary chat opened from the app's start page, with its guard and the questions it asked. */
function guarded(
  entries = [
    { url: HOME, state: { page: 'home' } },
    { url: TEMP, state: { page: 'temp' } },
  ],
  withNavigationApi = true,
) {
  const h = fakeHistory(entries, withNavigationApi);
  const asked: BackChoice[] = [];
  const home = vi.fn();
  const guard = guardBack(h.win, (choice) => asked.push(choice), home);
  return { h, asked, home, guard };
}

/** Runs the timers that deliver popstate (the fake history's Back is asynchronous like the browser's). */
async function settle() {
  await vi.runAllTimersAsync();
}

describe('guardBack', () => {
  it('asks on Back and keeps the page; after staying, the next Back asks again', async () => {
    vi.useFakeTimers();
    const { h, asked } = guarded();
    // One more entry for the same address, carrying the router's own state (so the router restores the page as is).
    expect(h.entries).toEqual([HOME, TEMP, TEMP]);
    expect(h.win.history.state).toMatchObject({ page: 'temp' });

    h.win.history.back();
    await settle();
    expect(asked).toHaveLength(1);
    expect(h.win.location.href).toBe(TEMP);

    asked[0].stay();
    expect(h.entries).toEqual([HOME, TEMP, TEMP]);
    expect(h.index).toBe(2);
    h.win.history.back();
    await settle();
    expect(asked).toHaveLength(2);
    expect(h.win.location.href).toBe(TEMP);
    vi.useRealTimers();
  });

  it('leaving after Back goes back to the page before, without asking again', async () => {
    vi.useFakeTimers();
    const { h, asked, home } = guarded();
    h.win.history.back();
    await settle();
    asked[0].leave();
    await settle();
    expect(h.win.location.href).toBe(HOME);
    expect(asked).toHaveLength(1);
    expect(home).not.toHaveBeenCalled();
    expect(h.listeners.size).toBe(0);
    vi.useRealTimers();
  });

  it('leaving after Back from the first page of the tab goes home', async () => {
    vi.useFakeTimers();
    const { h, asked, home } = guarded([{ url: TEMP, state: { page: 'temp' } }]);
    h.win.history.back();
    await settle();
    asked[0].leave();
    expect(home).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });

  it('without the Navigation API, leaving from the first page goes home, and from a later one goes back', async () => {
    vi.useFakeTimers();
    const first = guarded([{ url: TEMP, state: { page: 'temp' } }], false);
    first.h.win.history.back();
    await settle();
    first.asked[0].leave();
    expect(first.home).toHaveBeenCalledTimes(1);

    const later = guarded(undefined, false);
    later.h.win.history.back();
    await settle();
    later.asked[0].leave();
    await settle();
    expect(later.home).not.toHaveBeenCalled();
    expect(later.h.index).toBe(0);
    vi.useRealTimers();
  });

  it("leaving by the app's own link first steps back over the extra entry, then goes", async () => {
    vi.useFakeTimers();
    const { h, asked, guard } = guarded();
    const go = vi.fn(() => h.win.history.pushState(null, '', 'http://app.test/settings'));
    guard.release(go);
    expect(go).not.toHaveBeenCalled();
    await settle();
    expect(go).toHaveBeenCalledTimes(1);
    // Back from the new page lands on the chat's own entry, not on a leftover copy of it.
    expect(h.entries).toEqual([HOME, TEMP, 'http://app.test/settings']);
    expect(asked).toEqual([]);
    vi.useRealTimers();
  });

  it('asks nothing once disposed', async () => {
    vi.useFakeTimers();
    const { h, asked, guard } = guarded();
    guard.dispose();
    h.win.history.back();
    await settle();
    expect(asked).toEqual([]);
    expect(h.listeners.size).toBe(0);
    vi.useRealTimers();
  });

  it("after a reload on the extra entry, steps back onto the page's own, so the next Back leaves", async () => {
    vi.useFakeTimers();
    const { h, guard } = guarded();
    // The page reloads: the guard is gone with it, the extra entry stays in the history.
    guard.dispose();
    expect(stepOffLeftoverEntry(h.win)).toBe(true);
    await settle();
    expect(h.index).toBe(1);
    expect(stepOffLeftoverEntry(h.win)).toBe(false);
    h.win.history.back();
    await settle();
    expect(h.win.location.href).toBe(HOME);
    vi.useRealTimers();
  });
});
