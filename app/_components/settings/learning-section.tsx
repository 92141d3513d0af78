'use client';
/** Learning: the optional judge, a second opinion from the local model on follow-ups the detector found unclear. */
import { useLiveQuery } from 'dexie-react-hooks';
import { canChat } from '@/lib/ollama/models';
import { JUDGE_HOURLY_LIMIT, judgeStats } from '@/lib/learning/judge/judge';
import { useModels } from '../../_hooks/use-models';
import { useServices } from '../services';
import { Section } from './section';
import type { SettingsSectionProps } from './save-setting';

/** What the judge has done so far, in one line; nothing before its first request. */
function JudgeActivity() {
  const { db } = useServices();
  const stats = useLiveQuery(() => judgeStats(db), [db]);
  if (!stats) return null;
  const verdicts = stats.changed + stats.agreed + stats.unsure;
  if (verdicts + stats.failed === 0) return <p className="text-muted">No follow-up has been judged yet.</p>;
  return (
    <div className="text-muted" data-testid="judge-activity">
      <p>
        {verdicts.toLocaleString('en')} {verdicts === 1 ? 'verdict' : 'verdicts'}: {stats.changed} changed a signal,{' '}
        {stats.agreed} agreed with Codelumi, {stats.unsure} too unsure to act on
        {stats.failed ? `; ${stats.failed} failed` : ''}.
      </p>
      {stats.lastError && (
        <p role="status" className="mt-1 text-danger">
          Last problem: {stats.lastError}
        </p>
      )}
    </div>
  );
}

/** The Learning settings. */
export function LearningSection({ settings, save }: SettingsSectionProps) {
  const models = (useModels().data ?? []).filter(canChat);
  return (
    <Section
      title="Learning"
      description="Codelumi reads how you react to each answer (thanks, “that’s wrong”, an error you paste) and learns from it. Every signal shows under its answer, where you can correct it."
    >
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          className="mt-0.5 h-4 w-4"
          checked={settings.signalJudge}
          onChange={(e) =>
            void save('signalJudge', e.target.checked, e.target.checked ? 'Second opinion on' : 'Second opinion off')
          }
        />
        <span>
          Ask my model about unclear reactions
          <span className="block text-muted">
            When Codelumi cannot tell what a follow-up meant, your Ollama model is asked while it is idle, at most{' '}
            {JUDGE_HOURLY_LIMIT} times an hour, and its verdict can change the signal. It waits while an answer is being
            written and steps aside when you send a question. Your corrections always win.
          </span>
        </span>
      </label>
      {settings.signalJudge && (
        <label className="block text-sm">
          <span className="font-medium">Model to ask</span>
          <select
            value={settings.signalJudgeModel}
            onChange={(e) => void save('signalJudgeModel', e.target.value)}
            className="mt-1 block w-full max-w-96 rounded-lg border border-border bg-bg px-3 py-2 font-mono text-sm"
          >
            <option value="">The model that wrote the answer</option>
            {settings.signalJudgeModel && !models.some((m) => m.name === settings.signalJudgeModel) && (
              <option value={settings.signalJudgeModel}>{settings.signalJudgeModel} (not installed)</option>
            )}
            {models.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="text-sm">
        <JudgeActivity />
      </div>
    </Section>
  );
}
