'use client';
import { useCallback, useMemo } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Message } from '@/lib/core/records';
import { DEFAULT_SETTINGS } from '@/lib/db/settings';
import { continueAnswer, editAndResend, regenerate, sendMessage } from '@/lib/chat/actions';
import type { ChatDeps, StartedAnswer } from '@/lib/chat/turn';
import type { SendRequest } from '@/lib/chat/session';
import { checkConnection, type ConnectionState } from '@/lib/ollama/connection';
import { resolveModel } from '@/lib/ollama/models';
import { CodelumiError } from '@/lib/core/errors';
import { queryKeys } from '@/lib/services/query-keys';
import { useServices } from '../_components/services';
import { useSettings } from './use-settings';
import { useModels } from './use-models';

/**
 * The chat actions bound to this tab's services and settings. Each action
 * resolves once the question is stored and the answer has started; errors
 * that stop it from starting (Ollama down, overflow, storage full) reject.
 */
export function useChatActions() {
  const services = useServices();
  const settings = useSettings() ?? DEFAULT_SETTINGS;
  const models = useModels().data;
  const queryClient = useQueryClient();

  const ctx = useMemo<ChatDeps>(
    () => ({
      db: services.db,
      host: settings.ollamaHost,
      origin: services.origin,
      streams: services.streams,
      settings,
      modelFacts: (name) => models?.find((m) => m.name === name),
      fallbackModel: () => resolveModel(undefined, models ?? []),
      retrieve: (input) => services.analysis.retrieve(input),
      report: services.report,
      locks: globalThis.navigator?.locks,
    }),
    [services, settings, models],
  );

  /**
   * Refuses early, keeping the draft, when Ollama is known to be down or blocking this page.
   * The connection is read from the query cache when asked, not subscribed to: its result
   * changes on every refetch, and the actions should not (they are handed to every message on screen).
   */
  const ensureReachable = useCallback(async () => {
    const connection = queryKeys.connection.at(settings.ollamaHost);
    const known = () => queryClient.getQueryData<ConnectionState>(connection)?.status;
    if (known() === 'ready') return;
    // A check already under way (the page has just opened) is waited for rather than made again.
    if (queryClient.getQueryState(connection)?.fetchStatus === 'fetching') {
      await queryClient.refetchQueries({ queryKey: connection, exact: true }, { cancelRefetch: false });
      if (known() === 'ready') return;
    }
    const fresh = await checkConnection(settings.ollamaHost, services.origin);
    void queryClient.refetchQueries({ queryKey: connection, exact: true });
    if (fresh.status === 'unreachable') {
      throw new CodelumiError('unreachable:ollama', `Ollama is not reachable at ${settings.ollamaHost}.`, {
        host: settings.ollamaHost,
      });
    }
    if (fresh.status === 'blocked') {
      throw new CodelumiError('blocked:cors', 'Ollama does not allow requests from this page.', {
        host: settings.ollamaHost,
        origin: services.origin,
      });
    }
  }, [queryClient, settings.ollamaHost, services.origin]);

  return useMemo(
    () => ({
      ctx,
      send: async (input: SendRequest) =>
        // The check (a round trip to Ollama when its state is not known yet, as when the page has just opened)
        // runs while the question's history is read; nothing is written before it passes.
        sendMessage(ctx, { ...input, reachable: ensureReachable() }),
      regenerate: async (answer: Message, options?: { model?: string; exclude?: string[] }): Promise<StartedAnswer> => {
        await ensureReachable();
        return regenerate(ctx, answer, options);
      },
      edit: async (question: Message, text: string): Promise<StartedAnswer> => {
        await ensureReachable();
        return editAndResend(ctx, question, text);
      },
      continueAnswer: async (answer: Message): Promise<StartedAnswer> => {
        await ensureReachable();
        return continueAnswer(ctx, answer);
      },
      stop: (conversationId: string) => services.streams.abortConversation(conversationId),
    }),
    [ctx, ensureReachable, services.streams],
  );
}
