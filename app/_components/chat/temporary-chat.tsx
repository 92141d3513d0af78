'use client';
/**
 * A temporary chat (`/?temporary=1`): the ordinary chat view over services
 * whose database lives in memory (lib/services/temporary.ts), so nothing of
 * it reaches IndexedDB. Its conversation is known only here (not in the
 * address, so nothing reports it). Leaving it once it holds a conversation
 * (the app's links, New chat, the browser's Back, a reload or closing the tab)
 * asks first; afterwards it is gone.
 */
import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import type { Services } from '@/lib/services/services';
import { guardBack, stepOffLeftoverEntry, type HistoryWindow } from '@/lib/services/back-guard';
import { ServicesContext, useServices } from '../services';
import { useShell } from '../shell-context';
import { ConfirmDialog } from '../confirm-dialog';
import { ChatView } from './chat-view';

type TemporaryServices = Services & { drop(): void };

/** A question "leave?" waiting for its answer: `go` leaves, `stay` (after Back) puts the guard back. */
interface Leaving {
  go(): void;
  stay?(): void;
}

/** The window as the Back guard sees it. */
function historyWindow(): HistoryWindow {
  return {
    history: window.history,
    location: window.location,
    navigation: (window as { navigation?: { canGoBack: boolean } }).navigation,
    addEventListener: (type, listener) => window.addEventListener(type, listener),
    removeEventListener: (type, listener) => window.removeEventListener(type, listener),
  };
}

export function TemporaryChat() {
  const services = useServices();
  const shell = useShell();
  const router = useRouter();
  const [temporary, setTemporary] = useState<TemporaryServices | null>(null);
  const [conversationId, setConversationId] = useState<string>();
  const [leaving, setLeaving] = useState<Leaving | null>(null);
  /** The user chose to leave: the browser must not ask a second time on the way out. */
  const discarding = useRef(false);

  useEffect(() => {
    let made: TemporaryServices | undefined;
    let gone = false;
    // Loaded when used: the in-memory database is not part of the ordinary chat.
    void import('@/lib/services/temporary').then(({ createTemporaryServices }) => {
      if (gone) return;
      made = createTemporaryServices(services);
      setTemporary(made);
    });
    return () => {
      gone = true;
      made?.drop();
    };
  }, [services]);

  // Reloaded on the Back guard's extra entry (the browser asked, the chat is gone): the next Back must leave, not land on a copy.
  const steppedOff = useRef(false);
  useEffect(() => {
    // Once per page (React's development double effect would step back twice).
    if (!steppedOff.current) steppedOff.current = stepOffLeftoverEntry(window);
  }, []);

  // Once it holds a conversation, leaving loses it: the app's links, New chat and the browser's Back ask (lib/services/back-guard.ts),
  // and the browser asks on reload or close.
  const started = !!conversationId;
  useEffect(() => {
    if (!started) return;
    const back = guardBack(
      historyWindow(),
      (choice) => setLeaving({ go: choice.leave, stay: choice.stay }),
      () => router.replace('/'),
    );
    shell.guardLeaving((go) => setLeaving({ go: () => back.release(go) }));
    const onUnload = (e: BeforeUnloadEvent) => {
      if (!discarding.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', onUnload);
    return () => {
      back.dispose();
      shell.guardLeaving(null);
      window.removeEventListener('beforeunload', onUnload);
    };
  }, [started, shell, router]);

  if (!temporary) {
    return (
      <div className="flex flex-1 items-center justify-center">
        <p className="text-sm text-muted" role="status">
          Starting a temporary chat…
        </p>
      </div>
    );
  }
  return (
    <ServicesContext.Provider value={temporary}>
      <ChatView conversationId={conversationId} onOpen={setConversationId} />
      <ConfirmDialog
        open={!!leaving}
        title="Leave and discard this temporary chat?"
        body="It is not saved anywhere: once you leave, its messages are gone for good."
        confirmLabel="Leave and discard"
        danger
        onCancel={() => {
          // Also called when the dialog closes after a choice; by then `leaving` is null.
          leaving?.stay?.();
          setLeaving(null);
        }}
        onConfirm={() => {
          const choice = leaving;
          setLeaving(null);
          discarding.current = true;
          shell.guardLeaving(null);
          choice?.go();
        }}
      />
    </ServicesContext.Provider>
  );
}
