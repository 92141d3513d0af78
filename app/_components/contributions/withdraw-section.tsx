'use client';
/**
 * "Withdraw and reset": the hub deletes everything sent under this device's
 * install key, and the device gets a new key. If the hub cannot be reached,
 * nothing changes here and the user is told to try again.
 */
import { useState } from 'react';
import { withdrawAndReset } from '@/lib/community/withdraw';
import { isCodelumiError } from '@/lib/core/errors';
import type { Settings } from '@/lib/db/settings';
import { ConfirmDialog } from '../confirm-dialog';
import { useServices } from '../services';

export function WithdrawSection({ settings, installKey }: { settings: Settings; installKey: string | undefined }) {
  const { db, platform } = useServices();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  const withdraw = () => {
    setAsking(false);
    setBusy(true);
    setResult(undefined);
    withdrawAndReset(db, { privacyTier: settings.privacyTier, hubUrl: settings.hubUrl }, platform.now())
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
  };
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
        onConfirm={withdraw}
        onCancel={() => setAsking(false)}
      />
    </div>
  );
}
