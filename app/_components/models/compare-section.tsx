'use client';
/**
 * "Compare models" on the Models page: pick the model to check and the one to
 * compare it with, then Start the blind check on a few of your own past
 * questions. Preselected: your newest personal model against its base
 * (lib/personal/compare/defaults.ts).
 */
import { useId, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { canChat } from '@/lib/ollama/models';
import { defaultPair } from '@/lib/personal/compare/defaults';
import { countQuestions } from '@/lib/personal/compare/questions';
import { readiness } from '@/lib/personal/compare/readiness';
import { useModels } from '../../_hooks/use-models';
import { useSettings } from '../../_hooks/use-settings';
import { useConnection } from '../../_hooks/use-connection';
import { useServices } from '../services';
import { CompareButton } from './compare-button';
import { WinRate } from './win-rate';

export { WinRate, CompareButton };

function ModelSelect({
  label,
  value,
  models,
  onChange,
}: {
  label: string;
  value: string;
  models: string[];
  onChange: (v: string) => void;
}) {
  const id = useId();
  return (
    <div className="min-w-0 flex-1">
      <label htmlFor={id} className="block text-xs text-muted">
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="mt-1 w-full rounded-lg border border-border bg-bg px-2 py-1.5 font-mono text-sm"
      >
        {models.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The Models page's "Compare models": two model pickers (preselected by
 * `defaultPair`), Start, the note that says what is in the way
 * (`readiness`), and the win rate of the chosen pair. Start takes the pair
 * shown at that moment; the sitting keeps it (CompareButton).
 */
export function CompareSection() {
  const { db } = useServices();
  const settings = useSettings();
  const connection = useConnection();
  const models = useModels();
  const chatModels = (models.data ?? []).filter(canChat).map((m) => m.name);
  const personal = useLiveQuery(() => db.personalModels.toArray(), [db]) ?? [];
  const preset = defaultPair(chatModels, personal, settings?.defaultModel ?? '');
  const [chosen, setChosen] = useState<{ candidate?: string; baseline?: string }>({});
  const candidate = chosen.candidate && chatModels.includes(chosen.candidate) ? chosen.candidate : preset.candidate;
  const baseline = chosen.baseline && chatModels.includes(chosen.baseline) ? chosen.baseline : preset.baseline;
  const questions = useLiveQuery(() => countQuestions(db, { baseline, candidate }), [db, candidate, baseline]);
  const { canStart, note } = readiness({
    chatModels,
    candidate,
    baseline,
    reachable: connection.data?.status === 'ready',
    questions,
  });

  return (
    <section aria-labelledby="compare-title" className="space-y-3">
      <h2 id="compare-title" className="text-sm font-semibold">
        Compare models
      </h2>
      <div className="space-y-3 rounded-xl border border-border bg-panel p-4">
        <p className="text-sm text-muted">
          Does it help? Both models answer a few of your own past questions without Codelumi’s context. You see the
          answers as A and B in a shuffled order, pick the better one, and only then learn which was which. The
          questions go to your Ollama only.
        </p>
        {chatModels.length > 0 && (
          <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
            <ModelSelect
              label="Model to check"
              value={candidate}
              models={chatModels}
              onChange={(v) => setChosen((c) => ({ ...c, candidate: v }))}
            />
            <ModelSelect
              label="Compare it with"
              value={baseline}
              models={chatModels}
              onChange={(v) => setChosen((c) => ({ ...c, baseline: v }))}
            />
            <CompareButton baseline={baseline} candidate={candidate} label="Start" primary disabled={!canStart} />
          </div>
        )}
        {note && (
          <p className="text-sm" data-testid="compare-note">
            {note}
          </p>
        )}
        {candidate && baseline && candidate !== baseline && <WinRate candidate={candidate} against={baseline} />}
      </div>
    </section>
  );
}
