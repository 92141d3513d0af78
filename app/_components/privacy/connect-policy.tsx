'use client';
/**
 * Keeps the boot script's mirror of where the page may connect
 * (lib/privacy/connect-policy.ts) in step with the settings, and, when the
 * settings now need an origin this page's policy was not given at boot (the
 * address changed in another tab, or a backup was restored), reloads once at
 * start or offers a reload later. Settings' own changes reload by themselves.
 */
import { useEffect, useRef } from 'react';
import { APPLIED_CONNECT_GLOBAL, CONNECT_POLICY_KEY, connectOrigins, policyAllows } from '@/lib/privacy/connect-policy';
import type { Settings } from '@/lib/db/settings';
import { useSettings } from '../../_hooks/use-settings';
import { useServices } from '../services';
import { useToasts } from '../toasts';

/** The origins this page's policy was narrowed to at boot; undefined when it was not narrowed. */
function appliedOrigins(): readonly string[] | undefined {
  return (window as unknown as Record<string, string[] | undefined>)[APPLIED_CONNECT_GLOBAL];
}

/** Whether this page may send requests to `address` now (its boot policy allows it). */
export function pageMayConnect(address: string): boolean {
  return policyAllows(appliedOrigins(), address);
}

/** Writes the mirror the next boot narrows the page to. */
export function mirrorConnectPolicy(settings: Pick<Settings, 'ollamaHost' | 'privacyTier' | 'hubUrl'>): void {
  try {
    localStorage.setItem(CONNECT_POLICY_KEY, JSON.stringify(connectOrigins(settings)));
  } catch (err) {
    // Without storage the next boot adds no narrower policy; the static one and the egress gate still hold.
    console.warn('Codelumi could not remember its connect-src', err);
  }
}

/** Why the page last reloaded for its policy, said once after the reload. */
const RELOAD_REASON_KEY = 'codelumi:connect-reload-reason';

/**
 * Reloads the page so its connect-src includes what the settings now need
 * (write the mirror first); `reason` is shown in a notice after the reload.
 */
export function reloadForPolicy(reload: () => void, reason: string): void {
  try {
    sessionStorage.setItem(RELOAD_REASON_KEY, reason);
  } catch (err) {
    console.warn('Codelumi could not keep why it reloads', err);
  }
  reload();
}

/** Set before a reload this page does for its policy, so a stale mirror never makes it reload in a loop. */
const RELOADED_KEY = 'codelumi:connect-reloaded';

/** The settings' origins this page may not reach; empty when it may reach them all. */
function missingOrigins(settings: Settings): string[] {
  return connectOrigins(settings).filter((origin) => !pageMayConnect(origin));
}

/** Follows the settings; renders a notice with a Reload button when the page must reload to reach a new address. */
export function ConnectPolicyController() {
  const settings = useSettings();
  const { platform } = useServices();
  const toasts = useToasts();
  const firstRead = useRef(true);
  const missing = settings ? missingOrigins(settings) : [];

  // The page reloaded for its policy (a new Ollama address, a tier that reaches the hub): say so once.
  useEffect(() => {
    const reason = sessionStorage.getItem(RELOAD_REASON_KEY);
    if (!reason) return;
    sessionStorage.removeItem(RELOAD_REASON_KEY);
    toasts.show({ text: reason, tone: 'success', durationMs: 10_000 });
  }, [toasts]);

  const lacking = missing.join(' ');
  useEffect(() => {
    if (!settings) return;
    mirrorConnectPolicy(settings);
    const atBoot = firstRead.current;
    firstRead.current = false;
    let reloadedOnce = true; // without session storage, never reload by ourselves: the notice offers it
    try {
      reloadedOnce = sessionStorage.getItem(RELOADED_KEY) === '1';
      if (!lacking) sessionStorage.removeItem(RELOADED_KEY);
      else if (atBoot && !reloadedOnce) {
        // The mirror was stale at boot (settings changed where this page could not see it): start again with the right one.
        sessionStorage.setItem(RELOADED_KEY, '1');
        platform.reload();
      }
    } catch (err) {
      console.warn('Codelumi could not check its connect-src', err);
    }
  }, [settings, lacking, platform]);

  if (!missing.length) return null;
  return (
    <div
      role="region"
      aria-label="Network policy"
      data-testid="connect-reload"
      data-keeps-focus
      className="flex shrink-0 items-center gap-3 border-b border-warn/30 bg-warn-soft px-4 py-2 text-sm text-fg"
    >
      <span className="min-w-0 flex-1" role="status">
        Codelumi now connects to {missing.join(' and ')}. Reload so this page may reach it.
      </span>
      <button
        type="button"
        onClick={() => platform.reload()}
        className="rounded-md bg-accent px-3 py-1 text-xs font-semibold text-accent-fg hover:opacity-90"
      >
        Reload
      </button>
    </div>
  );
}
