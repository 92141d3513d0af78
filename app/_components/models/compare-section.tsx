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
import { answeredQuestions, pickQuestions } from '@/lib/personal/compare/questions';
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
  const questions = useLiveQuery(async () => {
    const all = (await answeredQuestions(db)).length;
    const left = candidate && baseline ? (await pickQuestions(db, { baseline, candidate }, { seed: 0 })).length : 0;
    return { all, left };
  }, [db, candidate, baseline]);
  const reachable = connection.data?.status === 'ready';

  let note: string | undefined;
  if (questions?.all === 0)
    note =
      'The check needs a few of your own questions first: ask Codelumi a few things in a chat, then come back. It asks both models some of them.';
  else if (chatModels.length < 2) note = 'Install a second chat model to compare with.';
  else if (candidate === baseline) note = 'Pick two different models.';
  else if (questions?.left === 0)
    note = `You have judged every past question Codelumi can ask for these two models. Ask a few new questions in a chat, then check again.`;

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
            <CompareButton
              baseline={baseline}
              candidate={candidate}
              label="Start"
              primary
              disabled={!reachable || !!note || !questions}
            />
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
