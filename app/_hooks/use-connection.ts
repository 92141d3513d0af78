'use client';
import { useQuery } from '@tanstack/react-query';
import { checkConnection, type ConnectionState } from '@/lib/ollama/connection';
import { queryKeys } from '@/lib/services/query-keys';
import { useServices } from '../_components/services';
import { useSettings } from './use-settings';

/** Ollama's state for the configured host, checked on load and every few seconds (faster while not ready). */
export function useConnection() {
  const settings = useSettings();
  const { origin } = useServices();
  const host = settings?.ollamaHost;
  return useQuery<ConnectionState>({
    queryKey: queryKeys.connection.at(host),
    queryFn: () => checkConnection(host!, origin),
    enabled: !!host,
    refetchInterval: (q) => (q.state.data?.status === 'ready' ? 15_000 : 4_000),
    refetchOnWindowFocus: true,
    retry: false,
    networkMode: 'always',
  });
}
