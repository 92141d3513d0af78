'use client';
/**
 * "Add an adapter": a model from a base plus a LoRA adapter fine-tuned
 * elsewhere (for example on Codelumi's training export). Ollama's
 * constraints are said in plain words before anything is sent.
 */
import { useState } from 'react';
import type { ModelInfo } from '@/lib/ollama/models';
import { formatBytes } from '@/lib/ollama/models';
import { describeError } from '@/lib/core/errors-text';
import { createAdapterModel, adaptersRemovedMessage, type AdapterProgress } from '@/lib/personal/adapters';
import { ADAPTERS_REMOVED_IN, takesAdapters, type AdapterFile } from '@/lib/personal/adapter-files';
import { familyOf } from '@/lib/personal/naming';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { useSettings } from '../../_hooks/use-settings';
import { useCreation } from '../../_hooks/use-personal-models';
import { CreationError, ModelDialog } from './model-dialog';
import { baseChoices } from '@/lib/personal/bases';
import { BaseSelect } from './base-select';

function progressText(p: AdapterProgress | undefined): string {
  if (!p || p.phase === 'checking') return 'Checking Ollama and the base model…';
  const percent = (done: number, total: number) => (total > 0 ? `${Math.floor((done / total) * 100)}%` : '');
  if (p.phase === 'hashing') return `Computing the checksum of ${p.file}: ${percent(p.done, p.total)}`;
  if (p.phase === 'uploading')
    return `Sending ${p.file} to Ollama: ${percent(p.done, p.total)} of ${formatBytes(p.total)}`;
  if (p.phase === 'already-there') return `Ollama already has ${p.file}.`;
  if (p.phase !== 'creating') return '';
  return `${p.status.charAt(0).toUpperCase()}${p.status.slice(1)}…`;
}

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
  const base = choices.some((m) => m.name === picked) ? picked : (choices[0]?.name ?? '');
  const [name, setName] = useState('tuned');
  const creation = useCreation<AdapterProgress>();
  const refused = ollamaVersion !== undefined && !takesAdapters(ollamaVersion);
  const error = creation.error ? describeError(creation.error) : undefined;

  const add = async () => {
    const row = await creation.run((onProgress) =>
      createAdapterModel(db, { host: settings!.ollamaHost, files, base, name, onProgress, origin: location.origin }),
    );
    if (!row) return;
    toasts.show({ text: `Created ${row.name} from ${row.base} and ${row.inputs.adapter?.file}` });
    onCreated();
    onClose();
  };

  return (
    <ModelDialog open={open} title="Add an adapter" titleId="adapter-title" busy={creation.running} onClose={onClose}>
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
            <p role="status" className="text-sm" data-testid="adapter-status">
              {progressText(creation.progress)}
            </p>
          )}
          {error && <CreationError title={error.title} body={error.body} command={error.command} />}
          <div className="flex justify-end gap-2">
            <button
              type="button"
              onClick={onClose}
              disabled={creation.running}
              className="rounded-md px-3 py-1.5 text-sm hover:bg-subtle disabled:opacity-50"
            >
              Cancel
            </button>
            <button
              type="submit"
              disabled={creation.running || files.length === 0 || !base || refused}
              className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg disabled:opacity-50"
            >
              {creation.running ? 'Adding…' : 'Add adapter'}
            </button>
          </div>
        </form>
      )}
    </ModelDialog>
  );
}
