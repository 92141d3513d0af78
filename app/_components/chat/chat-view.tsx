'use client';
/** The chat view: the header and the thread of one conversation (or a new chat), over the page's ChatSession. */
import { useEffect, useRef } from 'react';
import { useSearchParams } from 'next/navigation';
import { NEW_CHAT_DRAFT } from '@/lib/db/drafts';
import { chooseModel, resolveModel } from '@/lib/ollama/models';
import { scheduleWarmUp } from '@/lib/chat/warm-up';
import { ownModel } from '@/lib/chat/session';
import { useServices } from '../services';
import { useConversation } from '../../_hooks/use-conversations';
import { useThread } from '../../_hooks/use-thread';
import { useConversationBusy } from '../../_hooks/use-active-stream';
import { useSettings } from '../../_hooks/use-settings';
import { useModels } from '../../_hooks/use-models';
import { useProjectPaths, useProjects } from '../../_hooks/use-projects';
import { useStableCallback } from '../../_hooks/use-stable-callback';
import { ChatControllerContext } from './chat-controller';
import { ChatHeader } from './chat-header';
import { ChatBody } from './chat-body';
import { useChatController, useChatSession, useEscapeStops } from './use-chat-session';

/**
 * The chat of `conversationId` (undefined: a new chat). `onOpen` shows a new
 * chat once it is stored (by default its address, `?c=<id>`).
 */
export function ChatView({ conversationId, onOpen }: { conversationId?: string; onOpen?: (id: string) => void }) {
  const params = useSearchParams();
  const { analysis, temporary } = useServices();
  const settings = useSettings();
  const { data: models, refetch: refetchModels } = useModels();
  // undefined while it loads, null when there is no such conversation.
  const found = useConversation(conversationId);
  const conversation = found ?? undefined;
  const loading = !!conversationId && found === undefined;
  const thread = useThread(conversationId, conversation?.leafId);
  const busy = useConversationBusy(conversationId);
  const { session, state } = useChatSession(params.get('project') ?? '', onOpen);
  useEffect(() => session.show(conversationId, params.get('project') ?? ''), [session, conversationId, params]);

  // A new chat can start in a project (?project=<id>, from the Projects page, or picked in the header).
  const projects = useProjects();
  const projectId = (conversation ? conversation.projectId : state.newChatProject) ?? '';
  const project = projects?.find((p) => p.id === projectId);
  const mentionPaths = useProjectPaths(project?.id);

  // The analysis worker builds what retrieval reads while the user types, not after Send
  // (once the conversation, and so its project, is known).
  const warmFor = loading ? undefined : projectId;
  useEffect(() => (warmFor === undefined ? undefined : scheduleWarmUp(analysis, warmFor)), [analysis, warmFor]);

  // What the picker shows is what answers (one rule, chooseModel, for the page and the actions).
  const own = ownModel(state, conversation);
  const model = chooseModel(own, settings?.defaultModel, () => resolveModel(undefined, models ?? []));

  // A question sent before the conversation and its thread are loaded waits for them: sent without them, it would
  // start a new chat (or a new branch at the top of this one).
  const ready = !conversationId || (found !== undefined && thread !== undefined);
  const readyWaiters = useRef<(() => void)[]>([]);
  useEffect(() => {
    if (ready) for (const resume of readyWaiters.current.splice(0)) resume();
  }, [ready]);
  const sendNow = useStableCallback((text: string) =>
    session.send(
      {
        conversation,
        lastId: thread && thread.length > 0 ? thread[thread.length - 1].message.id : null,
        thread: thread?.map((e) => e.message),
        model,
        projectId: project?.id,
        // Just after Ollama comes back the model list may not be loaded yet: load it, rather than report no model.
        // A list still loading (a question asked as the page opens) is waited for, not asked for again.
        loadModel: async () =>
          resolveModel(undefined, (await refetchModels({ cancelRefetch: false })).data ?? []) ?? '',
      },
      text,
    ),
  );
  const send = useStableCallback(async (text: string) => {
    if (!ready) await new Promise<void>((resume) => readyWaiters.current.push(resume));
    return sendNow(text);
  });
  const stop = useStableCallback(() => session.stop(conversationId));
  useEscapeStops(busy, stop);
  const controller = useChatController(session, conversationId, conversation, busy);

  return (
    <ChatControllerContext.Provider value={controller}>
      <ChatHeader
        conversation={conversation}
        loading={loading}
        model={model}
        // While the conversation loads a pick would go to the next new chat instead.
        onModelChange={(next) => loading || session.changeModel(conversation, next)}
        projectId={project?.id ?? ''}
        onProjectChange={(next) =>
          loading || session.changeProject(conversation, next, projects?.find((p) => p.id === next)?.name)
        }
      />
      <ChatBody
        conversationId={conversationId}
        notFound={!!conversationId && found === null}
        focusMessageId={params.get('m') ?? undefined}
        thread={thread}
        error={state.error}
        errorInAnswer={state.errorInAnswer}
        onDismissError={session.dismissError}
        share={conversationId || temporary ? null : params.get('share')}
        composer={{
          draftKey: conversation?.id ?? conversationId ?? NEW_CHAT_DRAFT,
          busy,
          onSend: send,
          onStop: stop,
          mentions: project && mentionPaths ? { projectName: project.name, paths: mentionPaths } : undefined,
        }}
      />
    </ChatControllerContext.Provider>
  );
}
