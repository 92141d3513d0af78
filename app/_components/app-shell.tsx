'use client';
/**
 * The running app: creates the tab's services once, provides them, and lays
 * out the sidebar and the page. Global shortcuts live here.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Workbox } from 'workbox-window';
import { getDatabase } from '@/lib/db/db';
import { ActiveStreams } from '@/lib/chat/active-streams';
import { PullManager } from '@/lib/ollama/pull-manager';
import { createMemoryWorkerClient } from '@/lib/worker/client';
import { DEFAULT_OLLAMA_HOST, DEFAULT_SETTINGS, type Settings } from '@/lib/db/settings';
import { RunBoard, runnerSettings } from '@/lib/runner/board';
import { SandboxHost } from '@/lib/runner/host';
import { useSettings } from '../_hooks/use-settings';
import { settleOrphanedAnswers } from '@/lib/db/messages';
import { purgeDeleted } from '@/lib/db/conversations';
import { isAnswerLocked } from '@/lib/chat/locks';
import { recordEvent } from '@/lib/db/events';
import { UpdateController } from '@/lib/pwa/update-controller';
import { persistWhenWorthIt } from '@/lib/pwa/storage';
import { SEARCH_SHORTCUT_URL } from '@/lib/pwa/manifest';
import { ServicesContext, type Services } from './services';
import { ShellContext, type ShellApi } from './shell-context';
import { ToastProvider } from './toasts';
import { Sidebar } from './sidebar/sidebar';
import { ThemeController } from './theme-controller';
import { MilestoneAnnouncer } from './lumi/milestone-announcer';
import { isShortcut } from './shortcuts';
import { ShellNotices } from './pwa/shell-notices';

/** The conversation on screen, read from the address (chats live at /?c=<id>). */
function currentConversation(): string | null {
  return window.location.pathname === '/' ? new URLSearchParams(window.location.search).get('c') : null;
}

/** The Ollama host the tab's background pieces use, kept in step with Settings by <HostSync/>. */
const live: { host: string; settings: Settings } = { host: DEFAULT_OLLAMA_HOST, settings: DEFAULT_SETTINGS };

/**
 * The service worker (built into out/ by the production build) and its
 * updates; none in development, where there is no worker to register.
 */
function createUpdates(streams: ActiveStreams): UpdateController | null {
  if (process.env.NODE_ENV !== 'production' || !('serviceWorker' in navigator)) return null;
  return new UpdateController(new Workbox('/sw.js', { scope: '/' }), streams, () => window.location.reload());
}

/** The query flag of the launcher's Search shortcut (`/?search=1`). */
const SEARCH_FLAG = new URL(SEARCH_SHORTCUT_URL, 'http://x').searchParams.keys().next().value as string;

function createServices(queryClient: QueryClient): Services {
  const db = getDatabase();
  const streams = new ActiveStreams();
  const memory = createMemoryWorkerClient(
    () => new Worker(new URL('../../workers/memory.worker.ts', import.meta.url), { type: 'module', name: 'codelumi-memory' }),
  );
  let sandbox: SandboxHost | undefined;
  return {
    db,
    streams,
    updates: createUpdates(streams),
    pulls: new PullManager(
      () => live.host,
      () => void queryClient.invalidateQueries({ queryKey: ['models'] }).then(() => queryClient.invalidateQueries({ queryKey: ['connection'] })),
    ),
    memory,
    origin: window.location.origin,
    // The main thread only appends the event; all learning happens in the worker.
    report: (event) => {
      // Measured (visible in DevTools and to `npm run bench`): the main thread's share of reporting.
      const start = performance.now();
      void recordEvent(db, event)
        .then(() => {
          performance.measure('codelumi:report-stored', { start, end: performance.now() });
          return memory.notify();
        })
        .catch(() => undefined);
      performance.measure('codelumi:report', { start, end: performance.now() });
    },
    runner: new RunBoard({
      db,
      host: () => (sandbox ??= new SandboxHost({ document, assetBase: `${window.location.origin}/runner/` })),
      settings: () => runnerSettings(live.settings),
      // The run and its event are stored by the runner itself; the learning engine only needs a nudge.
      onRecorded: () => void memory.notify().catch(() => undefined),
    }),
  };
}

function HostSync() {
  const settings = useSettings();
  if (settings) {
    live.host = settings.ollamaHost;
    live.settings = settings;
  }
  return null;
}

