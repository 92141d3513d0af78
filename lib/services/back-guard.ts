/**
 * The browser's Back button, made to ask before it leaves a page that would
 * lose something (a temporary chat). Back cannot be cancelled, so the guard
 * adds one history entry for the same address in front of the page's own:
 * Back then only steps onto that own entry, the router sees the same address
 * and leaves the page as it is, and the guard asks. Staying adds the entry
 * again (the next Back asks again); leaving steps back for real. Leaving by
 * the app's own means first steps back over the extra entry, so it does not
 * linger in the history as a second copy of the page.
 */

/** Marks the extra entry in its history state (beside the router's own), so a reload can tell it is left over. */
const MARK = 'codelumiBackGuard';

/** What the guard needs of the window. */
export interface HistoryWindow {
  readonly history: Pick<History, 'state' | 'pushState' | 'back'> & { readonly length?: number };
  readonly location: { readonly href: string };
  /** The Navigation API, where the browser has it: whether there is an entry to go back to. */
  readonly navigation?: { readonly canGoBack: boolean };
  addEventListener(type: 'popstate', listener: () => void): void;
  removeEventListener(type: 'popstate', listener: () => void): void;
}

/** The two answers to "leave?" after Back. */
export interface BackChoice {
  /** Stay on the page, as it is; the next Back asks again. */
  stay(): void;
  /** Leave: goes back to where the user came from (or `home` when the page was the first one). */
  leave(): void;
}

/** A page's guard on Back. */
export interface BackGuard {
  /** Leaving by the app's own means (a link, New chat): steps back over the extra entry, then runs `go`. */
  release(go: () => void): void;
  /** Stops guarding (the page is gone or has nothing to lose any more). */
  dispose(): void;
}

/**
 * Guards Back on the page shown now: `ask` is called when the user presses
 * it, and the page stays as it is until they choose. `home` is where leaving
 * goes when there is no earlier entry in this tab's history.
 */
export function guardBack(win: HistoryWindow, ask: (choice: BackChoice) => void, home: () => void): BackGuard {
  /** The extra entry is the current one: a popstate means the user went back from it. */
  let armed = false;
  /** Set while stepping back over the extra entry on the way out: what to run once there. */
  let then: (() => void) | null = null;
  let disposed = false;

  const arm = () => {
    if (disposed) return;
    // The same state (the router's own, so it restores the page as it is), marked, and the same address.
    win.history.pushState({ ...(win.history.state as object | null), [MARK]: true }, '', win.location.href);
    armed = true;
  };
  const dispose = () => {
    disposed = true;
    armed = false;
    win.removeEventListener('popstate', onPopState);
  };
  function onPopState() {
    if (then) {
      const go = then;
      then = null;
      dispose();
      go();
      return;
    }
    if (!armed) return;
    armed = false;
    ask({
      stay: arm,
      leave: () => {
        if (disposed) return;
        dispose();
        // Without the Navigation API, two entries (the page's own and the extra one) mean the page was the first.
        const first = win.navigation ? !win.navigation.canGoBack : (win.history.length ?? Infinity) <= 2;
        if (first) home();
        else win.history.back();
      },
    });
  }

  win.addEventListener('popstate', onPopState);
  arm();
  return {
    release(go) {
      if (!armed) {
        dispose();
        go();
        return;
      }
      armed = false;
      then = go;
      win.history.back();
    },
    dispose,
  };
}

/**
 * When the page was reloaded (or reopened) on a guard's extra entry, steps
 * back onto the page's own entry, the same address, so the next Back really
 * leaves instead of landing on a copy of the page. True when it stepped.
 */
export function stepOffLeftoverEntry(win: Pick<HistoryWindow, 'history'>): boolean {
  const state = win.history.state as Record<string, unknown> | null;
  if (!state?.[MARK]) return false;
  win.history.back();
  return true;
}
