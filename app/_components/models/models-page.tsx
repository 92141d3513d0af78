'use client';
/**
 * The Models page: what Ollama has installed (with the facts to choose by),
 * what is loaded now, pulling new models with live progress, deleting, the
 * default model for new chats, and the user's own models (personal-model-card).
 */
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ModelInfo } from '@/lib/ollama/models';
import { canChat, formatBytes } from '@/lib/ollama/models';
import { createOllamaClient, fetchWithin } from '@/lib/ollama/client';

import { setSetting } from '@/lib/db/settings';
import { PageHeader } from '../page-header';
import { useKnownModels, useModels, useRefreshModels } from '../../_hooks/use-models';
import { lastKnownLabel } from '@/lib/pwa/last-known';
import { useConnection } from '../../_hooks/use-connection';
import { useSettings } from '../../_hooks/use-settings';
import { usePulls } from '../../_hooks/use-pulls';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { ConnectionHelp } from '../connection/connection-help';
import { ConfirmDialog } from '../confirm-dialog';
import { PullProgressRow } from './pull-progress';
import { RecommendedModels } from './recommended-models';
import { PersonalModelCard } from './personal-model-card';
import { CompareSection, WinRate } from './compare-section';
import { openChecks } from './check-open';
import { useStore } from '../../_hooks/use-store';
import { DownloadIcon, RefreshIcon, TrashIcon } from '../icons';
import { DefaultBadge } from './default-badge';
import { queryKeys } from '@/lib/services/query-keys';

/** A delete that Ollama never answers ends with an error instead of a button that waits forever. */
const DELETE_TIME_LIMIT_MS = 30_000;

function relativeExpiry(iso?: string): string | undefined {
  if (!iso) return undefined;
  const ms = new Date(iso).getTime() - Date.now();
  if (!Number.isFinite(ms)) return undefined;
  if (ms > 365 * 86_400_000) return 'stays loaded';
  if (ms <= 0) return 'unloading';
  const min = Math.round(ms / 60_000);
  return min < 1 ? 'unloads in under a minute' : `unloads in ${min} min`;
}

function ModelRow({
  model,
  isDefault,
  onDelete,
  hideLoaded,
}: {
  model: ModelInfo;
  isDefault: boolean;
  onDelete: (m: ModelInfo) => void;
  /** A model check is open: which model is in memory would tell which one just answered. */
  hideLoaded: boolean;
}) {
  const { db } = useServices();
  const toasts = useToasts();
  const chat = canChat(model);
  return (
    <li className="rounded-xl border border-border bg-panel p-4" data-model={model.name}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-sm font-semibold">{model.name}</span>
        {isDefault && <DefaultBadge />}
        {model.loaded && !hideLoaded && (
          <span
            className="rounded-full bg-ok-soft px-2 py-0.5 text-xs font-medium text-ok"
            title={relativeExpiry(model.expiresAt)}
          >
            In memory{model.sizeVram ? ` · ${formatBytes(model.sizeVram)}` : ''}
            {relativeExpiry(model.expiresAt) ? ` · ${relativeExpiry(model.expiresAt)}` : ''}
          </span>
        )}
        <div className="ml-auto flex gap-2">
          {!isDefault && chat && (
            <button
              type="button"
              onClick={() =>
                void setSetting(db, 'defaultModel', model.name).then(
                  () => toasts.show({ text: `${model.name} is now the default for new chats` }),
                  () => toasts.show({ tone: 'error', text: 'Could not save the default model.' }),
                )
              }
              className="rounded-md border border-border bg-bg px-2.5 py-1 text-xs font-medium hover:bg-subtle"
            >
              Make default
            </button>
          )}
          <button
            type="button"
            onClick={() => onDelete(model)}
            className="inline-flex items-center gap-1 rounded-md border border-border bg-bg px-2.5 py-1 text-xs font-medium text-danger hover:bg-danger-soft"
            aria-label={`Delete ${model.name}`}
          >
            <TrashIcon className="h-3.5 w-3.5" /> Delete
          </button>
        </div>
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-xs sm:grid-cols-3 lg:grid-cols-6">
        {[
          ['Family', model.family || '—'],
          ['Parameters', model.parameterSize || '—'],
          ['Quantization', model.quantization || '—'],
          ['Size on disk', formatBytes(model.sizeBytes)],
          ['Context', model.contextLength ? `${model.contextLength.toLocaleString('en')} tokens` : '—'],
          ['Can', model.capabilities.length ? model.capabilities.join(', ') : '—'],
        ].map(([k, v]) => (
          <div key={k}>
            <dt className="text-muted">{k}</dt>
            <dd className="font-medium">{v}</dd>
          </div>
        ))}
      </dl>
      <WinRate candidate={model.name} />
    </li>
  );
}

