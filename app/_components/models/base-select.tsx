'use client';
import type { ModelInfo } from '@/lib/ollama/models';

/** The base model picker of the create and adapter dialogs. */
export function BaseSelect({
  choices,
  value,
  onChange,
  disabled,
  label = 'Base model',
}: {
  choices: readonly ModelInfo[];
  value: string;
  onChange: (name: string) => void;
  disabled?: boolean;
  label?: string;
}) {
  return (
    <label className="block text-sm">
      <span className="font-medium">{label}</span>
      <select
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        className="mt-1 w-full rounded-lg border border-border bg-bg px-3 py-2 font-mono text-sm"
      >
        {choices.map((m) => (
          <option key={m.name} value={m.name}>
            {m.name}
            {m.parameterSize ? ` · ${m.parameterSize}` : ''}
            {m.quantization ? ` · ${m.quantization}` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
