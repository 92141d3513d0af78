'use client';
/**
 * "Create my model": a name, the base, a preview of exactly what goes in
 * (the system text as it will be sent, the example questions), then the
 * create with its status line, and every failure in words with what to do.
 */
import { useState } from 'react';
import type { ModelInfo } from '@/lib/ollama/models';
import { describeError } from '@/lib/core/errors-text';
import type { CreateStatus } from '@/lib/ollama/create-model';
import { createPersonalModel } from '@/lib/personal/create';
import { familyOf, isPersonalModelName } from '@/lib/personal/naming';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { useSettings } from '../../_hooks/use-settings';
import { usePulls } from '../../_hooks/use-pulls';
import { useCreation, usePersonalPreview } from '../../_hooks/use-personal-models';
import { CreationError, ModelDialog } from './model-dialog';
import { PullProgressRow } from './pull-progress';
import { RecommendedModels } from './recommended-models';
import { BaseSelect, baseChoices } from './base-select';

/** The words for a create's status line. */
function statusText(s: CreateStatus | undefined): string {
  if (!s) return 'Starting…';
  if (s.status === 'success') return 'Created.';
  if (s.status.startsWith('pulling') && s.total)
    return `Downloading the base: ${Math.floor(((s.completed ?? 0) / s.total) * 100)}%`;
  return `${s.status.charAt(0).toUpperCase()}${s.status.slice(1)}…`;
}

export function CreateModelDialog({
  open,
  models,
  onClose,
  onCreated,
}: {
  open: boolean;
  models: readonly ModelInfo[];
  onClose: () => void;
  onCreated: () => void;
}) {
  const { db, pulls } = useServices();
  const settings = useSettings();
  const toasts = useToasts();
  const active = usePulls();
  const choices = baseChoices(models);
  const [name, setName] = useState('me');
  // The user's pick while it is installed; otherwise the default model (unless it is a personal one), else the first.
  const [picked, setBase] = useState('');
  const preferred = settings?.defaultModel && !isPersonalModelName(settings.defaultModel) ? settings.defaultModel : '';
  const base = [picked, preferred].find((n) => n && choices.some((m) => m.name === n)) ?? choices[0]?.name ?? '';
  const creation = useCreation<CreateStatus>();
  const chosen = choices.find((m) => m.name === base);
  const preview = usePersonalPreview(
    name,
    base,
    chosen?.contextLength,
    models.map((m) => m.name),
  );
  const missingBase = creation.error?.code === 'not_found:base' ? (creation.error.details.model ?? base) : undefined;
  const pull = missingBase ? active.find((p) => p.model === missingBase) : undefined;
  const error = creation.error ? describeError(creation.error) : undefined;

  const create = async () => {
    const row = await creation.run((onStatus) =>
      createPersonalModel(db, { host: settings!.ollamaHost, name, base, onStatus, origin: location.origin }),
    );
    if (!row) return;
    toasts.show({ text: `Created ${row.name}` });
    onCreated();
    onClose();
  };

  const examples = preview ? preview.request.messages.filter((m) => m.role === 'user') : [];
  return (
    <ModelDialog
      open={open}
      title="Create my model"
      titleId="create-model-title"
      busy={creation.running}
      onClose={onClose}
    >
      <p className="mt-1 text-sm text-muted">
        A model of your own in Ollama: the base you choose, with what Codelumi learned about you as its system prompt
        and a few of your best-received answers as examples. It works in any tool that uses your Ollama.
      </p>
      {choices.length === 0 ? (
        <div className="mt-4 rounded-lg border border-border bg-panel p-3 text-sm">
          <p>No chat model is installed to build on. Download one first:</p>
          <RecommendedModels />
        </div>
      ) : (
        <form
          className="mt-4 space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (!creation.running && base) void create();
          }}
        >
          <div className="grid gap-3 sm:grid-cols-2">
            <label className="block text-sm">
              <span className="font-medium">Name</span>
              <input
                value={name}
                onChange={(e) => setName(e.target.value)}
                disabled={creation.running}
                maxLength={60}
                className="mt-1 w-full rounded-lg border border-border bg-bg px-3 py-2 text-sm"
              />
            </label>
            <BaseSelect choices={choices} value={base} onChange={setBase} disabled={creation.running} />
          </div>
          <p className="text-sm">
            Will be created as{' '}
            <code className="font-mono font-semibold">{preview?.request.model ?? `${familyOf(name)}:v…`}</code>
            {preview ? ` with a context window of ${preview.request.parameters.num_ctx} tokens.` : ''}
          </p>
          {preview && (
            <section
              aria-label="What goes in"
              className="space-y-3 rounded-lg border border-border bg-panel p-3 text-sm"
            >
              {preview.sections.length === 0 && examples.length === 0 ? (
                <p data-testid="personal-nothing-learned">
                  Codelumi has not learned anything about you yet, so this would be a copy of {base} with only a context
                  window set. State what you like in a chat (“I prefer TypeScript with strict types”), correct answers,
                  or use the answers that work: they go in here.
                </p>
              ) : (
                <>
                  {preview.sections.map((s) => (
                    <div key={s.heading}>
                      <h3 className="font-medium">{s.heading}</h3>
                      <ul className="mt-1 list-disc space-y-0.5 pl-5">
                        {s.lines.map((l) => (
                          <li key={l.memoryId}>{l.text}</li>
                        ))}
                      </ul>
                    </div>
                  ))}
                  {examples.length > 0 && (
                    <div>
                      <h3 className="font-medium">
                        Example questions ({examples.length}), with the answers that worked
                      </h3>
                      <ul className="mt-1 list-disc space-y-0.5 pl-5">
                        {examples.map((m, i) => (
                          <li key={i}>
                            <span className="line-clamp-2">{m.content}</span>
                          </li>
                        ))}
                      </ul>
                    </div>
                  )}
                  {preview.request.system && (
                    <details>
                      <summary className="cursor-pointer font-medium">The system text as it will be sent</summary>
                      <pre
                        data-testid="personal-system-preview"
                        className="mt-2 max-h-60 overflow-auto whitespace-pre-wrap rounded-md bg-bg p-2 font-mono text-xs"
                      >
                        {preview.request.system}
                      </pre>
                    </details>
                  )}
                </>
              )}
              <p className="text-xs text-muted">
                Nothing from chats you kept out of learning, put in the bin or deleted goes in.
                {preview.request.system &&
                  ' In Codelumi’s own chats your memories reach the model as always; the system text is what the model carries to other tools.'}
              </p>
            </section>
          )}
          {creation.running && (
            <p role="status" className="text-sm" data-testid="personal-create-status">
              {statusText(creation.progress)}
            </p>
          )}
          {error && (
            <CreationError title={error.title} body={error.body} command={error.command}>
              {missingBase && !pull && (
                <button
                  type="button"
                  onClick={() => pulls.start(missingBase)}
                  className="mt-2 rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg"
                >
                  Download {missingBase}
                </button>
              )}
              {pull && (
                <div className="mt-2">
                  <PullProgressRow state={pull} />
                </div>
              )}
            </CreationError>
          )}
          <div className="flex justify-end gap-2">
            <button
              type="button"
              onClick={onClose}
              disabled={creation.running}
              className="rounded-md px-3 py-1.5 text-sm hover:bg-subtle disabled:opacity-50"
            >
              {creation.running ? 'Creating…' : 'Cancel'}
            </button>
            <button
              type="submit"
              disabled={creation.running || !base || !preview}
              className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg disabled:opacity-50"
            >
              {creation.error ? 'Try again' : 'Create'}
            </button>
          </div>
        </form>
      )}
    </ModelDialog>
  );
}
