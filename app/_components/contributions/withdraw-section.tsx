'use client';
/**
 * "Withdraw and reset": the hub deletes everything sent under this device's
 * install key, and the device gets a new key. If the hub cannot be reached,
 * nothing changes here and the user is told to try again.
 *
 * At a tier that does not reach the hub (Isolated, after sharing), this
 * page's connect-src leaves the hub out; withdrawing is the one request a user
 * may always make, so the page reloads once with the hub allowed and then
 * withdraws (the user has already confirmed). The next load is narrow again.
 */
import { useEffect, useRef, useState } from 'react';
import { useStableCallback } from '../../_hooks/use-stable-callback';
import { withdrawHeld } from '@/lib/services/contributions';
import { CONNECT_POLICY_KEY, connectOrigins } from '@/lib/privacy/connect-policy';
import { hubBase } from '@/lib/privacy/egress';
import { isCodelumiError } from '@/lib/core/errors';
import type { Settings } from '@/lib/db/settings';
import { ConfirmDialog } from '../confirm-dialog';
import { useServices } from '../services';
import { pageMayConnect, reloadForPolicy } from '../privacy/connect-policy';

/** Set (to the time) before the reload that lets this page reach the hub to withdraw; the page withdraws once back. */
const WITHDRAW_AFTER_RELOAD = 'codelumi:withdraw-after-reload';
/** A mark older than this is not acted on: the user confirmed a withdrawal then, not whenever the page comes back. */
const RESUME_WITHIN_MS = 60_000;

export function WithdrawSection({ settings, installKey }: { settings: Settings; installKey: string | undefined }) {
  const services = useServices();
  const { platform } = services;
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  const withdraw = useStableCallback((resumed = false) => {
    setAsking(false);
    const hub = hubBase(settings.hubUrl)?.origin;
    // Back from that reload, never reload again: try from here, and say so if the page still may not reach the hub.
    if (hub && !resumed && !pageMayConnect(hub)) {
      try {
        // This load only: the mirror is written back from the settings (without the hub) once the app starts.
        localStorage.setItem(CONNECT_POLICY_KEY, JSON.stringify([...connectOrigins(settings), hub]));
        sessionStorage.setItem(WITHDRAW_AFTER_RELOAD, String(platform.now()));
        reloadForPolicy(platform.reload, 'Codelumi reloaded so this page may reach the hub once, to withdraw.');
        return;
      } catch (err) {
        console.warn('Codelumi could not reload to reach the hub; trying from this page', err);
      }
    }
    setBusy(true);
    setResult(undefined);
    withdrawHeld(services, { privacyTier: settings.privacyTier, hubUrl: settings.hubUrl })
      .then(({ deleted, discarded }) =>
        setResult({
          ok: true,
          text: `Withdrawn: the hub deleted everything sent from this device (${deleted} ${deleted === 1 ? 'record' : 'records'})${discarded ? `, and ${discarded} not yet sent ${discarded === 1 ? 'was' : 'were'} set aside` : ''}. This device has a new install key.`,
        }),
      )
      .catch((err: unknown) =>
        setResult({
          ok: false,
          text: `${isCodelumiError(err) ? err.message : String(err)} Nothing changed on this device: your key and everything listed here are as they were. Try again when the hub at ${settings.hubUrl} is reachable.`,
        }),
      )
      .finally(() => setBusy(false));
  });

  // Back from the reload that lets this page reach the hub: withdraw, as the user asked before it.
  const resumed = useRef(false);
  useEffect(() => {
    if (resumed.current) return;
    resumed.current = true;
    let pending = false;
    try {
      const markedAt = Number(sessionStorage.getItem(WITHDRAW_AFTER_RELOAD));
      sessionStorage.removeItem(WITHDRAW_AFTER_RELOAD);
      pending = markedAt > 0 && platform.now() - markedAt < RESUME_WITHIN_MS;
    } catch (err) {
      console.warn('Codelumi could not read whether a withdrawal waits', err);
    }
    if (pending) withdraw(true);
  }, [withdraw, platform]);
  return (
    <div className="space-y-3 text-sm">
      <p className="text-muted">
        Contributions carry a random install key made on this device, no account:{' '}
        <code className="break-all font-mono text-xs text-fg" data-testid="install-key">
          {installKey ?? 'none yet (made with the first batch)'}
        </code>
      </p>
      <button
        type="button"
        disabled={busy}
        onClick={() => setAsking(true)}
        className="rounded-md border border-border px-3 py-1.5 text-danger hover:bg-subtle disabled:opacity-60"
      >
        {busy ? 'Withdrawing…' : 'Withdraw and reset'}
      </button>
      {result && (
        <p
          role={result.ok ? 'status' : 'alert'}
          data-testid="withdraw-result"
          className={result.ok ? 'text-ok' : 'text-danger'}
        >
          {result.text}
        </p>
      )}
      <ConfirmDialog
        open={asking}
        title="Withdraw everything sent from this device?"
        body={`The hub at ${settings.hubUrl} deletes every batch sent with this device's install key, and the next community pack leaves them out. This device then gets a new key, and batches not yet sent are set aside.`}
        confirmLabel="Withdraw and reset"
        danger
        onConfirm={() => withdraw(false)}
        onCancel={() => setAsking(false)}
      />
    </div>
  );
}
