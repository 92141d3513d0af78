'use client';
/**
 * The chat: one conversation (`?c=<id>`) or a new one (no `c`). Wires the
 * thread, the composer and the header to the chat actions in lib/chat.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useRouter, useSearchParams } from 'next/navigation';
import type { Message } from '@/lib/db/records';
import type { StoredError } from '@/lib/errors';
import { CodelumiError, isCodelumiError } from '@/lib/errors';
import { selectBranch } from '@/lib/db/messages';
import { setConversationProject, updateConversationOptions } from '@/lib/db/conversations';
import { NEW_CHAT_DRAFT } from '@/lib/db/drafts';
import { resolveModel } from '@/lib/ollama/models';
import type { StartedAnswer } from '@/lib/chat/actions';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { useConversation } from '../../_hooks/use-conversations';
import { useThread } from '../../_hooks/use-thread';
import { useConversationBusy } from '../../_hooks/use-active-stream';
import { useChatActions } from '../../_hooks/use-chat-actions';
import { useSettings } from '../../_hooks/use-settings';
import { useModels } from '../../_hooks/use-models';
import { useConnection } from '../../_hooks/use-connection';
import { useProjectPaths, useProjects } from '../../_hooks/use-projects';
import { ChatControllerContext, type ChatController } from './chat-controller';
import { MessageList } from './message-list';
import { Composer } from './composer';
import { ErrorNotice } from './error-notice';
import { ChatHeader } from './chat-header';
import { EmptyChat } from './empty-chat';
import { ConnectionHelp } from '../connection/connection-help';
import { SharedNotice } from '../pwa/shared-notice';
import { useSharedDraft } from '../../_hooks/use-shared-draft';

function toStored(err: unknown): StoredError {
  if (isCodelumiError(err)) return err.toJSON();
  return new CodelumiError('unknown', err instanceof Error ? err.message : String(err)).toJSON();
}

export default function ChatPage() {
  const params = useSearchParams();
  const conversationId = params.get('c') ?? undefined;
  const focusMessageId = params.get('m') ?? undefined;
  const router = useRouter();
  const services = useServices();
  const { db } = services;
  const toasts = useToasts();
  const settings = useSettings();
  const { data: models, refetch: refetchModels } = useModels();
  const connection = useConnection();
  const conversation = useConversation(conversationId);
  const thread = useThread(conversationId, conversation?.leafId);
  const busy = useConversationBusy(conversationId);
  const actions = useChatActions();
  const [error, setError] = useState<StoredError | null>(null);
  /** The error came while an answer streamed (its words differ: the answer, not the draft, is at stake). */
  const [errorInAnswer, setErrorInAnswer] = useState(false);
  const [newChatModel, setNewChatModel] = useState('');
  // A new chat can start in a project (?project=<id>, from the Projects page, or picked in the header).
  const [newChatProject, setNewChatProject] = useState(params.get('project') ?? '');
  useEffect(() => {
    if (!conversationId) setNewChatProject(params.get('project') ?? '');
  }, [conversationId, params]);
  const projects = useProjects();
  const projectId = (conversation ? conversation.projectId : newChatProject) ?? '';
  const project = projects?.find((p) => p.id === projectId);
  const mentionPaths = useProjectPaths(project?.id);
  // The memory worker builds what retrieval reads (past questions, memories, the project's index) while the user types, not after Send
  // (once the conversation, and so its project, is known).
  const memory = services.memory;
  const warmFor = conversationId && conversation === undefined ? undefined : projectId;
  useEffect(() => {
    if (warmFor === undefined) return;
    const warm = () => void memory.warm(warmFor || undefined).catch(() => undefined);
    if (typeof requestIdleCallback !== 'function') {
      const timer = setTimeout(warm, 500);
      return () => clearTimeout(timer);
    }
    const idle = requestIdleCallback(warm, { timeout: 2000 });
    return () => cancelIdleCallback(idle);
  }, [memory, warmFor]);
  const shared = useSharedDraft(conversationId ? null : params.get('share'));

  useEffect(() => setError(null), [conversationId]);

  // What the picker shows is what answers: the chat's own model, else (new chat) the one picked here, else the default, else the first installed.
  const model = (conversation ? conversation.model : newChatModel) || settings?.defaultModel || resolveModel(undefined, models ?? []) || '';

  const report = useCallback((err: unknown, inAnswer = false) => {
    setError(toStored(err));
    setErrorInAnswer(inAnswer);
  }, []);

  // Auto-run: an answer finished in this tab runs its code (Settings decide which).
  const afterAnswer = useRef<(started: StartedAnswer) => void>(() => undefined);

  /**
   * A failed answer shows its error in the thread, stored with it. Storage
   * refusing the answer's own saves cannot be stored there, so it is shown here.
   */
  const followAnswer = useCallback(
    (started: StartedAnswer) => {
      void started.done.then((outcome) => {
        if (outcome.status === 'failed' && outcome.error.code === 'quota:db') report(outcome.error, true);
      });
    },
    [report],
  );

  const watch = useCallback(
    (started: Promise<StartedAnswer>) =>
      started.then(
        (s) => {
          afterAnswer.current(s);
          followAnswer(s);
          return true;
        },
        (err) => {
          report(err);
          return false;
        },
      ),
    [report, followAnswer],
  );

  const lastId = thread && thread.length > 0 ? thread[thread.length - 1].message.id : null;

  /**
   * The model to send with. Just after Ollama comes back the model list may
   * not be loaded yet: load it, rather than report that no model is chosen.
   */
  const modelForSend = useCallback(async () => {
    if (model) return model;
    return resolveModel(undefined, (await refetchModels()).data ?? []) ?? '';
  }, [model, refetchModels]);

  const send = useCallback(
    async (text: string) => {
      setError(null);
      try {
        const started = await actions.send({
          conversationId: conversation?.id,
          parentId: conversation ? lastId : null,
          text,
          // The model the picker shows is the one that answers.
          model: (await modelForSend()) || undefined,
          draftKey: conversation?.id ?? NEW_CHAT_DRAFT,
          projectId: conversation ? undefined : project?.id,
        });
        followAnswer(started);
        if (!conversation) router.replace(`/?c=${started.conversationId}`);
        afterAnswer.current(started);
        return true;
      } catch (err) {
        report(err);
        return false;
      }
    },
    [actions, conversation, lastId, modelForSend, router, report, project?.id, followAnswer],
  );

  const stop = useCallback(() => {
    if (conversationId) actions.stop(conversationId);
  }, [actions, conversationId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && busy && !document.querySelector('dialog[open]')) {
        e.preventDefault();
        stop();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, stop]);

  /** A sender of follow-ups (Fix it, Write tests) at the end of one conversation. */
  const followUpFor = useCallback(
    (id: string) => async (text: string) => {
      setError(null);
      const leaf = (await db.conversations.get(id))?.leafId ?? null;
      try {
        return await actions.send({ conversationId: id, parentId: leaf, text, draftKey: `runner:${id}` });
      } catch (err) {
        report(err);
        throw err;
      }
    },
    [actions, db, report],
  );
  const sendFollowUp = useCallback(
    (text: string) => {
      if (!conversation?.id) return Promise.reject(new CodelumiError('bad_request:ollama', 'This conversation is not saved yet.'));
      return followUpFor(conversation.id)(text);
    },
    [conversation?.id, followUpFor],
  );

  afterAnswer.current = (started: StartedAnswer) => {
    void started.done.then((outcome) => {
      if (outcome.status === 'complete') void services.runner.autoRun(started.conversationId, started.answerId, outcome.content, followUpFor(started.conversationId));
    });
  };

  const controller = useMemo<ChatController>(
    () => ({
      busy,
      sendFollowUp,
      regenerate: (answer: Message, options?: { exclude?: string[] }) => {
        setError(null);
        void watch(actions.regenerate(answer, options));
      },
      continueAnswer: (answer: Message) => {
        setError(null);
        void watch(actions.continueAnswer(answer));
      },
      edit: (question: Message, text: string) => {
        setError(null);
        return watch(actions.edit(question, text));
      },
      selectBranch: (messageId: string) => {
        if (conversationId) void selectBranch(db, conversationId, messageId).catch(report);
      },
      recordCopy: (message, what, extra) => {
        services.report({ kind: 'copy', conversationId: message.conversationId, messageId: message.id, at: Date.now(), data: { what, ...extra } });
      },
    }),
    [busy, actions, watch, conversationId, db, report, services, sendFollowUp],
  );

  const changeModel = (next: string) => {
    if (conversation) {
      void updateConversationOptions(db, conversation.id, { model: next }).catch(report);
      toasts.show({ text: `This chat now answers with ${next}` });
    } else {
      setNewChatModel(next);
    }
  };

  const changeProject = (next: string) => {
    if (!conversation) {
      setNewChatProject(next);
      return;
    }
    const name = projects?.find((p) => p.id === next)?.name;
    void setConversationProject(db, conversation.id, next || undefined)
      .then(() => toasts.show({ text: name ? `This chat now uses the project ${name}` : 'This chat no longer uses a project' }))
      .catch(report);
  };

  const notFound = conversationId && conversation === null;
  const state = connection.data;
  const showConnectionHelp = state && state.status !== 'ready' && (!thread || thread.length === 0);

  return (
    <ChatControllerContext.Provider value={controller}>
      <ChatHeader
        conversation={conversation ?? undefined}
        model={model}
        onModelChange={changeModel}
        projectId={project?.id ?? ''}
        onProjectChange={changeProject}
      />
      <main className="flex min-h-0 flex-1 flex-col">
        {notFound ? (
          <div className="flex flex-1 flex-col items-center justify-center gap-3 p-6 text-center">
            <p className="text-lg font-medium">This conversation does not exist anymore.</p>
            <button type="button" onClick={() => router.push('/')} className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg">
              Start a new chat
            </button>
          </div>
        ) : (
          <>
            {state && state.status !== 'ready' && thread && thread.length > 0 && (
              <div className="mx-auto w-full max-w-3xl px-4 pt-3">
                <ConnectionHelp state={state} onRetry={() => void connection.refetch()} retrying={connection.isFetching} />
              </div>
            )}
            {thread && thread.length > 0 && conversationId ? (
              <MessageList conversationId={conversationId} thread={thread} focusMessageId={focusMessageId} />
            ) : (
              <div className="min-h-0 flex-1 overflow-y-auto">
                <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-8">
                  {showConnectionHelp ? (
                    <ConnectionHelp state={state} onRetry={() => void connection.refetch()} retrying={connection.isFetching} />
                  ) : (
                    conversationId === undefined && <EmptyChat />
                  )}
                </div>
              </div>
            )}
            {error && (
              <div className="mx-auto w-full max-w-3xl px-4 pb-2">
                <ErrorNotice error={error} hasPartial={errorInAnswer} onDismiss={() => setError(null)} />
              </div>
            )}
            {shared.notice && !conversationId && (
              <div className="mx-auto w-full max-w-3xl px-4 pb-2">
                <SharedNotice notice={shared.notice} onDismiss={shared.dismiss} />
              </div>
            )}
            <Composer
              key={shared.draftVersion}
              draftKey={conversation?.id ?? conversationId ?? NEW_CHAT_DRAFT}
              busy={busy}
              onSend={send}
              onStop={stop}
              mentions={project && mentionPaths ? { projectName: project.name, paths: mentionPaths } : undefined}
            />
          </>
        )}
      </main>
    </ChatControllerContext.Provider>
  );
}
