'use client';
/**
 * "Add an adapter": a model from a base plus a LoRA adapter fine-tuned
 * elsewhere (for example on Codelumi's training export). Ollama's
 * constraints are said in plain words before anything is sent.
 */
import { useRef, useState } from 'react';
import type { ModelInfo } from '@/lib/ollama/models';
import { formatBytes } from '@/lib/ollama/models';
import { describeCreateError } from '@/lib/personal/error-text';
import { adapterProgressText, progressFraction } from '@/lib/personal/adapter-progress';
import { createAdapterModel, adaptersRemovedMessage, type AdapterProgress } from '@/lib/personal/adapters';
import { ADAPTERS_REMOVED_IN, takesAdapters, type AdapterFile } from '@/lib/personal/adapter-files';
import { familyOf } from '@/lib/personal/naming';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { useSettings } from '../../_hooks/use-settings';
import { useCreation } from '../../_hooks/use-personal-models';
import { CreationError, DialogActions, ModelDialog } from './model-dialog';
import { baseChoices, chooseBase } from '@/lib/personal/bases';
import { BaseSelect } from './base-select';

/**
 * The "Add an adapter" dialog: Ollama's constraints in words, the files, the
 * base and name, then the check, hash, upload and create with a progress bar.
 * Cancel (or Esc) stops whichever step is running and says what was kept.
 */
export function AdapterDialog({
  open,
  models,
  ollamaVersion,
  onClose,
  onCreated,
}: {
  open: boolean;
  models: readonly ModelInfo[];
  ollamaVersion?: string;
  onClose: () => void;
  onCreated: () => void;
}) {
  const { db } = useServices();
  const settings = useSettings();
  const toasts = useToasts();
  const choices = baseChoices(models);
  const [files, setFiles] = useState<AdapterFile[]>([]);
  const [picked, setBase] = useState('');
  const base = chooseBase(picked, undefined, choices);
  const [name, setName] = useState('tuned');
  const creation = useCreation<AdapterProgress>();
  const refused = ollamaVersion !== undefined && !takesAdapters(ollamaVersion);
  const error = creation.error ? describeCreateError(creation.error) : undefined;
  // The running creation's stop: Cancel and Esc abort hashing, upload or create through it.
  const stopper = useRef<AbortController | undefined>(undefined);

  const add = async () => {
    if (!settings) return;
    const stop = new AbortController();
    stopper.current = stop;
    const host = settings.ollamaHost;
    const row = await creation.run((onProgress) =>
      createAdapterModel(db, {
        host,
        files,
        base,
        name,
        onProgress,
        origin: location.origin,
        signal: stop.signal,
      }),
    );
    stopper.current = undefined;
    if (!row) return;
    toasts.show({ text: `Created ${row.name} from ${row.base} and ${row.inputs.adapter?.file}` });
    onCreated();
    close();
  };
  const stop = () => stopper.current?.abort();
  // Closing clears the last error, so the dialog opened again starts clean.
  const close = () => {
    creation.reset();
    onClose();
  };
  const fraction = progressFraction(creation.progress);

  return (
    <ModelDialog
      open={open}
      title="Add an adapter"
      titleId="adapter-title"
      busy={creation.running}
      onStop={stop}
      onClose={close}
    >
      <p className="mt-1 text-sm text-muted">
        Fine-tuned a LoRA adapter elsewhere (for example on the training data Codelumi exports)? Ollama can run it on
        top of the base model it was trained on.
      </p>
      <ul className="mt-3 list-disc space-y-1 pl-5 text-sm" aria-label="What Ollama needs">
        <li>
          Choose <strong>the same base model the adapter was trained on</strong>. On another base it gives erratic
          answers, and Ollama cannot tell.
        </li>
        <li>
          A <strong>GGUF adapter</strong> is one .gguf file (llama.cpp’s convert_lora_to_gguf.py makes one). Ollama
          takes one adapter per model.
        </li>
        <li>
          A <strong>Safetensors adapter</strong> is its .safetensors file together with its adapter_config.json. Ollama
          converts those only for Llama and Gemma 2 bases; for others, convert it to GGUF first.
        </li>
        <li>
          Prefer an adapter trained without quantization (LoRA, not QLoRA): fine-tuning tools quantize differently from
          Ollama, and a quantized adapter may not fit the base.
        </li>
        <li>
          The files are checked and sent to your Ollama at {settings?.ollamaHost}; nothing goes anywhere else. Ollama
          {` ${ADAPTERS_REMOVED_IN}`} and later no longer take adapters at all.
        </li>
      </ul>
      {refused && ollamaVersion && (
        <CreationError title="Your Ollama does not take adapters" body={adaptersRemovedMessage(ollamaVersion)} />
      )}
      {choices.length === 0 ? (
        <p className="mt-4 text-sm">
          Install the base model the adapter was trained on first (above, “Download a model”).
        </p>
      ) : (
        <form
          className="mt-4 space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (!creation.running && files.length > 0 && base) void add();
          }}
        >
          <label className="block text-sm">
            <span className="font-medium">Adapter file(s)</span>
            <input
              type="file"
              multiple
              accept=".gguf,.safetensors,.json"
              disabled={creation.running}
              onChange={(e) => setFiles([...(e.target.files ?? [])])}
              className="mt-1 block w-full text-sm"
            />
          </label>
          {files.length > 0 && (
            <ul className="text-xs text-muted">
              {files.map((f) => (
                <li key={f.name}>
                  {f.name} · {formatBytes(f.size)}
                </li>
              ))}
            </ul>
          )}
          <div className="grid gap-3 sm:grid-cols-2">
            <BaseSelect
              choices={choices}
              value={base}
              onChange={setBase}
              disabled={creation.running}
              label="Base it was trained on"
            />
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
          </div>
          <p className="text-sm">
            Will be created as <code className="font-mono font-semibold">{familyOf(name)}:v…</code> (the next version)
          </p>
          {creation.running && (
            <div className="space-y-1">
              {fraction !== undefined && (
                <progress
                  value={fraction}
                  max={1}
                  aria-label="Adapter progress"
                  className="h-2 w-full accent-[var(--accent)]"
                />
              )}
              <p role="status" className="text-sm" data-testid="adapter-status">
                {adapterProgressText(creation.progress)}
              </p>
            </div>
          )}
          {error && <CreationError title={error.title} body={error.body} command={error.command} />}
          <DialogActions
            running={creation.running}
            onStop={stop}
            onCancel={close}
            submitLabel={creation.running ? 'Adding…' : 'Add adapter'}
            disabled={creation.running || files.length === 0 || !base || refused}
          />
        </form>
      )}
    </ModelDialog>
  );
}
