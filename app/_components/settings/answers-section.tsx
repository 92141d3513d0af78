'use client';
/** How answers are made: the default model, context and answer lengths, keep-alive, titles, instructions for every chat. */
import { useState } from 'react';
import { canChat } from '@/lib/ollama/models';
import { useModels } from '../../_hooks/use-models';
import { NumberSetting } from './number-setting';
import { Section } from './section';
import type { SettingsSectionProps } from './save-setting';

/** The settings of answers; the instructions for every chat are saved when the field loses focus. */
export function AnswersSection({ settings, save }: SettingsSectionProps) {
  const models = useModels().data ?? [];
  const [systemPrompt, setSystemPrompt] = useState(settings.globalSystemPrompt);

  // A saved change of any setting shows the stored instructions again (as the whole page did before its split).
  // Adjusted during render, not in an effect: the settings object keeps its identity until a value changes.
  const [settingsShown, setSettingsShown] = useState(settings);
  if (settings !== settingsShown) {
    setSettingsShown(settings);
    setSystemPrompt(settings.globalSystemPrompt);
  }

  return (
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
        <input
          type="checkbox"
          checked={settings.autoTitle}
          onChange={(e) => void save('autoTitle', e.target.checked)}
          className="h-4 w-4"
        />
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
          onBlur={() =>
            systemPrompt !== settings.globalSystemPrompt &&
            void save('globalSystemPrompt', systemPrompt, 'Instructions saved')
          }
          rows={4}
          placeholder="e.g. I work mostly in TypeScript and Go."
          className="mt-1 block w-full rounded-lg border border-border bg-bg p-2 text-sm"
        />
      </div>
    </Section>
  );
}
