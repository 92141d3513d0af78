'use client';
import { useRouter } from 'next/navigation';
import type { ThreadEntry } from '@/lib/db/thread';
import type { StoredError } from '@/lib/core/errors';
import { useConnection } from '../../_hooks/use-connection';
import { useSharedDraft } from '../../_hooks/use-shared-draft';
import { ConnectionHelp } from '../connection/connection-help';
import { SharedNotice } from '../pwa/shared-notice';
import { MessageList } from './message-list';
import { Composer, type ComposerProps } from './composer';
import { ErrorNotice } from './error-notice';
import { EmptyChat } from './empty-chat';

export interface ChatBodyProps {
  /** The conversation asked for (undefined: a new chat). */
  conversationId?: string;
  /** It was asked for but does not exist (anymore). */
  notFound: boolean;
  focusMessageId?: string;
  thread: ThreadEntry[] | undefined;
  error: StoredError | null;
  errorInAnswer: boolean;
  onDismissError: () => void;
  /** A shared item (Web Share Target) to start a new chat with. */
  share: string | null;
  composer: Omit<ComposerProps, 'placeholder'>;
}

/** The chat under its header: the thread (or the empty state), the error, and the composer. */
export function ChatBody({
  conversationId,
  notFound,
  focusMessageId,
  thread,
  error,
  errorInAnswer,
  onDismissError,
  share,
  composer,
}: ChatBodyProps) {
  const router = useRouter();
  const connection = useConnection();
  const shared = useSharedDraft(share);
  const state = connection.data;
  const hasThread = !!thread && thread.length > 0;
  const showConnectionHelp = state && state.status !== 'ready' && !hasThread;

  if (notFound) {
    return (
      <main className="flex min-h-0 flex-1 flex-col">
        <div className="flex flex-1 flex-col items-center justify-center gap-3 p-6 text-center">
          <p className="text-lg font-medium">This conversation does not exist anymore.</p>
          <button
            type="button"
            onClick={() => router.push('/')}
            className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg"
          >
            Start a new chat
          </button>
        </div>
      </main>
    );
  }
  return (
    <main className="flex min-h-0 flex-1 flex-col">
      {state && state.status !== 'ready' && hasThread && (
        <div className="mx-auto w-full max-w-3xl px-4 pt-3">
          <ConnectionHelp state={state} onRetry={() => void connection.refetch()} retrying={connection.isFetching} />
        </div>
      )}
      {hasThread && conversationId ? (
        <MessageList conversationId={conversationId} thread={thread} focusMessageId={focusMessageId} />
      ) : (
        <div className="min-h-0 flex-1 overflow-y-auto">
          <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-8">
            {showConnectionHelp ? (
              <ConnectionHelp
                state={state}
                onRetry={() => void connection.refetch()}
                retrying={connection.isFetching}
              />
            ) : (
              conversationId === undefined && <EmptyChat />
            )}
          </div>
        </div>
      )}
      {error && (
        <div className="mx-auto w-full max-w-3xl px-4 pb-2">
          <ErrorNotice error={error} hasPartial={errorInAnswer} onDismiss={onDismissError} />
        </div>
      )}
      {shared.notice && !conversationId && (
        <div className="mx-auto w-full max-w-3xl px-4 pb-2">
          <SharedNotice notice={shared.notice} onDismiss={shared.dismiss} />
        </div>
      )}
      <Composer key={shared.draftVersion} {...composer} />
    </main>
  );
}
