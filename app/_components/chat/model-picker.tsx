'use client';
/** Chooses the model of a conversation (or of the next new chat) among the installed chat models. */
import { canChat } from '@/lib/ollama/models';
import { useModels } from '../../_hooks/use-models';

export function ModelPicker({ value, onChange }: { value: string; onChange: (model: string) => void }) {
  // isLoading, not isPending: while Ollama is unreachable the list is not loading, it is unavailable.
  const { data: models, isLoading } = useModels();
  const chatModels = (models ?? []).filter(canChat);
  const missing = value && models && !models.some((m) => m.name === value);
  return (
    <label className="flex min-w-0 shrink items-center gap-1.5 text-sm">
      <span className="sr-only">Model</span>
      <select
        id="model-picker"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="w-full min-w-0 max-w-[11rem] truncate rounded-md border border-border bg-bg px-2 py-1 font-mono text-xs sm:max-w-[16rem]"
        aria-label="Model for this chat"
      >
        {!value && <option value="">{isLoading ? 'Loading models…' : 'Choose a model'}</option>}
        {missing && <option value={value}>{value} (not installed)</option>}
        {chatModels.map((m) => (
          <option key={m.name} value={m.name}>
            {m.name}
            {m.parameterSize ? ` · ${m.parameterSize}` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