export default function ModelsPage() {
  const settings = useSettings();
  const connection = useConnection();
  const models = useModels();
  const known = useKnownModels();
  const refresh = useRefreshModels();
  const pulls = usePulls();
  const { pulls: manager } = useServices();
  const toasts = useToasts();
  const [name, setName] = useState('');
  const [toDelete, setToDelete] = useState<ModelInfo | null>(null);
  const queryClient = useQueryClient();
  const checking = useStore(openChecks) > 0;

  // Which models are loaded changes with every chat: opening this page never shows a list from before.
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.models.all });
  }, [queryClient]);
  const state = connection.data;
  const reachable = state?.status === 'ready' || state?.status === 'no-models';

  const remove = async (model: ModelInfo) => {
    setToDelete(null);
    try {
      await createOllamaClient(settings!.ollamaHost, fetchWithin(DELETE_TIME_LIMIT_MS)).delete({ model: model.name });
      toasts.show({ text: `Deleted ${model.name}` });
    } catch (err) {
      toasts.show({
        tone: 'error',
        text: `Could not delete ${model.name}: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
    refresh();
  };

  const list = models.data ?? [];
  return (
    <>
      <PageHeader title="Models">
        <button
          type="button"
          onClick={refresh}
          className="inline-flex items-center gap-1.5 rounded-md border border-border px-2.5 py-1 text-sm hover:bg-subtle"
        >
          <RefreshIcon className={`h-4 w-4 ${models.isFetching ? 'animate-spin' : ''}`} /> Refresh
        </button>
      </PageHeader>
      <main className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto w-full max-w-4xl space-y-6 px-4 py-6">
          <p className="text-sm text-muted">
            Ollama at <code className="font-mono">{settings?.ollamaHost}</code>
            {state?.status === 'ready' || state?.status === 'no-models' ? ` · version ${state.version}` : ''}
          </p>
          {state && state.status !== 'ready' && state.status !== 'no-models' && (
            <ConnectionHelp state={state} onRetry={() => void connection.refetch()} retrying={connection.isFetching} />
          )}

          <section aria-labelledby="pull-title" className="space-y-3">
            <h2 id="pull-title" className="text-sm font-semibold">
              Download a model
            </h2>
            <form
              className="flex gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                if (!name.trim()) return;
                manager.start(name.trim());
                setName('');
              }}
            >
              <input
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="Model name, e.g. qwen2.5-coder:7b"
                aria-label="Model to download"
                disabled={!reachable}
                className="min-w-0 flex-1 rounded-lg border border-border bg-bg px-3 py-2 font-mono text-sm disabled:opacity-50"
              />
              <button
                type="submit"
                disabled={!reachable || !name.trim()}
                className="inline-flex items-center gap-1.5 rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg disabled:opacity-50"
              >
                <DownloadIcon /> Pull
              </button>
            </form>
            {pulls.length > 0 && (
              <div className="space-y-2">
                {pulls.map((p) => (
                  <PullProgressRow key={p.model} state={p} />
                ))}
              </div>
            )}
          </section>

          <PersonalModelCard
            models={list}
            reachable={reachable}
            ollamaVersion={reachable ? state.version : undefined}
            onChanged={refresh}
          />

          <section aria-labelledby="installed-title" className="space-y-3">
            <h2 id="installed-title" className="text-sm font-semibold">
              Installed{list.length ? ` (${list.length})` : ''}
            </h2>
            {(!reachable || models.isPlaceholderData) && list.length > 0 && (
              <p className="text-sm text-muted" data-testid="models-last-known">
                {lastKnownLabel(
                  models.isPlaceholderData ? known?.savedAt : models.dataUpdatedAt || known?.savedAt,
                  reachable,
                )}
              </p>
            )}
            {models.isError && (
              <p className="text-sm text-danger">
                Could not list the models: {String(models.error?.message ?? models.error)}
              </p>
            )}
            {reachable && models.isSuccess && list.length === 0 && (
              <div className="rounded-xl border border-border bg-panel p-4">
                <p className="text-sm">No models yet. Start with one of these:</p>
                <RecommendedModels />
              </div>
            )}
            <ul className="space-y-3">
              {list.map((m) => (
                <ModelRow
                  key={m.name}
                  model={m}
                  isDefault={settings?.defaultModel === m.name}
                  onDelete={setToDelete}
                  hideLoaded={checking}
                />
              ))}
            </ul>
          </section>
          <CompareSection />
        </div>
      </main>
      <ConfirmDialog
        open={!!toDelete}
        title={`Delete ${toDelete?.name ?? ''}?`}
        body={`This removes the model from Ollama and frees ${toDelete ? formatBytes(toDelete.sizeBytes) : ''} on disk. Your conversations are kept; you can pull the model again later.`}
        confirmLabel="Delete model"
        danger
        onConfirm={() => toDelete && void remove(toDelete)}
        onCancel={() => setToDelete(null)}
      />
    </>
  );
}
