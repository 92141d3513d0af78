'use client';
/** The code runner: the time limit, which languages run by themselves, and automatic fixes. */
import { NumberSetting } from './number-setting';
import { Section } from './section';
import type { SettingsSectionProps } from './save-setting';

/** The code runner's settings. */
export function RunnerSection({ settings, save }: SettingsSectionProps) {
  return (
    <Section
      title="Code runner"
      description="Code from answers runs in a sandbox in this browser: it cannot read your conversations or settings and cannot reach the network."
    >
      <NumberSetting
        label="Time limit per run (seconds)"
        help="A run that takes longer is stopped, so an endless loop never hangs Codelumi."
        value={settings.runTimeLimitSec}
        min={1}
        max={300}
        fallback={10}
        onSave={(v) => void save('runTimeLimitSec', v)}
      />
      <fieldset className="text-sm">
        <legend className="font-medium">Run code as soon as an answer is complete</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {(['python', 'javascript', 'typescript'] as const).map((lang) => (
            <label key={lang} className="flex items-center gap-2">
              <input
                type="checkbox"
                className="h-4 w-4"
                checked={settings.autoRun[lang]}
                onChange={(e) => void save('autoRun', { ...settings.autoRun, [lang]: e.target.checked })}
              />
              {lang === 'python' ? 'Python' : lang === 'javascript' ? 'JavaScript' : 'TypeScript'}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          className="mt-0.5 h-4 w-4"
          checked={settings.autoRunSideEffects}
          onChange={(e) => void save('autoRunSideEffects', e.target.checked)}
        />
        <span>
          Also run code that uses the network, files or the page automatically
          <span className="block text-muted">
            Off: such code (and HTML or React previews) runs only when you press Run or Preview.
          </span>
        </span>
      </label>
      <label className="block text-sm">
        <span className="font-medium">Fix failing code automatically</span>
        <span className="block text-muted">
          After a run fails, ask the model for a fix and run it, up to this many attempts. Each attempt shows in the
          chat.
        </span>
        <select
          value={settings.autoFixRetries}
          onChange={(e) => void save('autoFixRetries', Number(e.target.value))}
          className="mt-1 block w-full max-w-72 rounded-lg border border-border bg-bg px-3 py-2 text-sm"
        >
          <option value={0}>Off (only when I press Fix it)</option>
          {[1, 2, 3, 4, 5].map((n) => (
            <option key={n} value={n}>
              Up to {n} attempt{n === 1 ? '' : 's'}
            </option>
          ))}
        </select>
      </label>
    </Section>
  );
}
