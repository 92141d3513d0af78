'use client';
/**
 * The running app: builds the tab's services once (lib/services), runs their
 * background while mounted, provides them, and lays out the sidebar and the
 * page. Global shortcuts live here.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { QueryClientProvider } from '@tanstack/react-query';
import { createServices } from '@/lib/services/services';
import { startBackground } from '@/lib/services/background';
import { SEARCH_SHORTCUT_URL } from '@/lib/pwa/manifest';
import { browserPlatform, currentConversation } from './browser-platform';
import { ServicesContext } from './services';
import { ShellContext, type LeaveGuard, type ShellApi } from './shell-context';
import { ToastProvider } from './toasts';
import { Sidebar } from './sidebar/sidebar';
import { ThemeController } from './theme-controller';
import { MilestoneAnnouncer } from './lumi/milestone-announcer';
import { isShortcut } from './shortcuts';
import { ShellNotices } from './pwa/shell-notices';
import { DataDeleted } from './data-deleted';
import { ConnectPolicyController } from './privacy/connect-policy';
import { FirstRunPrivacyOffer } from './privacy/first-run-offer';
import { useStore } from '../_hooks/use-store';

/** The query flag of the launcher's Search shortcut (`/?search=1`). */
const SEARCH_FLAG = new URL(SEARCH_SHORTCUT_URL, 'http://x').searchParams.keys().next().value as string;

export function AppShell({ children }: { children: React.ReactNode }) {
  const [services] = useState(() => createServices(browserPlatform()));
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const router = useRouter();
  const pathname = usePathname();
  // Every chat lives at "/" (?c=<id>), so opening another one changes only the query.
  const query = useSearchParams().toString();

  // Settling old answers, the service worker, storage, the worker's pace, the left-the-tab signal, the settings.
  useEffect(() => startBackground(services), [services]);
  // Another tab deleted all data: the background has let go of the database, and nothing of the app is shown.
  const deletedElsewhere = useStore(services.dataWipe.deletedElsewhere);

  // Navigating closes the drawer, except the step that clears the Search shortcut's flag.
  const keepSidebar = useRef(false);
  useEffect(() => {
    if (keepSidebar.current) keepSidebar.current = false;
    else setSidebarOpen(false);
  }, [pathname, query]);

  // A page that would lose something when left (a temporary chat) asks first.
  const leaveGuard = useRef<LeaveGuard | null>(null);
  const leave = useCallback((go: () => void) => (leaveGuard.current ? leaveGuard.current(go) : go()), []);
  useEffect(() => {
    // In the capture phase, before Next's links handle the click: a plain click on a link within the app.
    const onClick = (e: MouseEvent) => {
      if (!leaveGuard.current || e.defaultPrevented || e.button !== 0) return;
      if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const link = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!link || (link.target && link.target !== '_self') || link.origin !== location.origin) return;
      if (link.pathname + link.search === location.pathname + location.search) return;
      e.preventDefault();
      e.stopPropagation();
      const href = link.pathname + link.search + link.hash;
      leave(() => router.push(href));
    };
    window.addEventListener('click', onClick, true);
    return () => window.removeEventListener('click', onClick, true);
  }, [leave, router]);

  const shell = useMemo<ShellApi>(
    () => ({
      guardLeaving: (guard) => {
        leaveGuard.current = guard;
      },
      openSidebar: () => setSidebarOpen(true),
      closeSidebar: () => setSidebarOpen(false),
      focusSearch: () => {
        setSidebarOpen(true);
        requestAnimationFrame(() => searchRef.current?.focus());
      },
      newChat: () =>
        leave(() => {
          // Leaving no stored conversation (a new or temporary chat) says nothing about an answer: nothing is recorded.
          const from = currentConversation();
          if (from) services.report({ kind: 'new_chat', conversationId: from, at: Date.now() });
          router.push('/');
          requestAnimationFrame(() => document.getElementById('composer-input')?.focus());
        }),
    }),
    [router, services, leave],
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

  if (deletedElsewhere) return <DataDeleted onReload={() => services.platform.reload()} />;
  return (
    <QueryClientProvider client={services.queryClient}>
      <ServicesContext.Provider value={services}>
        <ShellContext.Provider value={shell}>
          <ToastProvider>
            <ThemeController />
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
                <ConnectPolicyController />
                <FirstRunPrivacyOffer />
                {children}
              </div>
            </div>
          </ToastProvider>
        </ShellContext.Provider>
      </ServicesContext.Provider>
    </QueryClientProvider>
  );
}
