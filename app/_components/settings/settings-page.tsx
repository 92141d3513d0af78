'use client';
/**
 * Settings: where Ollama is, the default model and how answers are made,
 * Codelumi's personality, the code runner, appearance, the keyboard
 * shortcuts, what Codelumi stores on this device, and which version runs.
 * Every change is saved at once.
 */
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { DEFAULT_OLLAMA_HOST, normalizeHost, setSetting, type Settings } from '@/lib/db/settings';
import { checkConnection, type ConnectionState } from '@/lib/ollama/connection';
import { canChat } from '@/lib/ollama/models';
import { isCodelumiError } from '@/lib/errors';
import { PageHeader } from '../page-header';
import { useSettings } from '../../_hooks/use-settings';
import { useModels } from '../../_hooks/use-models';
import { useServices } from '../services';
import { useToasts } from '../toasts';
import { shortcutLabel } from '../shortcuts';
import { PersonalitySection } from './personality-section';
import { Section } from './section';
import { StorageSection } from './storage-section';
import { AboutSection } from './about-section';
import { NumberSetting } from './number-setting';

const CONNECTION_WORDS: Record<ConnectionState['status'], string> = {
  ready: 'Connected',
  'no-models': 'Connected, no models installed',
  unreachable: 'Nothing answers at this address',
  blocked: 'Ollama is there but blocks this page (set OLLAMA_ORIGINS)',
  'not-ollama': 'This address is not an Ollama server',
};

