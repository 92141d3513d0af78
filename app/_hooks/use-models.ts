'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createOllamaClient } from '@/lib/ollama/client';
import { listModels, type ModelInfo } from '@/lib/ollama/models';
import { useSettings } from './use-settings';
import { useConnection } from './use-connection';

export const modelsKey = (host: string | undefined) => ['models', host] as const;

/** Installed models with details, refreshed while Ollama is reachable; the last list stays while it is not. */
export function useModels() {
  const settings = useSettings();
  const connection = useConnection();
  const host = settings?.ollamaHost;
  const reachable = connection.data?.status === 'ready' || connection.data?.status === 'no-models';
  return useQuery<ModelInfo[]>({
    queryKey: modelsKey(host),
    queryFn: () => listModels(createOllamaClient(host!)),
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
    void queryClient.invalidateQueries({ queryKey: ['models'] });
    void queryClient.invalidateQueries({ queryKey: ['connection'] });
  };
}
