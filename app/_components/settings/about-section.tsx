'use client';
/** Which version of Codelumi runs, and whether it is ready to open without a network. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { BUILD_INFO_PATH } from '@/lib/pwa/app-routes';
import { Section } from './section';

interface BuildInfo {
  version: string;
  build: string;
}

type OfflineReadiness = 'ready' | 'installing' | 'unavailable';

function readiness(): OfflineReadiness {
  if (!('serviceWorker' in navigator)) return 'unavailable';
  return navigator.serviceWorker.controller ? 'ready' : 'installing';
}

/** Readiness changes when a service worker takes control of the page. */
function subscribeReadiness(onChange: () => void): () => void {
  navigator.serviceWorker?.addEventListener('controllerchange', onChange);
  return () => navigator.serviceWorker?.removeEventListener('controllerchange', onChange);
}

/** The prerendered page cannot know; it says what a first visit sees. */
const readinessBeforeHydration = (): OfflineReadiness => 'installing';

const READINESS_WORDS: Record<OfflineReadiness, string> = {
  ready: 'Ready: Codelumi opens, and your conversations can be read and searched, without a network.',
  installing: 'Getting ready: Codelumi is storing its files for offline use.',
  unavailable: 'Not available in this browser (service workers are off), so Codelumi needs its server to open.',
};

export function AboutSection() {
  const [info, setInfo] = useState<BuildInfo | null>(null);
  const offline = useSyncExternalStore(subscribeReadiness, readiness, readinessBeforeHydration);

  useEffect(() => {
    // Answered by the service worker's precache: the build this page runs.
    void fetch(BUILD_INFO_PATH)
      .then((r) => (r.ok ? (r.json() as Promise<BuildInfo>) : null))
      .then(setInfo, () => setInfo(null));
  }, []);

  return (
    <Section title="About">
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        <dt className="text-muted">Version</dt>
        <dd data-testid="app-version">
          {info ? (
            <>
              Codelumi {info.version} · build <code className="font-mono">{info.build}</code>
            </>
          ) : (
            'Codelumi (development build)'
          )}
        </dd>
        <dt className="text-muted">Offline use</dt>
        <dd data-testid="offline-readiness">{READINESS_WORDS[offline]}</dd>
      </dl>
    </Section>
  );
}
