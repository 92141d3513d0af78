'use client';
/** Where Ollama is: the address, saved and tested at once, and what answers there. */
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { DEFAULT_OLLAMA_HOST, normalizeHost } from '@/lib/db/settings';
import { checkConnection, type ConnectionState } from '@/lib/ollama/connection';
import { isOnThisMachine } from '@/lib/privacy/local-host';
import { useServices } from '../services';
import { mirrorConnectPolicy, pageMayConnect, reloadForPolicy } from '../privacy/connect-policy';
import { RemoteOllamaNote } from '../privacy/remote-ollama-note';
import { Section } from './section';
import type { SettingsSectionProps } from './save-setting';

const CONNECTION_WORDS: Record<ConnectionState['status'], string> = {
  ready: 'Connected',
  'no-models': 'Connected, no models installed',
  unreachable: 'Nothing answers at this address',
  blocked: 'Ollama is there but blocks this page (set OLLAMA_ORIGINS)',
  'not-ollama': 'This address is not an Ollama server',
};

/** Set when saving an address reloads the page (its policy did not allow the new one): the test runs after the reload. */
const TEST_AFTER_RELOAD_KEY = 'codelumi:test-host';

/** The Ollama address; saving it tests the connection and refreshes everything read from Ollama. */
export function OllamaSection({ settings, save }: SettingsSectionProps) {
  const { origin, platform } = useServices();
  const queryClient = useQueryClient();
  const [host, setHost] = useState(settings.ollamaHost);
  // The address was saved just before a reload: it is tested once the page, now allowed to reach it, is back.
  const [pendingTest] = useState(() =>
    typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(TEST_AFTER_RELOAD_KEY),
  );
  const [hostState, setHostState] = useState<ConnectionState | 'checking' | 'reloading' | null>(
    pendingTest ? 'checking' : null,
  );
  useEffect(() => {
    if (!pendingTest) return;
    sessionStorage.removeItem(TEST_AFTER_RELOAD_KEY);
    let live = true;
    void checkConnection(pendingTest, origin).then((state) => live && setHostState(state));
    return () => {
      live = false;
    };
  }, [pendingTest, origin]);

  const test = async (address: string) => {
    setHostState('checking');
    setHostState(await checkConnection(address, origin));
  };

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
    if (!pageMayConnect(normalized)) {
      // This page's connect-src was narrowed at boot to the old address: save, then reload with the new one.
      setHostState('reloading');
      await save('ollamaHost', normalized);
      mirrorConnectPolicy({ ...settings, ollamaHost: normalized });
      sessionStorage.setItem(TEST_AFTER_RELOAD_KEY, normalized);
      reloadForPolicy(() => platform.reload(), 'Ollama address saved. Codelumi reloaded so this page may reach it.');
      return;
    }
    await test(normalized);
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
            className="min-w-0 flex-1 basis-full rounded-lg border border-border bg-bg px-3 py-2 font-mono text-sm sm:basis-0"
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
            {hostState === 'checking'
              ? 'Checking…'
              : hostState === 'reloading'
                ? 'Saved. Reloading so this page may reach the new address…'
                : CONNECTION_WORDS[hostState.status]}
            {hostState !== 'checking' &&
              hostState !== 'reloading' &&
              (hostState.status === 'ready' || hostState.status === 'no-models') &&
              ` · Ollama ${hostState.version}`}
          </p>
        )}
        {!isOnThisMachine(settings.ollamaHost) && <RemoteOllamaNote host={settings.ollamaHost} />}
      </form>
    </Section>
  );
}
