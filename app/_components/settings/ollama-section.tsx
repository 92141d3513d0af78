'use client';
/** Where Ollama is: the address, saved and tested at once, and what answers there. */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { DEFAULT_OLLAMA_HOST, normalizeHost } from '@/lib/db/settings';
import { checkConnection, type ConnectionState } from '@/lib/ollama/connection';
import { useServices } from '../services';
import { Section } from './section';
import type { SettingsSectionProps } from './save-setting';

const CONNECTION_WORDS: Record<ConnectionState['status'], string> = {
  ready: 'Connected',
  'no-models': 'Connected, no models installed',
  unreachable: 'Nothing answers at this address',
  blocked: 'Ollama is there but blocks this page (set OLLAMA_ORIGINS)',
  'not-ollama': 'This address is not an Ollama server',
};

/** The Ollama address; saving it tests the connection and refreshes everything read from Ollama. */
export function OllamaSection({ settings, save }: SettingsSectionProps) {
  const { origin } = useServices();
  const queryClient = useQueryClient();
  const [host, setHost] = useState(settings.ollamaHost);
  const [hostState, setHostState] = useState<ConnectionState | 'checking' | null>(null);

  // A saved change of any setting shows the stored address again (as the whole page did before its split).
  // Adjusted during render, not in an effect: the settings object keeps its identity until a value changes.
  const [settingsShown, setSettingsShown] = useState(settings);
  if (settings !== settingsShown) {
    setSettingsShown(settings);
    setHost(settings.ollamaHost);
  }

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
            <button
              type="button"
              onClick={() => void saveHost(DEFAULT_OLLAMA_HOST)}
              className="rounded-lg border border-border px-3 py-2 text-sm hover:bg-subtle"
            >
              Reset
            </button>
          )}
        </div>
        {hostState && (
          <p className="text-sm" role="status" data-testid="host-status">
            {hostState === 'checking' ? 'Checking…' : CONNECTION_WORDS[hostState.status]}
            {hostState !== 'checking' &&
              (hostState.status === 'ready' || hostState.status === 'no-models') &&
              ` · Ollama ${hostState.version}`}
          </p>
        )}
      </form>
    </Section>
  );
}
