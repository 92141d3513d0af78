'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { listModelsAt, type ModelInfo } from '@/lib/ollama/models';
import { lastKnownModels, rememberModels } from '@/lib/db/known-models';
import type { KnownModels } from '@/lib/core/records';
import { queryKeys } from '@/lib/services/query-keys';
import { useServices } from '../_components/services';
import { useSettings } from './use-settings';
import { useConnection } from './use-connection';
import { useKeyedLiveQuery } from './use-keyed-live-query';

/** The last model list stored for the configured host (undefined while loading or when none was ever seen). */
export function useKnownModels(): KnownModels | undefined {
  const { db } = useServices();
  const host = useSettings()?.ollamaHost;
  // Never the list of the host before (the address just changed in Settings).
  return useKeyedLiveQuery(host ?? '', async () => (host ? lastKnownModels(db, host) : undefined), [db]);
}

/**
 * Installed models with details, refreshed while Ollama is reachable. Until a
 * fresh list arrives (Ollama or the network down, even after a reload) the
 * last known list stands in, with `isPlaceholderData` set.
 */
export function useModels() {
  const { db } = useServices();
  const settings = useSettings();
  const connection = useConnection();
  const known = useKnownModels();
  const host = settings?.ollamaHost;
  const reachable = connection.data?.status === 'ready' || connection.data?.status === 'no-models';
  return useQuery<ModelInfo[]>({
    queryKey: queryKeys.models.at(host),
    queryFn: async () => {
      const models = await listModelsAt(host!);
      // Only the offline copy is at stake: the fresh list is shown either way, and the next refresh tries again.
      await rememberModels(db, host!, models).catch(() => undefined);
      return models;
    },
    placeholderData: known?.models.map((m) => ({ ...m, loaded: false })),
    enabled: !!host && reachable,
    refetchInterval: reachable ? 20_000 : false,
    staleTime: 5_000,
    retry: 1,
    networkMode: 'always',
  });
}

/** Refreshes models and connection after the user changed them (pull, delete). */
export function useRefreshModels() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.models.all });
    void queryClient.invalidateQueries({ queryKey: queryKeys.connection.all });
  };
}