export function AppShell({ children }: { children: React.ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false, networkMode: 'always' } } }),
  );
  const [services] = useState(() => createServices(queryClient));
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const router = useRouter();
  const pathname = usePathname();
  // Every chat lives at "/" (?c=<id>), so opening another one changes only the query.
  const query = useSearchParams().toString();

  // Answers left streaming by a tab that is gone become "interrupted"; the bin is emptied of old deletions.
  useEffect(() => {
    const locks = navigator.locks;
    void settleOrphanedAnswers(services.db, (id) => isAnswerLocked(locks, id));
    void purgeDeleted(services.db, Date.now() - 60_000);
  }, [services.db]);

  // Navigating closes the drawer, except the step that clears the Search shortcut's flag.
  const keepSidebar = useRef(false);
  useEffect(() => {
    if (keepSidebar.current) keepSidebar.current = false;
    else setSidebarOpen(false);
  }, [pathname, query]);

  // The offline backend: register the service worker, and look for a new version when the window comes back.
  useEffect(() => {
    const updates = services.updates;
    if (!updates) return;
    void updates.start();
    const onVisible = () => document.visibilityState === 'visible' && updates.checkForUpdate();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [services.updates]);

  // Once there is something worth keeping, ask the browser not to clear it when space runs low.
  useEffect(() => {
    void persistWhenWorthIt(navigator.storage, async () => (await services.db.conversations.count()) > 0);
  }, [services.db]);

  // While an answer streams, the memory worker learns in smaller slices (two cores are shared).
  useEffect(() => {
    let busy = false;
    return services.streams.subscribeAll(() => {
      const now = services.streams.all().length > 0;
      if (now === busy) return;
      busy = now;
      void services.memory.setForeground(now).catch(() => undefined);
    });
  }, [services]);

  // Leaving the tab is a signal too (left right after an answer); the worker decides what it means.
  useEffect(() => {
    const onHidden = () => {
      if (document.visibilityState !== 'hidden') return;
      const conversationId = currentConversation();
      if (conversationId) services.report({ kind: 'hidden', conversationId, at: Date.now() });
    };
    document.addEventListener('visibilitychange', onHidden);
    return () => document.removeEventListener('visibilitychange', onHidden);
  }, [services]);

  const shell = useMemo<ShellApi>(
    () => ({
      openSidebar: () => setSidebarOpen(true),
      closeSidebar: () => setSidebarOpen(false),
      focusSearch: () => {
        setSidebarOpen(true);
        requestAnimationFrame(() => searchRef.current?.focus());
      },
      newChat: () => {
        services.report({ kind: 'new_chat', conversationId: currentConversation() ?? undefined, at: Date.now() });
        router.push('/');
        requestAnimationFrame(() => document.getElementById('composer-input')?.focus());
      },
    }),
    [router, services.db],
  );

  // The launcher's Search shortcut opens the app with the search focused.
  useEffect(() => {
    const params = new URLSearchParams(query);
    if (!params.has(SEARCH_FLAG)) return;
    params.delete(SEARCH_FLAG);
    keepSidebar.current = true;
    router.replace(params.size ? `${pathname}?${params}` : pathname);
    shell.focusSearch();
  }, [query, pathname, router, shell]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isShortcut(e, 'newChat')) {
        e.preventDefault();
        shell.newChat();
      } else if (isShortcut(e, 'search')) {
        e.preventDefault();
        shell.focusSearch();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shell]);

  return (
    <QueryClientProvider client={queryClient}>
      <ServicesContext.Provider value={services}>
        <ShellContext.Provider value={shell}>
          <ToastProvider>
            <ThemeController />
            <HostSync />
            <MilestoneAnnouncer />
            <div className="flex h-dvh overflow-hidden">
              {sidebarOpen && (
                <div
                  className="fixed inset-0 z-30 bg-black/40 md:hidden"
                  aria-hidden="true"
                  onClick={() => setSidebarOpen(false)}
                />
              )}
              <Sidebar open={sidebarOpen} searchRef={searchRef} onClose={() => setSidebarOpen(false)} />
              <div className="flex min-w-0 flex-1 flex-col">
                <ShellNotices />
                {children}
              </div>
            </div>
          </ToastProvider>
        </ShellContext.Provider>
      </ServicesContext.Provider>
    </QueryClientProvider>
  );
}
