'use client';
/**
 * "Create my model": a name, the base, a preview of exactly what goes in
 * (the system text as it will be sent, each example question and answer in
 * full), a check for secrets and personal data in it, then the create of
 * that very request with its status line, and every failure in words.
 */
import { useRef, useState } from 'react';
import type { ModelInfo } from '@/lib/ollama/models';
import type { CreateStatus } from '@/lib/ollama/create-model';
import type { BuiltPersonalModel } from '@/lib/personal/build';
import { createPersonalModel } from '@/lib/personal/create';
import { describeCreateError } from '@/lib/personal/error-text';
import { baseChoices, chooseBase } from '@/lib/personal/bases';
import { familyOf } from '@/lib/personal/naming';
import { privateDataIn, withPlaceholders, type PrivateDataSpot } from '@/lib/personal/private-data';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { useSettings } from '../../_hooks/use-settings';
import { usePulls } from '../../_hooks/use-pulls';
import { useCreation, usePersonalPreview } from '../../_hooks/use-personal-models';
import { CreationError, DialogActions, ModelDialog } from './model-dialog';
import { PullProgressRow } from './pull-progress';
import { RecommendedModels } from './recommended-models';
import { BaseSelect } from './base-select';
import { PersonalPreview } from './personal-preview';
import { PrivateDataWarning, type PrivateDataChoice } from './private-data-warning';

/** The words for a create's status line. */
function statusText(s: CreateStatus | undefined): string {
  if (!s) return 'Starting…';
  if (s.status === 'success') return 'Created.';
  if (s.status.startsWith('pulling') && s.total)
    return `Downloading the base: ${Math.floor(((s.completed ?? 0) / s.total) * 100)}%`;
  return `${s.status.charAt(0).toUpperCase()}${s.status.slice(1)}…`;
}

/**
 * The "Create my model" dialog: name, base, the preview of exactly what is
 * sent, a warning with placeholders when that holds private data, and the
 * create with its status and errors. What the user saw is what is sent.
 */
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
  const [picked, setBase] = useState('');
  const base = chooseBase(picked, settings?.defaultModel, choices);
  const creation = useCreation<CreateStatus>();
  // The request held back by the private-data warning, exactly as previewed when the user clicked Create.
  const [pending, setPending] = useState<{ approved: BuiltPersonalModel; spots: PrivateDataSpot[]; host: string }>();
  // Closing clears the error and any held warning, so the dialog opened again starts clean.
  const close = () => {
    creation.reset();
    setPending(undefined);
    onClose();
  };
  const chosen = choices.find((m) => m.name === base);
  const preview = usePersonalPreview(
    name,
    base,
    chosen?.contextLength,
    models.map((m) => m.name),
  );
  const missingBase = creation.error?.code === 'not_found:base' ? (creation.error.details.model ?? base) : undefined;
  const pull = missingBase ? active.find((p) => p.model === missingBase) : undefined;
  const error = creation.error ? describeCreateError(creation.error) : undefined;

  // The running create's stop: the Stop button and Esc abort it through this.
  const stopper = useRef<AbortController | undefined>(undefined);
  const stop = () => stopper.current?.abort();

  const send = async (approved: BuiltPersonalModel, host: string) => {
    const controller = new AbortController();
    stopper.current = controller;
    const row = await creation.run((onStatus) =>
      createPersonalModel(db, {
        host,
        name,
        base,
        approved,
        onStatus,
        origin: location.origin,
        signal: controller.signal,
      }),
    );
    stopper.current = undefined;
    if (!row) return;
    toasts.show({ text: `Created ${row.name}` });
    onCreated();
    close();
  };

  // Create: the preview as it is on screen now, held back for the user's choice when the anonymizer finds something.
  const create = async () => {
    if (!preview || !settings) return;
    const spots = privateDataIn(preview.request);
    if (spots.length > 0) setPending({ approved: preview, spots, host: settings.ollamaHost });
    else await send(preview, settings.ollamaHost);
  };

  const choose = async (how: PrivateDataChoice) => {
    const held = pending;
    setPending(undefined);
    if (!held || how === 'cancel') return;
    const approved =
      how === 'replace' ? { ...held.approved, request: withPlaceholders(held.approved.request) } : held.approved;
    await send(approved, held.host);
  };
  return (
    <ModelDialog
      open={open}
      title="Create my model"
      titleId="create-model-title"
      busy={creation.running}
      onStop={stop}
      onClose={close}
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
            if (!creation.running && !pending && base) void create();
          }}
        >
          <div className="grid gap-3 sm:grid-cols-2">
            <label className="block text-sm">
              <span className="font-medium">Name</span>
              <input
                value={name}
                onChange={(e) => setName(e.target.value)}
                disabled={creation.running || !!pending}
                maxLength={60}
                className="mt-1 w-full rounded-lg border border-border bg-bg px-3 py-2 text-sm"
              />
            </label>
            <BaseSelect choices={choices} value={base} onChange={setBase} disabled={creation.running || !!pending} />
          </div>
          <p className="text-sm">
            Will be created as{' '}
            <code className="font-mono font-semibold">{preview?.request.model ?? `${familyOf(name)}:v…`}</code>
            {preview ? ` with a context window of ${preview.request.parameters.num_ctx} tokens.` : ''}
          </p>
          {preview && <PersonalPreview preview={preview} base={base} />}
          {pending && (
            <PrivateDataWarning spots={pending.spots} host={pending.host} onChoose={(how) => void choose(how)} />
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
          <DialogActions
            running={creation.running}
            onStop={stop}
            onCancel={close}
            submitLabel={creation.error ? 'Try again' : 'Create'}
            disabled={creation.running || !!pending || !base || !preview || !settings}
          />
        </form>
      )}
    </ModelDialog>
  );
}
