'use client';
/**
 * A temporary chat (`/?temporary=1`): the ordinary chat view over services
 * whose database lives in memory (lib/services/temporary.ts), so nothing of
 * it reaches IndexedDB. Its conversation is known only here (not in the
 * address, so nothing reports it). Leaving it, or reloading, once it holds a
 * conversation asks first; afterwards it is gone.
 */
import { useEffect, useState } from 'react';
import type { Services } from '@/lib/services/services';
import { ServicesContext, useServices } from '../services';
import { useShell } from '../shell-context';
import { ConfirmDialog } from '../confirm-dialog';
import { ChatView } from './chat-view';

type TemporaryServices = Services & { drop(): void };

export function TemporaryChat() {
  const services = useServices();
  const shell = useShell();
  const [temporary, setTemporary] = useState<TemporaryServices | null>(null);
  const [conversationId, setConversationId] = useState<string>();
  const [leaving, setLeaving] = useState<(() => void) | null>(null);

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

  // Once it holds a conversation, leaving loses it: the app's links and New chat ask, and so does the browser on reload or close.
  const started = !!conversationId;
  useEffect(() => {
    if (!started) return;
    shell.guardLeaving((go) => setLeaving(() => go));
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => {
      shell.guardLeaving(null);
      window.removeEventListener('beforeunload', onUnload);
    };
  }, [started, shell]);

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
        title="Leave the temporary chat?"
        body="It is not saved anywhere: once you leave, its messages are gone for good."
        confirmLabel="Leave and discard"
        danger
        onCancel={() => setLeaving(null)}
        onConfirm={() => {
          const go = leaving;
          setLeaving(null);
          shell.guardLeaving(null);
          go?.();
        }}
      />
    </ServicesContext.Provider>
  );
}
