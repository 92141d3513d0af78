'use client';
/**
 * Privacy: the tier (what Codelumi shares with the Codelumi Hub and what it
 * receives), the hub's address, the community pack received, and plainly
 * what leaves this device and what never does.
 */
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { DEFAULT_HUB_URL } from '@/lib/db/settings';
import { describeError } from '@/lib/core/errors-text';
import { hubBase } from '@/lib/privacy/egress';
import { tierAllows, type PrivacyTier } from '@/lib/privacy/tiers';
import { readStoredPack } from '@/lib/community/pack/store';
import { checkPackNow } from '@/lib/services/community';
import { useServices } from '../services';
import { TierChoice } from '../privacy/tier-choice';
import { useChangeTier } from '../privacy/use-change-tier';
import { mirrorConnectPolicy, pageMayConnect, reloadForPolicy } from '../privacy/connect-policy';
import { Section } from './section';
import type { SettingsSectionProps } from './save-setting';

/** What leaves this device at each tier, besides prompts to the user's own Ollama. */
const LEAVES: Record<PrivacyTier, string> = {
  0: 'Nothing. Codelumi makes no request to any address but this app and your Ollama.',
  1: 'A request for the community pack, at most once a day. It carries nothing about you: no key, no cookies, no usage.',
  2: 'The daily request for the community pack, and weekly counts of reactions to answers (thanks, errors, “that’s wrong”) per kind of question, under a random key made on this device. You see every batch before it is sent.',
  3: 'The daily request for the community pack, the weekly counts of reactions per kind of question, and which answer styles worked for which kinds of question, with their counts and a description generated from those two keys, never from your words. You see every batch before it is sent.',
};

const formatDate = (ms: number | string) =>
  new Date(ms).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });

/** The community pack as received: version and date, or why there is none, and Check now. */
function PackStatus() {
  const services = useServices();
  const stored = useLiveQuery(() => readStoredPack(services.db), [services.db]);
  const [checking, setChecking] = useState(false);
  if (!stored) return null;
  const error = stored.lastError && describeError(stored.lastError);
  return (
    <div className="space-y-2 text-sm" data-testid="pack-status">
      <p className="font-medium">Community pack</p>
      <p className="text-muted" role="status">
        {stored.pack
          ? `Version ${stored.pack.version}, published ${formatDate(stored.pack.publishedAt)} (${stored.pack.kinds.length} ${stored.pack.kinds.length === 1 ? 'kind' : 'kinds'} of question). Your own results override it as they grow.`
          : stored.noPackYet
            ? 'The hub has not published a pack yet.'
            : 'No pack received yet.'}
        {stored.checkedAt !== undefined && ` Last checked ${formatDate(stored.checkedAt)}.`}
      </p>
      {error && (
        <p className="text-danger" role="alert">
          {error.title}. {error.body}
        </p>
      )}
      <button
        type="button"
        disabled={checking}
        onClick={() => {
          setChecking(true);
          void checkPackNow(services)
            .catch((err: unknown) => console.error('Codelumi could not check the community pack', err))
            .finally(() => setChecking(false));
        }}
        className="rounded-lg border border-border px-3 py-1.5 text-sm hover:bg-subtle disabled:opacity-60"
      >
        {checking ? 'Checking…' : 'Check now'}
      </button>
    </div>
  );
}

/** The hub's address: validated, saved, reset to the one `npm run hub` starts. */
function HubAddress({ settings, save }: SettingsSectionProps) {
  const { platform } = useServices();
  const [address, setAddress] = useState(settings.hubUrl);
  const [problem, setProblem] = useState<string | null>(null);
  const [shown, setShown] = useState(settings.hubUrl);
  if (settings.hubUrl !== shown) {
    setShown(settings.hubUrl);
    setAddress(settings.hubUrl);
  }
  const saveAddress = async (value: string) => {
    const base = hubBase(value);
    if (!base) {
      setProblem('Not a hub address: use http:// or https:// and a host, like http://127.0.0.1:8787.');
      return;
    }
    setProblem(null);
    const hubUrl = base.href.replace(/\/$/, '');
    setAddress(hubUrl);
    await save('hubUrl', hubUrl, 'Hub address saved');
    if (!pageMayConnect(hubUrl)) {
      mirrorConnectPolicy({ ...settings, hubUrl });
      reloadForPolicy(() => platform.reload(), 'Hub address saved. Codelumi reloaded so this page may reach it.');
    }
  };
  return (
    <form
      className="space-y-2"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void saveAddress(address);
      }}
    >
      <label htmlFor="hub-url" className="block text-sm font-medium">
        Hub address
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id="hub-url"
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'hub-url-problem' : 'hub-url-help'}
          className="min-w-0 flex-1 basis-full rounded-lg border border-border bg-bg px-3 py-2 font-mono text-sm sm:basis-0"
          spellCheck={false}
          autoComplete="off"
        />
        <button type="submit" className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg">
          Save address
        </button>
        {settings.hubUrl !== DEFAULT_HUB_URL && (
          <button
            type="button"
            onClick={() => void saveAddress(DEFAULT_HUB_URL)}
            className="rounded-lg border border-border px-3 py-2 text-sm hover:bg-subtle"
          >
            Reset
          </button>
        )}
      </div>
      {problem ? (
        <p id="hub-url-problem" className="text-sm text-danger" role="alert">
          {problem}
        </p>
      ) : (
        <p id="hub-url-help" className="text-sm text-muted">
          The default is the hub <code className="font-mono">npm run hub</code> starts on this machine.
        </p>
      )}
    </form>
  );
}

/** The Privacy settings. */
export function PrivacySection({ settings, save }: SettingsSectionProps) {
  const changeTier = useChangeTier();
  const [changing, setChanging] = useState(false);
  const tier = settings.privacyTier;
  return (
    <Section
      title="Privacy"
      description="Codelumi learns on this device. You choose whether it also receives what works for other Codelumi users, and whether it shares what works for you, through the Codelumi Hub."
    >
      <TierChoice
        name="privacy-tier"
        legend="Privacy tier"
        value={tier}
        disabled={changing}
        onChange={(next) => {
          setChanging(true);
          void changeTier(next, settings.hubUrl).finally(() => setChanging(false));
        }}
      />
      <div className="space-y-1 text-sm" data-testid="privacy-leaves">
        <p>
          <span className="font-medium">What leaves this device: </span>
          {LEAVES[tier]}
        </p>
        <p>
          <span className="font-medium">What never leaves, at any tier: </span>
          your code and project files, file names and paths, keys, tokens and passwords, your questions and answers as
          you wrote them, and anything personal. Prompts go only to your Ollama.
        </p>
        <p className="text-muted">
          Going down a tier takes effect at once: what is waiting to be sent and the tier no longer allows is discarded,
          and at Isolated the community pack received is deleted.
        </p>
      </div>
      {tierAllows(tier, 'pack') && (
        <>
          <HubAddress settings={settings} save={save} />
          <PackStatus />
        </>
      )}
    </Section>
  );
}
