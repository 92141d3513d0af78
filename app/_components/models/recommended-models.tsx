'use client';
import { usePulls } from '../../_hooks/use-pulls';
import { useServices } from '../services';
import { DownloadIcon } from '../icons';
import { PullProgressRow } from './pull-progress';

/** Coding models worth starting with; sizes are Ollama's published download sizes. */
export const RECOMMENDED_MODELS = [
  { name: 'qwen2.5-coder:7b', note: 'Strong coding model · about 4.7 GB · 8 GB RAM or more' },
  { name: 'qwen2.5-coder:1.5b', note: 'Small and fast · about 1 GB · any machine' },
  { name: 'llama3.2:3b', note: 'General assistant · about 2 GB' },
];

/** One-click pulls of the recommended models, with their progress. */
export function RecommendedModels() {
  const { pulls } = useServices();
  const active = usePulls();
  return (
    <div className="mt-4 space-y-2">
      {RECOMMENDED_MODELS.map((m) => {
        const state = active.find((p) => p.model === m.name);
        if (state) return <PullProgressRow key={m.name} state={state} />;
        return (
          <div key={m.name} className="flex flex-wrap items-center gap-3 rounded-lg border border-border bg-bg p-3">
            <div className="min-w-0 flex-1">
              <div className="font-mono text-sm font-medium">{m.name}</div>
              <div className="text-xs text-muted">{m.note}</div>
            </div>
            <button
              type="button"
              onClick={() => pulls.start(m.name)}
              className="inline-flex items-center gap-1.5 rounded-lg bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg hover:opacity-90"
            >
              <DownloadIcon /> Download {m.name}
            </button>
          </div>
        );
      })}
    </div>
  );
}