export default function SettingsPage() {
  const settings = useSettings();
  const { db, origin } = useServices();
  const toasts = useToasts();
  const queryClient = useQueryClient();
  const models = useModels().data ?? [];
  const [host, setHost] = useState('');
  const [hostState, setHostState] = useState<ConnectionState | 'checking' | null>(null);
  const [systemPrompt, setSystemPrompt] = useState('');

  useEffect(() => {
    if (settings) {
      setHost(settings.ollamaHost);
      setSystemPrompt(settings.globalSystemPrompt);
    }
  }, [settings]);

  if (!settings) return <PageHeader title="Settings" />;

  const save = async <K extends keyof Settings>(key: K, value: Settings[K], message?: string) => {
    try {
      await setSetting(db, key, value);
      if (message) toasts.show({ text: message });
    } catch (err) {
      toasts.show({
        tone: 'error',
        text: isCodelumiError(err) && err.code === 'quota:db'
          ? 'Storage is full: the setting was not saved. Free space by deleting old conversations.'
          : 'Could not save the setting.',
      });
    }
  };

  const saveHost = async (value: string) => {
    const normalized = normalizeHost(value);
    setHost(normalized);
    setHostState('checking');
    const state = await checkConnection(normalized, origin);
    setHostState(state);
    await save('ollamaHost', normalized);
    void queryClient.invalidateQueries();
  };

  return (
    <>
      <PageHeader title="Settings" />
      <main className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto w-full max-w-3xl space-y-6 px-4 py-6">
          <Section title="Ollama" description="Codelumi talks to your own Ollama, straight from this browser.">
            <form
              className="space-y-2"
              onSubmit={(e) => {
                e.preventDefault();
                void saveHost(host);
              }}
            >
              <label htmlFor="ollama-host" className="block text-sm font-medium">
                Address
              </label>
              <div className="flex flex-wrap gap-2">
                <input
                  id="ollama-host"
                  value={host}
                  onChange={(e) => setHost(e.target.value)}
                  className="min-w-0 flex-1 rounded-lg border border-border bg-bg px-3 py-2 font-mono text-sm"
                  spellCheck={false}
                  autoComplete="off"
                />
                <button type="submit" className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg">
                  Save and test
                </button>
                {settings.ollamaHost !== DEFAULT_OLLAMA_HOST && (
                  <button type="button" onClick={() => void saveHost(DEFAULT_OLLAMA_HOST)} className="rounded-lg border border-border px-3 py-2 text-sm hover:bg-subtle">
                    Reset
                  </button>
                )}
              </div>
              {hostState && (
                <p className="text-sm" role="status" data-testid="host-status">
                  {hostState === 'checking' ? 'Checking…' : CONNECTION_WORDS[hostState.status]}
                  {hostState !== 'checking' && (hostState.status === 'ready' || hostState.status === 'no-models') && ` · Ollama ${hostState.version}`}
                </p>
              )}
            </form>
          </Section>

          <Section title="Answers">
            <label className="block text-sm">
              <span className="font-medium">Default model for new chats</span>
              <select
                value={settings.defaultModel}
                onChange={(e) => void save('defaultModel', e.target.value, 'Default model saved')}
                className="mt-1 block w-full rounded-lg border border-border bg-bg px-3 py-2 font-mono text-sm"
              >
                <option value="">First installed chat model</option>
                {settings.defaultModel && !models.some((m) => m.name === settings.defaultModel) && (
                  <option value={settings.defaultModel}>{settings.defaultModel} (not installed)</option>
                )}
                {models.filter(canChat).map((m) => (
                  <option key={m.name} value={m.name}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
            <NumberSetting
              label="Context window (tokens)"
              help="How much of the conversation the model sees. 0 uses the model’s own length, up to 8,192. Larger windows need more memory."
              value={settings.contextLength}
              min={0}
              step={1024}
              fallback={0}
              wide
              onSave={(v) => void save('contextLength', v)}
            />
            <NumberSetting
              label="Longest answer (tokens)"
              help="An answer stops after this many tokens (about ¾ of a word each), so a model caught repeating itself cannot write forever. A longer answer stops with a Continue button for the rest."
              value={settings.maxAnswerTokens}
              min={64}
              max={131072}
              step={512}
              fallback={4096}
              wide
              onSave={(v) => void save('maxAnswerTokens', v)}
            />
            <NumberSetting
              label="Stop waiting when Ollama goes silent (seconds)"
              help="Once an answer has started, if nothing more arrives for this long Codelumi stops waiting, keeps what arrived and offers Continue. Loading a model before the first words is not counted."
              value={settings.silenceTimeoutSec}
              min={1}
              max={3600}
              fallback={60}
              onSave={(v) => void save('silenceTimeoutSec', v)}
            />
            <label className="block text-sm">
              <span className="font-medium">Keep the model loaded after an answer</span>
              <select
                value={settings.keepAlive}
                onChange={(e) => void save('keepAlive', e.target.value)}
                className="mt-1 block w-60 rounded-lg border border-border bg-bg px-3 py-2 text-sm"
              >
                <option value="0">Unload at once</option>
                <option value="5m">5 minutes (Ollama’s default)</option>
                <option value="30m">30 minutes</option>
                <option value="2h">2 hours</option>
                <option value="-1">Until Ollama stops</option>
              </select>
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={settings.autoTitle} onChange={(e) => void save('autoTitle', e.target.checked)} className="h-4 w-4" />
              Name new conversations with the model (otherwise from the first question)
            </label>
            <div className="text-sm">
              <label htmlFor="global-system-prompt" className="font-medium">
                Instructions for every chat
              </label>
              <span className="block text-muted">Added to the system prompt of every conversation.</span>
              <textarea
                id="global-system-prompt"
                value={systemPrompt}
                onChange={(e) => setSystemPrompt(e.target.value)}
                onBlur={() => systemPrompt !== settings.globalSystemPrompt && void save('globalSystemPrompt', systemPrompt, 'Instructions saved')}
                rows={4}
                placeholder="e.g. I work mostly in TypeScript and Go."
                className="mt-1 block w-full rounded-lg border border-border bg-bg p-2 text-sm"
              />
            </div>
          </Section>

          <Section title="Code runner" description="Code from answers runs in a sandbox in this browser: it cannot read your conversations or settings and cannot reach the network.">
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
              <input type="checkbox" className="mt-0.5 h-4 w-4" checked={settings.autoRunSideEffects} onChange={(e) => void save('autoRunSideEffects', e.target.checked)} />
              <span>
                Also run code that uses the network, files or the page automatically
                <span className="block text-muted">Off: such code (and HTML or React previews) runs only when you press Run or Preview.</span>
              </span>
            </label>
            <label className="block text-sm">
              <span className="font-medium">Fix failing code automatically</span>
              <span className="block text-muted">After a run fails, ask the model for a fix and run it, up to this many attempts. Each attempt shows in the chat.</span>
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

          <Section title="Personality" description="How Codelumi talks to you. In every voice it leads with code and says so when it is unsure.">
            <PersonalitySection voice={settings} onChange={(key, value) => void save(key, value as Settings[typeof key])} />
          </Section>

          <Section title="Appearance">
            <fieldset className="flex flex-wrap gap-4 text-sm">
              <legend className="sr-only">Theme</legend>
              {(['system', 'light', 'dark'] as const).map((t) => (
                <label key={t} className="flex items-center gap-2">
                  <input type="radio" name="theme" value={t} checked={settings.theme === t} onChange={() => void save('theme', t)} />
                  {t === 'system' ? 'Match the system' : t === 'light' ? 'Light' : 'Dark'}
                </label>
              ))}
            </fieldset>
          </Section>

          <Section title="Keyboard">
            <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
              {[
                ['Enter', 'Send'],
                ['Shift+Enter', 'New line'],
                ['Esc', 'Stop the answer'],
                [shortcutLabel('newChat'), 'New chat'],
                [shortcutLabel('search'), 'Search conversations'],
              ].map(([k, v]) => (
                <div key={k} className="contents">
                  <dt>
                    <kbd className="rounded border border-border bg-bg px-1.5 py-0.5 font-mono text-xs">{k}</kbd>
                  </dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          </Section>

          <StorageSection />
          <AboutSection />
        </div>
      </main>
    </>
  );
}
